import { describe, expect, it } from 'vitest';
import { parseXml, XmlIntakeError } from '../xml/intake.ts';
import { SksmlError } from '../errors/sksml-error.ts';
import { SKSML_ACTIONS } from './actions.ts';
import { buildEnvelope } from './build-envelope.ts';
import { parseEnvelope } from './envelope.ts';
import { FAULT_REASONS } from './fault-reasons.ts';
import {
  buildFaultResponse,
  buildSksmlResponse,
  checkEnvelopeBinding,
  decideHttpRequest,
  httpStatusForFault,
  responseContentType,
  SoapBindingError,
} from './http-binding.ts';
import type { HttpRequestBinding, HttpRequestHead } from './http-binding.ts';
import { SKSML_NS } from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { parseFault } from './parse-fault.ts';
import { SOAP_FAULT_CODES, SoapError } from './soap-error.ts';
import { WSS_FAULTS, WSS_FAULT_REASONS } from './wss-faults.ts';

const SYMKEY = SKSML_ACTIONS.SymkeyRequest;
const KCP = SKSML_ACTIONS.KeyCachePolicyRequest;
const S12 = 'application/soap+xml; charset=utf-8';
const S11 = 'text/xml; charset=utf-8';

type Expected =
  | { version: SoapVersion; action: string | null }
  | { error: string; status: number | null; faultVersion: SoapVersion | null };

const ok = (version: SoapVersion, action: string | null): Expected => ({ version, action });
const bad = (error: string, status: number | null, faultVersion: SoapVersion | null = null): Expected => ({
  error,
  status,
  faultVersion,
});

