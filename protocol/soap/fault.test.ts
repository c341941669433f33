import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DOMParser } from '@xmldom/xmldom';
import { parseXml } from '../xml/intake.ts';
import { childElements, directText } from '../xml/tree.ts';
import { buildFault, buildFaultElement } from './build-fault.ts';
import type { BuildFaultInput } from './build-fault.ts';
import { isFaultEnvelope, parseEnvelope } from './envelope.ts';
import { ENVELOPE_NS, SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS, WSSE_NS } from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { parseFault } from './parse-fault.ts';
import { SOAP_FAULT_CODES, SoapError } from './soap-error.ts';
import type { SoapFaultCode } from './soap-error.ts';
import { WSS_FAULTS, WSS_FAULT_REASONS, wssFaultName } from './wss-faults.ts';
import type { WssFaultName } from './wss-faults.ts';

function roundTrip(input: BuildFaultInput) {
  const env = parseEnvelope(parseXml(buildFault(input)));
  expect(isFaultEnvelope(env)).toBe(true);
  return { env, fault: parseFault(env) };
}

const SOAP11_EXPECTED: Record<SoapFaultCode, SoapFaultCode> = {
  Sender: 'Sender',
  Receiver: 'Receiver',
  VersionMismatch: 'VersionMismatch',
  MustUnderstand: 'MustUnderstand',
  DataEncodingUnknown: 'Sender', // SOAP 1.1 has no such code: written as soap:Client
};

describe.each<SoapVersion>(['1.2', '1.1'])('faults, SOAP %s', (version) => {
  it.each(SOAP_FAULT_CODES)('round-trips code %s', (code) => {
    const { fault } = roundTrip({ version, code, reason: 'Plain reason & <more>' });
    expect(fault.version).toBe(version);
    expect(fault.code).toBe(version === '1.2' ? code : SOAP11_EXPECTED[code]);
    expect(fault.reason).toBe('Plain reason & <more>');
    expect(fault.subcodes).toEqual([]);
    expect(fault.detail).toBeNull();
    expect(fault.reasonLang).toBe(version === '1.2' ? 'en' : null);
  });

  it.each(Object.keys(WSS_FAULTS) as WssFaultName[])('round-trips WSS fault %s', (name) => {
    const subcode = WSS_FAULTS[name];
    const { fault } = roundTrip({ version, code: 'Sender', subcode, reason: WSS_FAULT_REASONS[name] });
    expect(fault.code).toBe('Sender');
    expect(fault.subcodes).toEqual([{ namespace: WSSE_NS, localName: name }]);
    expect(wssFaultName(fault.subcodes[0]!)).toBe(name);
    expect(fault.reason).toBe(WSS_FAULT_REASONS[name]);
  });

  it('writes a WSS subcode the way WSS 1.0 prescribes for the version', () => {
    const text = buildFault({ version, code: 'Sender', subcode: WSS_FAULTS.InvalidSecurity, reason: 'r' });
    const dom = new DOMParser().parseFromString(text, 'text/xml');
    if (version === '1.2') {
      const values = dom.getElementsByTagNameNS(SOAP12_ENVELOPE_NS, 'Value');
      expect(values[0]!.textContent).toBe('env:Sender');
      expect(values[1]!.textContent).toBe('wsse:InvalidSecurity');
      expect(values[1]!.lookupNamespaceURI('wsse')).toBe(WSSE_NS);
    } else {
      const faultcode = dom.getElementsByTagName('faultcode')[0]!;
      expect(faultcode.namespaceURI).toBeNull();
      expect(faultcode.textContent).toBe('wsse:InvalidSecurity');
      expect(faultcode.lookupNamespaceURI('wsse')).toBe(WSSE_NS);
    }
  });

  it('picks a safe prefix for a subcode whose prefix hint clashes or is missing', () => {
    const envPrefix = version === '1.2' ? 'env' : 'soap';
    for (const prefix of [envPrefix, undefined, 'xmlbad', '1x']) {
      const { fault } = roundTrip({
        version,
        code: 'Sender',
        subcode: { namespace: 'urn:project:faults', localName: 'Oops', prefix },
        reason: 'r',
      });
      expect(fault.subcodes).toEqual([{ namespace: 'urn:project:faults', localName: 'Oops' }]);
    }
  });

  it('keeps the detail content', () => {
    const { fault } = roundTrip({
      version,
      code: 'Receiver',
      reason: 'r',
      detail: '<d:Info xmlns:d="urn:d">7</d:Info>',
    });
    expect(fault.detail).not.toBeNull();
    const info = childElements(fault.detail!)[0]!;
    expect(info.localName).toBe('Info');
    expect(directText(info)).toBe('7');
  });

  it('adds the Upgrade header to a VersionMismatch fault', () => {
    const { env } = roundTrip({ version, code: 'VersionMismatch', reason: 'r' });
    const upgrade = env.headerBlocks[0]!;
    expect(upgrade.namespaceURI).toBe(SOAP12_ENVELOPE_NS);
    expect(upgrade.localName).toBe('Upgrade');
    const qnames = childElements(upgrade).map(
      (s) => s.attributes.find((a) => a.localName === 'qname')?.value,
    );
    expect(qnames).toEqual(['v12:Envelope', 'v11:Envelope']);
    const dom = new DOMParser().parseFromString(
      buildFault({ version, code: 'VersionMismatch', reason: 'r' }),
      'text/xml',
    );
    const supported = dom.getElementsByTagNameNS(SOAP12_ENVELOPE_NS, 'SupportedEnvelope');
    expect(supported[0]!.lookupNamespaceURI('v12')).toBe(SOAP12_ENVELOPE_NS);
    expect(supported[1]!.lookupNamespaceURI('v11')).toBe(SOAP11_ENVELOPE_NS);
  });

  it('adds no header blocks to other faults', () => {
    const { env } = roundTrip({ version, code: 'Sender', reason: 'r' });
    expect(env.header).toBeNull();
  });
});

