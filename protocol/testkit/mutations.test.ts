import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SKSML_NS, XSI_NS } from '../model/namespaces.ts';
import { parseXml } from '../xml/intake.ts';
import { childElements, directText, type XmlElement } from '../xml/tree.ts';
import { writeXml } from '../xml/writer.ts';
import {
  arbitraryMutation,
  elementAt,
  locateElements,
  mutationByName,
  mutationCandidates,
  MUTATIONS,
  UNKNOWN_NS,
} from './mutations.ts';

const PERMISSIONS = `
<ekmi:Permissions>
  <ekmi:PermittedApplications ekmi:any="true" xsi:nil="true"/>
  <ekmi:PermittedDates ekmi:any="false"><ekmi:PermittedDate><ekmi:StartDate>2024-01-01</ekmi:StartDate><ekmi:EndDate>2024-12-31</ekmi:EndDate></ekmi:PermittedDate></ekmi:PermittedDates>
  <ekmi:PermittedDays ekmi:any="false"><ekmi:PermittedDay>Monday</ekmi:PermittedDay></ekmi:PermittedDays>
  <ekmi:PermittedDuration ekmi:any="false">3600</ekmi:PermittedDuration>
  <ekmi:PermittedLevels ekmi:any="true" xsi:nil="true"/>
  <ekmi:PermittedLocations ekmi:any="false"><ekmi:PermittedLocation><ekmi:LocationName>HQ</ekmi:LocationName><ekmi:Latitude>12.5</ekmi:Latitude><ekmi:Longitude>-3.25</ekmi:Longitude></ekmi:PermittedLocation></ekmi:PermittedLocations>
  <ekmi:PermittedNumberOfTransactions ekmi:any="false">10</ekmi:PermittedNumberOfTransactions>
  <ekmi:PermittedTimes ekmi:any="false"><ekmi:PermittedTime><ekmi:StartTime>08:00:00</ekmi:StartTime><ekmi:EndTime>18:00:00</ekmi:EndTime></ekmi:PermittedTime></ekmi:PermittedTimes>
  <ekmi:PermittedUses ekmi:any="false"><ekmi:PermittedUse>backup</ekmi:PermittedUse></ekmi:PermittedUses>
</ekmi:Permissions>`;

const RESPONSE = `<ekmi:SymkeyResponse xmlns:ekmi="${SKSML_NS}" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" xmlns:xsi="${XSI_NS}">
<ekmi:Symkey>
  <ekmi:SymkeyRequestID>10514-1-7</ekmi:SymkeyRequestID>
  <ekmi:GlobalKeyID>10514-2-16777215</ekmi:GlobalKeyID>
  <ekmi:KeyUsePolicy>
    <ekmi:KeyUsePolicyID>10514-4</ekmi:KeyUsePolicyID>
    <ekmi:PolicyName>Default policy</ekmi:PolicyName>
    <ekmi:KeyClass>HR</ekmi:KeyClass>
    <ekmi:KeyAlgorithm>http://www.w3.org/2001/04/xmlenc#aes256-cbc</ekmi:KeyAlgorithm>
    <ekmi:KeySize>256</ekmi:KeySize>
    <ekmi:Status>Active</ekmi:Status>${PERMISSIONS}
  </ekmi:KeyUsePolicy>
  <ekmi:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>
  <xenc:CipherData><xenc:CipherValue>AAECAwQ=</xenc:CipherValue></xenc:CipherData>
</ekmi:Symkey>
<ekmi:SymkeyWorkInProgress>
  <ekmi:RequestedGlobalKeyID>10514-0-0</ekmi:RequestedGlobalKeyID>
  <ekmi:SymkeyRequestID>10514-1-8</ekmi:SymkeyRequestID>
  <ekmi:RequestCheckInterval>60</ekmi:RequestCheckInterval>
</ekmi:SymkeyWorkInProgress>
<ekmi:SymkeyError>
  <ekmi:SymkeyRequestID>10514-1-9</ekmi:SymkeyRequestID>
  <ekmi:RequestedGlobalKeyID>10514-0-0</ekmi:RequestedGlobalKeyID>
  <ekmi:ErrorCode>E1</ekmi:ErrorCode>
  <ekmi:ErrorMessage>refused</ekmi:ErrorMessage>
</ekmi:SymkeyError>
</ekmi:SymkeyResponse>`;