const cases: [string, HttpRequestHead, Expected][] = [
  ['1.2 with action', { method: 'POST', contentType: `${S12}; action="${SYMKEY}"` }, ok('1.2', SYMKEY)],
  [
    '1.2 with unquoted action token',
    { method: 'POST', contentType: `${S12}; action=abc` },
    bad('HTTP_UNKNOWN_ACTION', null, '1.2'),
  ],
  [
    '1.2 with unquoted action URI',
    { method: 'POST', contentType: `${S12}; action=${SYMKEY}` },
    bad('HTTP_MALFORMED_CONTENT_TYPE', 415),
  ],
  [
    '1.2 KCP action',
    { method: 'POST', contentType: `application/soap+xml;action="${KCP}";charset=utf-8` },
    ok('1.2', KCP),
  ],
  ['1.2 without action', { method: 'POST', contentType: S12 }, ok('1.2', null)],
  ['1.2 without charset', { method: 'POST', contentType: 'application/soap+xml' }, ok('1.2', null)],
  [
    '1.2 upper-case media type and charset',
    { method: 'POST', contentType: 'Application/Soap+XML; CHARSET="UTF-8"' },
    ok('1.2', null),
  ],
  [
    '1.2 ignores SOAPAction',
    { method: 'POST', contentType: S12, soapAction: '"urn:whatever"' },
    ok('1.2', null),
  ],
  [
    '1.2 empty action',
    { method: 'POST', contentType: `${S12}; action=""` },
    bad('HTTP_MALFORMED_ACTION', null, '1.2'),
  ],
  [
    '1.2 unknown action',
    { method: 'POST', contentType: `${S12}; action="urn:other"` },
    bad('HTTP_UNKNOWN_ACTION', null, '1.2'),
  ],
  [
    '1.2 response action',
    { method: 'POST', contentType: `${S12}; action="${SKSML_ACTIONS.SymkeyResponse}"` },
    bad('HTTP_UNKNOWN_ACTION', null, '1.2'),
  ],
  [
    '1.2 utf-16',
    { method: 'POST', contentType: 'application/soap+xml; charset=utf-16' },
    bad('HTTP_UNSUPPORTED_CHARSET', 415, '1.2'),
  ],
  [
    '1.2 latin-1',
    { method: 'POST', contentType: 'application/soap+xml; charset=iso-8859-1' },
    bad('HTTP_UNSUPPORTED_CHARSET', 415, '1.2'),
  ],
  ['1.1 with SOAPAction', { method: 'POST', contentType: S11, soapAction: `"${SYMKEY}"` }, ok('1.1', SYMKEY)],
  [
    '1.1 SOAPAction with spaces',
    { method: 'POST', contentType: S11, soapAction: ` "${KCP}" ` },
    ok('1.1', KCP),
  ],
  [
    '1.1 SOAPAction as one-element array',
    { method: 'POST', contentType: S11, soapAction: [`"${KCP}"`] },
    ok('1.1', KCP),
  ],
  ['1.1 empty SOAPAction', { method: 'POST', contentType: S11, soapAction: '""' }, ok('1.1', null)],
  ['1.1 without charset', { method: 'POST', contentType: 'text/xml', soapAction: '""' }, ok('1.1', null)],
  [
    '1.1 missing SOAPAction',
    { method: 'POST', contentType: S11 },
    bad('HTTP_MISSING_SOAPACTION', null, '1.1'),
  ],
  [
    '1.1 null SOAPAction',
    { method: 'POST', contentType: S11, soapAction: null },
    bad('HTTP_MISSING_SOAPACTION', null, '1.1'),
  ],
  [
    '1.1 unquoted SOAPAction',
    { method: 'POST', contentType: S11, soapAction: SYMKEY },
    bad('HTTP_MALFORMED_SOAPACTION', null, '1.1'),
  ],
  [
    '1.1 repeated SOAPAction',
    { method: 'POST', contentType: S11, soapAction: [`"${SYMKEY}"`, `"${KCP}"`] },
    bad('HTTP_MALFORMED_SOAPACTION', null, '1.1'),
  ],
  [
    '1.1 unknown SOAPAction',
    { method: 'POST', contentType: S11, soapAction: '"urn:x"' },
    bad('HTTP_UNKNOWN_ACTION', null, '1.1'),
  ],
  [
    '1.1 action in content type only',
    { method: 'POST', contentType: `${S11}; action="${SYMKEY}"` },
    bad('HTTP_MISSING_SOAPACTION', null, '1.1'),
  ],
  [
    '1.1 utf-16',
    { method: 'POST', contentType: 'text/xml; charset=utf-16', soapAction: '""' },
    bad('HTTP_UNSUPPORTED_CHARSET', 415, '1.1'),
  ],
  ['GET', { method: 'GET', contentType: S12 }, bad('HTTP_METHOD_NOT_ALLOWED', 405)],
  ['PUT', { method: 'PUT', contentType: S12 }, bad('HTTP_METHOD_NOT_ALLOWED', 405)],
  ['lower-case post', { method: 'post', contentType: S12 }, bad('HTTP_METHOD_NOT_ALLOWED', 405)],
  ['no content type', { method: 'POST' }, bad('HTTP_UNSUPPORTED_MEDIA_TYPE', 415)],
  [
    'application/xml',
    { method: 'POST', contentType: 'application/xml; charset=utf-8' },
    bad('HTTP_UNSUPPORTED_MEDIA_TYPE', 415),
  ],
  ['text/plain', { method: 'POST', contentType: 'text/plain' }, bad('HTTP_UNSUPPORTED_MEDIA_TYPE', 415)],
  [
    'MTOM',
    { method: 'POST', contentType: 'multipart/related; type="application/xop+xml"' },
    bad('HTTP_UNSUPPORTED_MEDIA_TYPE', 415),
  ],
  [
    'malformed content type',
    { method: 'POST', contentType: 'application/soap+xml; charset' },
    bad('HTTP_MALFORMED_CONTENT_TYPE', 415),
  ],
  [
    'duplicate charset',
    { method: 'POST', contentType: `${S12}; charset=utf-8` },
    bad('HTTP_MALFORMED_CONTENT_TYPE', 415),
  ],
  [
    'too large',
    { method: 'POST', contentType: S12, contentLength: 1024 * 1024 + 1 },
    bad('HTTP_PAYLOAD_TOO_LARGE', 413, '1.2'),
  ],
  ['at the limit', { method: 'POST', contentType: S12, contentLength: 1024 * 1024 }, ok('1.2', null)],
];

describe('decideHttpRequest', () => {
  it.each(cases)('%s', (_name, head, expected) => {
    if ('version' in expected) {
      const binding = decideHttpRequest(head);
      expect(binding.version).toBe(expected.version);
      expect(binding.action).toBe(expected.action);
      expect(binding.message).toBe(
        expected.action === SYMKEY
          ? 'SymkeyRequest'
          : expected.action === KCP
            ? 'KeyCachePolicyRequest'
            : null,
      );
      return;
    }
    let caught: unknown;
    try {
      decideHttpRequest(head);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SoapBindingError);
    const error = caught as SoapBindingError;
    expect(error.code).toBe(expected.error);
    expect(error.faultCode).toBe('Sender');
    expect(error.httpStatus).toBe(expected.status);
    expect(error.faultVersion).toBe(expected.faultVersion);
    const response = buildFaultResponse(error);
    expect(response.status).toBe(expected.status ?? (expected.faultVersion === '1.1' ? 500 : 400));
    if (expected.status === 405) expect(response.headers.allow).toBe('POST');
    else expect(response.headers.allow).toBeUndefined();
  });

  it('honours a configured size limit', () => {
    expect(() =>
      decideHttpRequest({ method: 'POST', contentType: S12, contentLength: 11 }, { maxBytes: 10 }),
    ).toThrowError(SoapBindingError);
    expect(
      decideHttpRequest({ method: 'POST', contentType: S12, contentLength: 10 }, { maxBytes: 10 }).version,
    ).toBe('1.2');
  });
});