describe('SOAP 1.2 specifics', () => {
  it('lists NotUnderstood header blocks in a MustUnderstand fault', () => {
    const { env } = roundTrip({
      version: '1.2',
      code: 'MustUnderstand',
      reason: 'r',
      notUnderstood: [
        { namespace: 'urn:a', localName: 'H' },
        { namespace: WSSE_NS, localName: 'Security' },
      ],
    });
    expect(env.headerBlocks.map((b) => b.localName)).toEqual(['NotUnderstood', 'NotUnderstood']);
    const dom = new DOMParser().parseFromString(
      buildFault({
        version: '1.2',
        code: 'MustUnderstand',
        reason: 'r',
        notUnderstood: [{ namespace: 'urn:a', localName: 'H' }],
      }),
      'text/xml',
    );
    const nu = dom.getElementsByTagNameNS(SOAP12_ENVELOPE_NS, 'NotUnderstood')[0]!;
    const [prefix, local] = nu.getAttribute('qname')!.split(':');
    expect(local).toBe('H');
    expect(nu.lookupNamespaceURI(prefix!)).toBe('urn:a');
  });

  it('writes xml:lang on the reason text and uses the given language', () => {
    const { fault } = roundTrip({ version: '1.2', code: 'Sender', reason: 'Grund', lang: 'de' });
    expect(fault.reasonLang).toBe('de');
  });

  const wrap = (fault: string) =>
    `<env:Envelope xmlns:env="${SOAP12_ENVELOPE_NS}"><env:Body><env:Fault>${fault}</env:Fault></env:Body></env:Envelope>`;
  const code = '<env:Code><env:Value>env:Sender</env:Value></env:Code>';
  const reason = '<env:Reason><env:Text xml:lang="en">r</env:Text></env:Reason>';

  it('reads nested subcodes and picks the English reason', () => {
    const text = wrap(
      `<env:Code><env:Value>env:Receiver</env:Value><env:Subcode xmlns:a="urn:a"><env:Value>a:One</env:Value>` +
        `<env:Subcode><env:Value xmlns:b="urn:b">b:Two</env:Value></env:Subcode></env:Subcode></env:Code>` +
        `<env:Reason><env:Text xml:lang="fr">raison</env:Text><env:Text xml:lang="en">reason</env:Text></env:Reason>` +
        `<env:Node>urn:n</env:Node><env:Role>urn:r</env:Role><env:Detail/>`,
    );
    const fault = parseFault(parseEnvelope(parseXml(text)));
    expect(fault.code).toBe('Receiver');
    expect(fault.subcodes).toEqual([
      { namespace: 'urn:a', localName: 'One' },
      { namespace: 'urn:b', localName: 'Two' },
    ]);
    expect(fault.reason).toBe('reason');
  });

  it.each([
    ['no Code', reason],
    ['no Reason', code],
    ['Reason before Code', reason + code],
    ['two Codes', code + code + reason],
    ['unknown code value', '<env:Code><env:Value>env:Bogus</env:Value></env:Code>' + reason],
    [
      'code in the wrong namespace',
      '<env:Code><env:Value xmlns:x="urn:x">x:Sender</env:Value></env:Code>' + reason,
    ],
    ['undeclared prefix', '<env:Code><env:Value>nope:Sender</env:Value></env:Code>' + reason],
    ['Reason without Text', code + '<env:Reason/>'],
    ['foreign element', code + reason + '<x:Y xmlns:x="urn:x"/>'],
  ])('rejects a fault with %s', (_name, content) => {
    const env = parseEnvelope(parseXml(wrap(content)));
    expect(() => parseFault(env)).toThrowError(SoapError);
  });

  it('refuses to read a fault out of a non-fault envelope', () => {
    const env = parseEnvelope(
      parseXml(
        `<env:Envelope xmlns:env="${SOAP12_ENVELOPE_NS}"><env:Body><a:X xmlns:a="urn:a"/></env:Body></env:Envelope>`,
      ),
    );
    expect(() => parseFault(env)).toThrowError(SoapError);
  });
});