const KCP = `<ekmi:KeyCachePolicyResponse xmlns:ekmi="${SKSML_NS}" xmlns:xsi="${XSI_NS}">
<ekmi:KeyCachePolicy>
  <ekmi:KeyCachePolicyID>10514-1</ekmi:KeyCachePolicyID>
  <ekmi:PolicyName>P</ekmi:PolicyName>
  <ekmi:Description xsi:nil="true"/>
  <ekmi:KeyClass>HR</ekmi:KeyClass>
  <ekmi:StartDate>2024-01-01T00:00:00Z</ekmi:StartDate>
  <ekmi:EndDate xsi:nil="true"/>
  <ekmi:PolicyCheckInterval>86400</ekmi:PolicyCheckInterval>
  <ekmi:Status>Active</ekmi:Status>
  <ekmi:NewKeysCacheDetail><ekmi:MaximumKeys>10</ekmi:MaximumKeys><ekmi:MaximumDuration>3600</ekmi:MaximumDuration></ekmi:NewKeysCacheDetail>
</ekmi:KeyCachePolicy>
</ekmi:KeyCachePolicyResponse>`;

const REQUEST = `<ekmi:SymkeyRequest xmlns:ekmi="${SKSML_NS}"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:KeyClasses><ekmi:KeyClass>HR</ekmi:KeyClass></ekmi:KeyClasses><ekmi:X509EncryptionCertificate>MIIB</ekmi:X509EncryptionCertificate></ekmi:SymkeyRequest>`;

const SAMPLES = [RESPONSE, KCP, REQUEST].map((x) => parseXml(x).root);
const response = SAMPLES[0] as XmlElement;

/** Document-order list of (namespace, local name, trimmed direct text, attributes): what validation sees. */
function shape(root: XmlElement): string[] {
  return locateElements(root).map(
    ({ element: e }) =>
      `${e.namespaceURI}|${e.localName}|${directText(e).trim()}|${e.attributes
        .map((a) => `${a.namespaceURI}:${a.localName}=${a.value}`)
        .join(',')}`,
  );
}

function roundTrip(tree: XmlElement): XmlElement {
  return parseXml(writeXml(tree)).root;
}