function envelope(version: SoapVersion, payload: string) {
  return parseEnvelope(parseXml(buildEnvelope({ version, body: payload })));
}
const SYMKEY_BODY = `<ekmi:SymkeyRequest xmlns:ekmi="${SKSML_NS}"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`;
const KCP_BODY = `<ekmi:KeyCachePolicyRequest xmlns:ekmi="${SKSML_NS}"/>`;

describe('checkEnvelopeBinding', () => {
  const binding = (version: SoapVersion, action: string | null): HttpRequestBinding => ({
    version,
    action,
    message: null,
  });
  const table: [string, HttpRequestBinding, SoapVersion, string, string][] = [
    ['matching action', binding('1.2', SYMKEY), '1.2', SYMKEY_BODY, 'SymkeyRequest'],
    ['no action (inferred)', binding('1.2', null), '1.2', KCP_BODY, 'KeyCachePolicyRequest'],
    ['1.1 matching', binding('1.1', KCP), '1.1', KCP_BODY, 'KeyCachePolicyRequest'],
    ['action mismatch', binding('1.2', KCP), '1.2', SYMKEY_BODY, 'HTTP_ACTION_MISMATCH'],
    ['1.1 action mismatch', binding('1.1', SYMKEY), '1.1', KCP_BODY, 'HTTP_ACTION_MISMATCH'],
    ['1.2 media type, 1.1 envelope', binding('1.2', null), '1.1', KCP_BODY, 'SOAP_BINDING_VERSION_MISMATCH'],
    ['1.1 media type, 1.2 envelope', binding('1.1', null), '1.2', KCP_BODY, 'SOAP_BINDING_VERSION_MISMATCH'],
    [
      'a response in the Body',
      binding('1.2', null),
      '1.2',
      `<ekmi:SymkeyResponse xmlns:ekmi="${SKSML_NS}"/>`,
      'HTTP_NOT_A_REQUEST',
    ],
    [
      'a foreign element in the Body',
      binding('1.2', null),
      '1.2',
      `<x:SymkeyRequest xmlns:x="urn:x"/>`,
      'HTTP_NOT_A_REQUEST',
    ],
  ];
  it.each(table)('%s', (_name, b, version, payload, expected) => {
    const env = envelope(version, payload);
    if (!expected.startsWith('HTTP_') && !expected.startsWith('SOAP_')) {
      expect(checkEnvelopeBinding(b, env)).toBe(expected);
      return;
    }
    let caught: unknown;
    try {
      checkEnvelopeBinding(b, env);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SoapBindingError);
    const error = caught as SoapBindingError;
    expect(error.code).toBe(expected);
    expect(error.faultVersion).toBe(b.version);
    const response = buildFaultResponse(error, version);
    expect(response.headers['content-type']).toBe(responseContentType(b.version));
    const fault = parseFault(parseEnvelope(parseXml(response.body)));
    expect(fault.version).toBe(b.version);
    if (expected === 'SOAP_BINDING_VERSION_MISMATCH') {
      expect(fault.code).toBe('VersionMismatch');
      expect(response.status).toBe(500);
    } else {
      expect(fault.code).toBe('Sender');
      expect(response.status).toBe(b.version === '1.2' ? 400 : 500);
    }
  });
});

