import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/intake.ts';
import { buildEnvelope, mustUnderstandAttribute } from './build-envelope.ts';
import { parseEnvelope } from './envelope.ts';
import {
  checkMustUnderstand,
  findHeaderBlocks,
  findNotUnderstood,
  isTargetedAtUs,
  readMustUnderstand,
} from './header-blocks.ts';
import {
  ENVELOPE_PREFIX,
  SOAP11_ACTOR_NEXT,
  SOAP12_ROLE_NEXT,
  SOAP12_ROLE_NONE,
  SOAP12_ROLE_ULTIMATE_RECEIVER,
  SKSML_NS,
  WSSE_NS,
} from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { SoapError } from './soap-error.ts';

const BODY = `<ekmi:KeyCachePolicyRequest xmlns:ekmi="${SKSML_NS}"/>`;
const A = { namespace: 'urn:a', localName: 'H' };
const SECURITY = { namespace: WSSE_NS, localName: 'Security' };

function envelopeWith(version: SoapVersion, blocks: string[]) {
  return parseEnvelope(parseXml(buildEnvelope({ version, headerBlocks: blocks, body: BODY })));
}

function mu(version: SoapVersion, value: string): string {
  return `${ENVELOPE_PREFIX[version]}:mustUnderstand="${value}"`;
}
function role(version: SoapVersion, value: string): string {
  return `${ENVELOPE_PREFIX[version]}:${version === '1.2' ? 'role' : 'actor'}="${value}"`;
}

describe('readMustUnderstand', () => {
  const cases: [SoapVersion, string, boolean | 'error'][] = [
    ['1.2', 'true', true],
    ['1.2', '1', true],
    ['1.2', ' true ', true],
    ['1.2', 'false', false],
    ['1.2', '0', false],
    ['1.2', 'TRUE', 'error'],
    ['1.2', 'yes', 'error'],
    ['1.2', '', 'error'],
    ['1.1', '1', true],
    ['1.1', '0', false],
    ['1.1', 'true', 'error'],
    ['1.1', 'false', 'error'],
    ['1.1', '2', 'error'],
  ];
  it.each(cases)('SOAP %s mustUnderstand="%s" -> %s', (version, value, expected) => {
    const read = () => envelopeWith(version, [`<a:H xmlns:a="urn:a" ${mu(version, value)}/>`]);
    if (expected === 'error') {
      expect(read).toThrowError(SoapError);
      try {
        read();
      } catch (e) {
        expect((e as SoapError).code).toBe('SOAP_INVALID_MUST_UNDERSTAND');
      }
    } else {
      const env = read();
      expect(readMustUnderstand(env.headerBlocks[0]!, version)).toBe(expected);
    }
  });

  it('is false when absent, and ignores the other version’s attribute', () => {
    const env = envelopeWith('1.2', [
      `<a:H xmlns:a="urn:a"/>`,
      `<a:H xmlns:a="urn:a" xmlns:s11="http://schemas.xmlsoap.org/soap/envelope/" s11:mustUnderstand="1"/>`,
    ]);
    expect(env.headerBlocks.map((b) => readMustUnderstand(b, '1.2'))).toEqual([false, false]);
  });
});

