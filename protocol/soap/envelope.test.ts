import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseXml } from '../xml/intake.ts';
import { childElements } from '../xml/tree.ts';
import { buildEnvelope } from './build-envelope.ts';
import { isFaultEnvelope, parseEnvelope } from './envelope.ts';
import { SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS, SKSML_NS, WSU_NS } from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { SoapError } from './soap-error.ts';

const NS: Record<SoapVersion, string> = { '1.1': SOAP11_ENVELOPE_NS, '1.2': SOAP12_ENVELOPE_NS };
const REQUEST = `<ekmi:KeyCachePolicyRequest xmlns:ekmi="${SKSML_NS}"/>`;

function envelopeText(version: SoapVersion, inner: string, envAttributes = ''): string {
  return `<s:Envelope xmlns:s="${NS[version]}"${envAttributes}>${inner}</s:Envelope>`;
}

function parseText(text: string, options?: Parameters<typeof parseEnvelope>[1]) {
  return parseEnvelope(parseXml(text), options);
}

function errorOf(fn: () => unknown): SoapError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SoapError) return e;
    throw e;
  }
  throw new Error('expected a SoapError');
}

describe.each<SoapVersion>(['1.2', '1.1'])('parseEnvelope, SOAP %s', (version) => {
  it('round-trips a built envelope with header blocks and a Body wsu:Id', () => {
    const text = buildEnvelope({
      version,
      headerBlocks: ['<a:One xmlns:a="urn:a"/>', '<a:Two xmlns:a="urn:a">x</a:Two>'],
      body: REQUEST,
      bodyId: 'body-1',
    });
    const env = parseText(text);
    expect(env.version).toBe(version);
    expect(env.envelope.localName).toBe('Envelope');
    expect(env.envelope.namespaceURI).toBe(NS[version]);
    expect(env.headerBlocks.map((b) => b.localName)).toEqual(['One', 'Two']);
    expect(env.header?.localName).toBe('Header');
    expect(env.body.attributes.find((a) => a.namespaceURI === WSU_NS && a.localName === 'Id')?.value).toBe(
      'body-1',
    );
    expect(env.payload.localName).toBe('KeyCachePolicyRequest');
    expect(env.payload.namespaceURI).toBe(SKSML_NS);
    expect(isFaultEnvelope(env)).toBe(false);
  });

  it('returns the original tree nodes', () => {
    const doc = parseXml(buildEnvelope({ version, headerBlocks: ['<a:H xmlns:a="urn:a"/>'], body: REQUEST }));
    const env = parseEnvelope(doc);
    const [header, body] = childElements(doc.root);
    expect(env.envelope).toBe(doc.root);
    expect(env.header).toBe(header);
    expect(env.body).toBe(body);
    expect(env.payload).toBe(childElements(body!)[0]);
    expect(env.headerBlocks[0]).toBe(childElements(header!)[0]);
  });

  it('accepts no Header, white space and comments', () => {
    const env = parseText(
      envelopeText(version, `\n  <!-- c --><s:Body>\n ${REQUEST} <!-- d -->\n</s:Body>\n`),
    );
    expect(env.header).toBeNull();
    expect(env.headerBlocks).toEqual([]);
    expect(env.payload.localName).toBe('KeyCachePolicyRequest');
  });

  it('accepts an empty Header', () => {
    const env = parseText(envelopeText(version, `<s:Header/><s:Body>${REQUEST}</s:Body>`));
    expect(env.header).not.toBeNull();
    expect(env.headerBlocks).toEqual([]);
  });

  const body = `<s:Body>${REQUEST}</s:Body>`;
  const malformed: [string, string, string][] = [
    ['two Bodies', `${body}${body}`, 'SOAP_DUPLICATE_BODY'],
    ['Header after Body', `${body}<s:Header/>`, 'SOAP_HEADER_AFTER_BODY'],
    ['two Headers', `<s:Header/><s:Header/>${body}`, 'SOAP_DUPLICATE_HEADER'],
    ['text in Envelope', `hello${body}`, 'SOAP_TEXT_NOT_ALLOWED'],
    ['CDATA text in Envelope', `<![CDATA[x]]>${body}`, 'SOAP_TEXT_NOT_ALLOWED'],
    ['text in Header', `<s:Header>x</s:Header>${body}`, 'SOAP_TEXT_NOT_ALLOWED'],
    ['text in Body', `<s:Body>x${REQUEST}</s:Body>`, 'SOAP_TEXT_NOT_ALLOWED'],
    ['Body with two children', `<s:Body>${REQUEST}${REQUEST}</s:Body>`, 'SOAP_MULTIPLE_BODY_CHILDREN'],
    ['empty Body', `<s:Body/>`, 'SOAP_EMPTY_BODY'],
    ['Body with only white space', `<s:Body>  </s:Body>`, 'SOAP_EMPTY_BODY'],
    ['no Body', `<s:Header/>`, 'SOAP_MISSING_BODY'],
    ['nothing at all', ``, 'SOAP_MISSING_BODY'],
    ['trailing element', `${body}<x:T xmlns:x="urn:x"/>`, 'SOAP_TRAILING_ELEMENT'],
    ['trailing envelope-namespace element', `${body}<s:Extra/>`, 'SOAP_TRAILING_ELEMENT'],
    ['foreign element before Body', `<x:T xmlns:x="urn:x"/>${body}`, 'SOAP_UNEXPECTED_ELEMENT'],
    ['Body in no namespace', `<Body>${REQUEST}</Body>`, 'SOAP_UNEXPECTED_ELEMENT'],
    ['unqualified header block', `<s:Header><H/></s:Header>${body}`, 'SOAP_UNQUALIFIED_HEADER_BLOCK'],
    ['unqualified payload', `<s:Body><KeyCachePolicyRequest/></s:Body>`, 'SOAP_UNQUALIFIED_PAYLOAD'],
    ['unqualified attribute on Body', `<s:Body id="b">${REQUEST}</s:Body>`, 'SOAP_UNQUALIFIED_ATTRIBUTE'],
    ['unqualified attribute on Header', `<s:Header id="h"/>${body}`, 'SOAP_UNQUALIFIED_ATTRIBUTE'],
    [
      'encodingStyle on Body',
      `<s:Body s:encodingStyle="urn:enc">${REQUEST}</s:Body>`,
      'SOAP_ENCODING_STYLE_NOT_ALLOWED',
    ],
    [
      'bad mustUnderstand',
      `<s:Header><a:H xmlns:a="urn:a" s:mustUnderstand="yes"/></s:Header>${body}`,
      'SOAP_INVALID_MUST_UNDERSTAND',
    ],
  ];
  it.each(malformed)('rejects %s as a Sender fault', (_name, inner, code) => {
    const error = errorOf(() => parseText(envelopeText(version, inner)));
    expect(error.code).toBe(code);
    expect(error.faultCode).toBe('Sender');
  });

  it('rejects unqualified attributes and encodingStyle on the Envelope', () => {
    expect(errorOf(() => parseText(envelopeText(version, body, ' id="e"'))).code).toBe(
      'SOAP_UNQUALIFIED_ATTRIBUTE',
    );
    expect(errorOf(() => parseText(envelopeText(version, body, ' s:encodingStyle="urn:e"'))).code).toBe(
      'SOAP_ENCODING_STYLE_NOT_ALLOWED',
    );
    expect(parseText(envelopeText(version, body, ' xmlns:q="urn:q" q:ext="1"')).version).toBe(version);
  });

  it('answers encodingStyle on the payload with DataEncodingUnknown', () => {
    const inner = `<s:Body><ekmi:KeyCachePolicyRequest xmlns:ekmi="${SKSML_NS}" s:encodingStyle="urn:e"/></s:Body>`;
    const error = errorOf(() => parseText(envelopeText(version, inner)));
    expect(error.code).toBe('SOAP_DATA_ENCODING_UNKNOWN');
    expect(error.faultCode).toBe('DataEncodingUnknown');
  });

  it('recognises a Fault payload', () => {
    const env = parseText(envelopeText(version, `<s:Body><s:Fault/></s:Body>`));
    expect(isFaultEnvelope(env)).toBe(true);
  });

  it('checks the version the transport announced', () => {
    const other: SoapVersion = version === '1.2' ? '1.1' : '1.2';
    const text = buildEnvelope({ version, body: REQUEST });
    expect(parseText(text, { expectedVersion: version }).version).toBe(version);
    const error = errorOf(() => parseText(text, { expectedVersion: other }));
    expect(error.code).toBe('SOAP_BINDING_VERSION_MISMATCH');
    expect(error.faultCode).toBe('VersionMismatch');
  });
});