describe('responses', () => {
  it('maps fault codes to HTTP status (SOAP 1.2 Part 2 §7.5; SOAP 1.1: 500)', () => {
    const got = SOAP_FAULT_CODES.map((c) => [c, httpStatusForFault('1.2', c), httpStatusForFault('1.1', c)]);
    expect(got).toEqual([
      ['Sender', 400, 500],
      ['Receiver', 500, 500],
      ['VersionMismatch', 500, 500],
      ['MustUnderstand', 500, 500],
      ['DataEncodingUnknown', 500, 500],
    ]);
  });

  it('answers SKSML responses with 200 and the request version’s content type', () => {
    const body = buildEnvelope({ version: '1.1', body: KCP_BODY });
    expect(buildSksmlResponse('1.1', body)).toEqual({
      status: 200,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body,
    });
    expect(buildSksmlResponse('1.2', body).headers['content-type']).toBe(
      'application/soap+xml; charset=utf-8',
    );
  });

  it.each<SoapVersion>(['1.2', '1.1'])('turns WSS errors into WSS faults (SOAP %s)', (version) => {
    const error = new SoapError('WSS_SOME_CHECK', 'Sender', 'digest mismatch for /etc/secret', {
      subcode: WSS_FAULTS.FailedCheck,
    });
    const response = buildFaultResponse(error, version);
    const fault = parseFault(parseEnvelope(parseXml(response.body)));
    expect(fault.subcodes).toEqual([
      { namespace: WSS_FAULTS.FailedCheck.namespace, localName: 'FailedCheck' },
    ]);
    expect(fault.reason).toBe(WSS_FAULT_REASONS.FailedCheck);
    expect(response.status).toBe(version === '1.2' ? 400 : 500);
  });

  it('answers a MustUnderstand error with NotUnderstood headers', () => {
    const error = new SoapError('SOAP_MUST_UNDERSTAND', 'MustUnderstand', 'x', {
      notUnderstood: [{ namespace: 'urn:a', localName: 'H' }],
    });
    const response = buildFaultResponse(error, '1.2');
    const env = parseEnvelope(parseXml(response.body));
    expect(env.headerBlocks.map((b) => b.localName)).toEqual(['NotUnderstood']);
    expect(parseFault(env).reason).toBe(FAULT_REASONS.SOAP_MUST_UNDERSTAND);
    expect(response.status).toBe(500);
  });

  it('never puts exception messages, stacks or secrets into a fault', () => {
    const secret = 'KEYBYTES=3q2+7w== at /srv/sks/keys.db line 42';
    const errors: unknown[] = [
      new Error(secret),
      new SksmlError('SOMETHING', secret),
      new SoapError('SOAP_DUPLICATE_BODY', 'Sender', secret),
      new SoapError('UNLISTED_CODE', 'Receiver', secret),
      new XmlIntakeError('XML_MALFORMED', secret),
      new SoapBindingError('HTTP_ACTION_MISMATCH', 'Sender', secret, { faultVersion: '1.1' }),
      secret,
    ];
    for (const error of errors) {
      for (const version of ['1.1', '1.2'] as const) {
        const response = buildFaultResponse(error, version);
        expect(response.body).not.toContain('KEYBYTES');
        expect(response.body).not.toContain('/srv');
        expect(response.body).not.toContain('    at ');
        const fault = parseFault(parseEnvelope(parseXml(response.body)));
        expect(
          Object.values(FAULT_REASONS).concat([
            'The message was rejected',
            'The server could not process the request',
          ]),
        ).toContain(fault.reason);
      }
    }
  });

  it('maps unknown errors to Receiver/500 and intake errors to Sender (413 when over the size limit)', () => {
    expect(buildFaultResponse(new Error('x'), '1.2').status).toBe(500);
    expect(buildFaultResponse(new XmlIntakeError('XML_MALFORMED', 'x'), '1.2').status).toBe(400);
    expect(buildFaultResponse(new XmlIntakeError('XML_MALFORMED', 'x'), '1.1').status).toBe(500);
    expect(buildFaultResponse(new XmlIntakeError('XML_LIMIT_BYTES', 'x'), '1.2').status).toBe(413);
    expect(buildFaultResponse(new Error('x')).headers['content-type']).toBe(
      'application/soap+xml; charset=utf-8',
    );
  });

  it('answers a real malformed request end to end', () => {
    const head = { method: 'POST', contentType: `${S12}; action="${SYMKEY}"` };
    const binding = decideHttpRequest(head);
    let caught: unknown;
    try {
      checkEnvelopeBinding(
        binding,
        parseEnvelope(parseXml(`<x:Envelope xmlns:x="urn:nope"><x:Body/></x:Envelope>`), {
          expectedVersion: binding.version,
        }),
      );
    } catch (e) {
      caught = e;
    }
    const response = buildFaultResponse(caught, binding.version);
    expect(response.status).toBe(500);
    const env = parseEnvelope(parseXml(response.body));
    expect(parseFault(env).code).toBe('VersionMismatch');
    expect(env.headerBlocks[0]!.localName).toBe('Upgrade');
  });
});