describe('mutations', () => {
  it('have unique, stable names', () => {
    const names = MUTATIONS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('name requirements that exist in the catalogue', () => {
    const catalogue = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../spec/requirements.json'), 'utf8'),
    ) as { requirements: { id: string }[] };
    const ids = new Set(catalogue.requirements.map((r) => r.id));
    for (const m of MUTATIONS) {
      expect(m.requirements.length, m.name).toBeGreaterThan(0);
      for (const id of m.requirements) expect(ids.has(id), `${m.name}: ${id}`).toBe(true);
    }
  });

  it('each apply to at least one of the sample messages', () => {
    for (const m of MUTATIONS) {
      const total = SAMPLES.reduce((n, s) => n + m.applies(s).length, 0);
      expect(total, m.name).toBeGreaterThan(0);
    }
  });

  it('change the document at every site, keep it well-formed, and leave the input untouched', () => {
    for (const sample of SAMPLES) {
      const before = writeXml(sample);
      for (const { mutation, site } of mutationCandidates(sample)) {
        const mutated = mutation.apply(sample, site);
        const text = writeXml(mutated);
        expect(text, `${mutation.name} ${site.path.join('/')} ${site.variant}`).not.toBe(before);
        expect(shape(roundTrip(mutated))).toEqual(shape(mutated));
      }
      expect(writeXml(sample)).toBe(before);
    }
  });

  it('list their sites deterministically', () => {
    for (const m of MUTATIONS) expect(m.applies(response)).toEqual(m.applies(response));
  });

  it('drop-element removes exactly the subtree at the path', () => {
    const drop = mutationByName('drop-element');
    const site = drop.applies(response).find((s) => s.target === 'KeyUsePolicy');
    expect(site).toBeDefined();
    if (!site) return;
    const removed = locateElements(elementAt(response, site.path)).length;
    const after = drop.apply(response, site);
    expect(locateElements(after).length).toBe(locateElements(response).length - removed);
    expect(locateElements(after).some((l) => l.element.localName === 'KeyUsePolicy')).toBe(false);
  });

  it('id-part-over-uint64 writes 2^64 into an identifier part', () => {
    const m = mutationByName('id-part-over-uint64');
    const site = m
      .applies(response)
      .find((s) => s.target === 'GlobalKeyID' && s.variant === '18446744073709551616');
    expect(site).toBeDefined();
    if (!site) return;
    const after = roundTrip(m.apply(response, site));
    expect(directText(elementAt(after, site.path))).toBe('10514-2-18446744073709551616');
  });

  it('integer-out-of-range covers the documented interval edges', () => {
    const m = mutationByName('integer-out-of-range');
    const variants = m.applies(response).map((s) => `${s.target}=${s.variant}`);
    expect(variants).toEqual(
      expect.arrayContaining(['RequestCheckInterval=59', 'RequestCheckInterval=604801', 'KeySize=64']),
    );
    const kcp = m.applies(SAMPLES[1] as XmlElement).map((s) => `${s.target}=${s.variant}`);
    expect(kcp).toContain('PolicyCheckInterval=2592001');
  });

  it('wrong-namespace moves the element out of the SKSML namespace', () => {
    const m = mutationByName('wrong-namespace');
    const site = m.applies(response).find((s) => s.target === 'Status');
    if (!site) throw new Error('no Status');
    const after = roundTrip(m.apply(response, site));
    expect(elementAt(after, site.path).namespaceURI).toBe(UNKNOWN_NS);
  });

  it('unprefixed-any-attribute leaves an attribute without namespace', () => {
    const m = mutationByName('unprefixed-any-attribute');
    const [site] = m.applies(response);
    if (!site) throw new Error('no ekmi:any');
    const attrs = elementAt(roundTrip(m.apply(response, site)), site.path).attributes;
    expect(attrs.some((a) => a.localName === 'any' && a.namespaceURI === null)).toBe(true);
    expect(attrs.some((a) => a.localName === 'any' && a.namespaceURI === SKSML_NS)).toBe(false);
  });

  it('toggle-nil removes an existing xsi:nil and adds a missing one', () => {
    const m = mutationByName('toggle-nil');
    const sites = m.applies(response);
    const remove = sites.find((s) => s.variant === 'remove');
    const add = sites.find((s) => s.variant === 'add' && s.target === 'PermittedDays');
    if (!remove || !add) throw new Error('missing sites');
    const nil = (e: XmlElement): boolean =>
      e.attributes.some((a) => a.namespaceURI === XSI_NS && a.localName === 'nil');
    expect(nil(elementAt(roundTrip(m.apply(response, remove)), remove.path))).toBe(false);
    expect(nil(elementAt(roundTrip(m.apply(response, add)), add.path))).toBe(true);
  });

  it('swap-siblings exchanges two neighbours', () => {
    const m = mutationByName('swap-siblings');
    const site = m.applies(response).find((s) => s.target === 'KeyClass');
    if (!site) throw new Error('no KeyClass');
    const parent = elementAt(m.apply(response, site), site.path.slice(0, -1));
    const names = childElements(parent).map((e) => e.localName);
    expect(names.indexOf('KeyAlgorithm')).toBeLessThan(names.indexOf('KeyClass'));
  });

  it('arbitraryMutation is reproducible from a seed and always yields a changed, well-formed tree', () => {
    const arb = arbitraryMutation(response);
    const a = fc
      .sample(arb, { seed: 42, numRuns: 20 })
      .map((x) => `${x.mutation}@${x.site.path.join('/')}#${x.site.variant}`);
    const b = fc
      .sample(arb, { seed: 42, numRuns: 20 })
      .map((x) => `${x.mutation}@${x.site.path.join('/')}#${x.site.variant}`);
    expect(a).toEqual(b);
    const original = writeXml(response);
    fc.assert(
      fc.property(arb, (applied) => {
        const text = writeXml(applied.tree);
        expect(text).not.toBe(original);
        expect(parseXml(text).root.localName).toBe('SymkeyResponse');
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