describe('parseEnvelope version mismatch', () => {
  it.each([
    [
      'an Envelope in an unknown namespace',
      `<s:Envelope xmlns:s="urn:not-soap"><s:Body>${REQUEST}</s:Body></s:Envelope>`,
    ],
    ['an Envelope in no namespace', `<Envelope><Body>${REQUEST}</Body></Envelope>`],
    ['a bare SKSML message', REQUEST],
    ['a Body as root', `<s:Body xmlns:s="${SOAP12_ENVELOPE_NS}">${REQUEST}</s:Body>`],
  ])('answers %s with VersionMismatch', (_name, text) => {
    const error = errorOf(() => parseText(text));
    expect(error.code).toBe('SOAP_VERSION_MISMATCH');
    expect(error.faultCode).toBe('VersionMismatch');
  });
});

describe('parseEnvelope properties', () => {
  it('finds the payload whatever the prefix and white space around it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SoapVersion>('1.1', '1.2'),
        fc.constantFrom('s', 'soap', 'env', 'S12', 'x'),
        fc.array(fc.constantFrom(' ', '\n', '\t', '\r\n', '<!--c-->'), { maxLength: 4 }),
        fc.boolean(),
        (version, prefix, spaces, withHeader) => {
          const ws = spaces.join('');
          const header = withHeader
            ? `<${prefix}:Header>${ws}<h:B xmlns:h="urn:h"/>${ws}</${prefix}:Header>`
            : '';
          const text =
            `<${prefix}:Envelope xmlns:${prefix}="${NS[version]}">${ws}${header}${ws}` +
            `<${prefix}:Body>${ws}${REQUEST}${ws}</${prefix}:Body>${ws}</${prefix}:Envelope>`;
          const env = parseText(text);
          expect(env.version).toBe(version);
          expect(env.payload.localName).toBe('KeyCachePolicyRequest');
          expect(env.headerBlocks.length).toBe(withHeader ? 1 : 0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