describe.each<SoapVersion>(['1.2', '1.1'])('mustUnderstand processing, SOAP %s', (version) => {
  const on = version === '1.2' ? 'true' : '1';

  it('passes when every mandatory block is understood', () => {
    const env = envelopeWith(version, [
      `<wsse:Security ${mustUnderstandAttribute(version)}/>`,
      `<a:H xmlns:a="urn:a"/>`,
    ]);
    expect(() => checkMustUnderstand(env, [SECURITY])).not.toThrow();
    expect(findNotUnderstood(env, [SECURITY])).toEqual([]);
  });

  it('faults with MustUnderstand listing each block not understood', () => {
    const env = envelopeWith(version, [
      `<wsse:Security ${mu(version, on)}/>`,
      `<a:H xmlns:a="urn:a" ${mu(version, on)}/>`,
      `<b:Other xmlns:b="urn:b" ${mu(version, on)}/>`,
    ]);
    try {
      checkMustUnderstand(env, [SECURITY]);
      expect.unreachable('MustUnderstand expected');
    } catch (e) {
      expect(e).toBeInstanceOf(SoapError);
      const error = e as SoapError;
      expect(error.code).toBe('SOAP_MUST_UNDERSTAND');
      expect(error.faultCode).toBe('MustUnderstand');
      expect(error.notUnderstood).toEqual([A, { namespace: 'urn:b', localName: 'Other' }]);
    }
  });

  it('ignores blocks without mustUnderstand, or with it off', () => {
    const env = envelopeWith(version, [
      `<a:H xmlns:a="urn:a"/>`,
      `<a:H xmlns:a="urn:a" ${mu(version, '0')}/>`,
    ]);
    expect(() => checkMustUnderstand(env, [])).not.toThrow();
  });

  it('compares expanded names, not prefixes', () => {
    const env = envelopeWith(version, [`<zz:H xmlns:zz="urn:a" ${mu(version, on)}/>`]);
    expect(() => checkMustUnderstand(env, [A])).not.toThrow();
    expect(() => checkMustUnderstand(env, [{ namespace: 'urn:other', localName: 'H' }])).toThrowError(
      SoapError,
    );
  });

  const next = version === '1.2' ? SOAP12_ROLE_NEXT : SOAP11_ACTOR_NEXT;
  it('applies to blocks targeted at us (absent role, next, ultimateReceiver) only', () => {
    const targeted = [role(version, next), ''];
    if (version === '1.2') targeted.push(role(version, SOAP12_ROLE_ULTIMATE_RECEIVER));
    for (const attr of targeted) {
      const env = envelopeWith(version, [`<a:H xmlns:a="urn:a" ${attr} ${mu(version, on)}/>`]);
      expect(isTargetedAtUs(env.headerBlocks[0]!, version)).toBe(true);
      expect(() => checkMustUnderstand(env, [])).toThrowError(SoapError);
    }
    const foreign = envelopeWith(version, [
      `<a:H xmlns:a="urn:a" ${role(version, 'urn:some:intermediary')} ${mu(version, on)}/>`,
    ]);
    expect(isTargetedAtUs(foreign.headerBlocks[0]!, version)).toBe(false);
    expect(() => checkMustUnderstand(foreign, [])).not.toThrow();
    expect(() => checkMustUnderstand(foreign, [], { roles: ['urn:some:intermediary'] })).toThrowError(
      SoapError,
    );
  });

  if (version === '1.2') {
    it('never processes blocks for the role none', () => {
      const env = envelopeWith(version, [
        `<a:H xmlns:a="urn:a" ${role(version, SOAP12_ROLE_NONE)} ${mu(version, on)}/>`,
      ]);
      expect(() => checkMustUnderstand(env, [])).not.toThrow();
      expect(findHeaderBlocks(env, A)).toEqual([]);
    });
  }

  it('finds header blocks by name, targeted ones by default', () => {
    const env = envelopeWith(version, [
      `<wsse:Security ${role(version, 'urn:elsewhere')}/>`,
      `<wsse:Security/>`,
      `<a:H xmlns:a="urn:a"/>`,
    ]);
    const found = findHeaderBlocks(env, SECURITY);
    expect(found).toHaveLength(1);
    expect(found[0]).toBe(env.headerBlocks[1]);
    expect(findHeaderBlocks(env, SECURITY, { includeUntargeted: true })).toEqual([
      env.headerBlocks[0],
      env.headerBlocks[1],
    ]);
    expect(findHeaderBlocks(env)).toEqual([env.headerBlocks[1], env.headerBlocks[2]]);
    expect(findHeaderBlocks(env, { namespace: 'urn:none', localName: 'H' })).toEqual([]);
  });
});