describe('SOAP 1.1 specifics', () => {
  const wrap = (fault: string) =>
    `<soap:Envelope xmlns:soap="${SOAP11_ENVELOPE_NS}"><soap:Body><soap:Fault>${fault}</soap:Fault></soap:Body></soap:Envelope>`;

  it.each([
    ['soap:Client', 'Sender', []],
    ['soap:Server', 'Receiver', []],
    ['soap:VersionMismatch', 'VersionMismatch', []],
    ['soap:MustUnderstand', 'MustUnderstand', []],
    [
      'soap:Client.Authentication',
      'Sender',
      [{ namespace: SOAP11_ENVELOPE_NS, localName: 'Authentication' }],
    ],
    ['x:Custom', 'Receiver', [{ namespace: 'urn:x', localName: 'Custom' }]],
  ])('maps faultcode %s to %s', (faultcode, code, subcodes) => {
    const text = wrap(
      `<faultcode xmlns:x="urn:x">${faultcode}</faultcode><faultstring>s</faultstring><faultactor>urn:a</faultactor>`,
    );
    const fault = parseFault(parseEnvelope(parseXml(text)));
    expect(fault.code).toBe(code);
    expect(fault.subcodes).toEqual(subcodes);
    expect(fault.reason).toBe('s');
  });

  it.each([
    ['no faultcode', '<faultstring>s</faultstring>'],
    ['no faultstring', '<faultcode>soap:Client</faultcode>'],
    [
      'qualified faultcode element',
      '<soap:faultcode>soap:Client</soap:faultcode><faultstring>s</faultstring>',
    ],
    ['unknown SOAP code', '<faultcode>soap:Nope</faultcode><faultstring>s</faultstring>'],
    [
      'two faultstrings',
      '<faultcode>soap:Client</faultcode><faultstring>s</faultstring><faultstring>t</faultstring>',
    ],
    ['unknown child', '<faultcode>soap:Client</faultcode><faultstring>s</faultstring><extra/>'],
  ])('rejects a fault with %s', (_name, content) => {
    const env = parseEnvelope(parseXml(wrap(content)));
    expect(() => parseFault(env)).toThrowError(SoapError);
  });
});

describe('fault properties', () => {
  it('round-trips any reason text and fault code in both versions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SoapVersion>('1.1', '1.2'),
        fc.constantFrom(...SOAP_FAULT_CODES),
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        (version, code, reason) => {
          const clean = reason.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
          const fault = parseFault(parseEnvelope(parseXml(buildFault({ version, code, reason: clean }))));
          expect(fault.reason).toBe(clean);
          expect(fault.code).toBe(version === '1.2' ? code : SOAP11_EXPECTED[code]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('buildFaultElement is the Body content of buildFault', () => {
    const input: BuildFaultInput = {
      version: '1.2',
      code: 'Sender',
      reason: 'r',
      subcode: WSS_FAULTS.FailedCheck,
    };
    expect(buildFault(input)).toContain(`<env:Body>${buildFaultElement(input)}</env:Body>`);
    expect(ENVELOPE_NS['1.2']).toBe(SOAP12_ENVELOPE_NS);
  });
});
