import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DOMParser } from '@xmldom/xmldom';
import { parseXml } from '../xml/intake.ts';
import { directText, findAttribute } from '../xml/tree.ts';
import {
  buildBody,
  buildEnvelope,
  envelopeNamespaces,
  envelopeStartTag,
  mustUnderstandAttribute,
} from './build-envelope.ts';
import { parseEnvelope } from './envelope.ts';
import { readMustUnderstand } from './header-blocks.ts';
import { ENVELOPE_NS, SKSML_NS, WSSE_NS, WSU_NS } from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { SoapError } from './soap-error.ts';

const BODY = `<ekmi:SymkeyRequest xmlns:ekmi="${SKSML_NS}"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`;

describe.each<SoapVersion>(['1.2', '1.1'])('buildEnvelope, SOAP %s', (version) => {
  it('writes Envelope, Header and Body in the version’s namespace, read back by an independent parser', () => {
    const text = buildEnvelope({ version, headerBlocks: ['<wsse:Security/>'], body: BODY, bodyId: 'Body-1' });
    const dom = new DOMParser().parseFromString(text, 'text/xml');
    const root = dom.documentElement!;
    expect(root.namespaceURI).toBe(ENVELOPE_NS[version]);
    expect(root.localName).toBe('Envelope');
    expect(root.childNodes.length).toBe(2);
    const header = root.getElementsByTagNameNS(ENVELOPE_NS[version], 'Header')[0]!;
    expect(root.firstChild).toBe(header);
    expect(header.getElementsByTagNameNS(WSSE_NS, 'Security').length).toBe(1);
    const body = root.getElementsByTagNameNS(ENVELOPE_NS[version], 'Body')[0]!;
    expect(root.lastChild).toBe(body);
    expect(body.getAttributeNS(WSU_NS, 'Id')).toBe('Body-1');
  });

  it('omits the Header when there are no blocks, and wsu:Id when there is no bodyId', () => {
    for (const headerBlocks of [undefined, []]) {
      const env = parseEnvelope(parseXml(buildEnvelope({ version, headerBlocks, body: BODY })));
      expect(env.header).toBeNull();
      expect(env.body.attributes).toEqual([]);
      expect(directText(env.payload.children[0] as never)).toBe('10514-0-0');
    }
  });

  it('declares the envelope, wsu and wsse namespaces and extra ones on the Envelope', () => {
    const text = buildEnvelope({ version, body: BODY, namespaces: { ekmi: SKSML_NS } });
    const env = parseEnvelope(parseXml(text));
    const declared = new Map(env.envelope.namespaceDeclarations.map((d) => [d.prefix, d.uri]));
    expect(declared.get('wsu')).toBe(WSU_NS);
    expect(declared.get('wsse')).toBe(WSSE_NS);
    expect(declared.get('ekmi')).toBe(SKSML_NS);
    expect([...declared.values()]).toContain(ENVELOPE_NS[version]);
    expect(text.startsWith(envelopeStartTag(version, { ekmi: SKSML_NS }))).toBe(true);
  });

  it('writes a mustUnderstand attribute that reads back as true', () => {
    const text = buildEnvelope({
      version,
      headerBlocks: [`<wsse:Security ${mustUnderstandAttribute(version)}/>`],
      body: BODY,
    });
    const env = parseEnvelope(parseXml(text));
    expect(readMustUnderstand(env.headerBlocks[0]!, version)).toBe(true);
  });

  it('builds the same Body alone as inside the envelope (for signing)', () => {
    const bodyText = buildBody({ version, body: BODY, bodyId: 'b' });
    expect(buildEnvelope({ version, body: BODY, bodyId: 'b' })).toContain(bodyText);
  });

  it('rejects a bodyId that is not an NCName, and prefix clashes', () => {
    for (const bodyId of ['', '1abc', 'a b', 'a"b', 'p:q']) {
      expect(() => buildEnvelope({ version, body: BODY, bodyId })).toThrowError(SoapError);
    }
    expect(() => envelopeNamespaces(version, { wsu: 'urn:other' })).toThrowError(SoapError);
    expect(() => envelopeNamespaces(version, { xmlfoo: 'urn:x' })).toThrowError(SoapError);
    expect(() => envelopeNamespaces(version, { 'a b': 'urn:x' })).toThrowError(SoapError);
    expect(() => envelopeNamespaces(version, { e: '' })).toThrowError(SoapError);
    expect(envelopeNamespaces(version, { wsu: WSU_NS }).get('wsu')).toBe(WSU_NS);
  });

  it('round-trips any NCName body id and any header block count', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,20}$/),
        fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 5 }),
        (bodyId, names) => {
          const blocks = names.map((n) => `<h:${n} xmlns:h="urn:h"/>`);
          const env = parseEnvelope(
            parseXml(buildEnvelope({ version, headerBlocks: blocks, body: BODY, bodyId })),
          );
          expect(findAttribute(env.body, WSU_NS, 'Id')?.value).toBe(bodyId);
          expect(env.headerBlocks.map((b) => b.localName)).toEqual(names);
        },
      ),
      { numRuns: 100 },
    );
  });
});
