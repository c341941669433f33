import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import { KeyTransportError } from '../../protocol/keytransport/key-transport-error.ts';
import { ModelError } from '../../protocol/model/model-error.ts';
import { serializeSymkeyResponse } from '../../protocol/model/serialize/serialize-messages.ts';
import { CertificateError, type CertificateErrorCode } from '../../protocol/pki/certificate-error.ts';
import { parseEnvelope } from '../../protocol/soap/envelope.ts';
import { SoapBindingError } from '../../protocol/soap/http-binding.ts';
import { SOAP11_ENVELOPE_NS, WSSE_NS } from '../../protocol/soap/namespaces.ts';
import { parseFault } from '../../protocol/soap/parse-fault.ts';
import { SoapError } from '../../protocol/soap/soap-error.ts';
import { validateSemantics } from '../../protocol/validation/validate-semantics.ts';
import { FAULT_OF_CODE, WssError, type WssErrorCode } from '../../protocol/wss/wss-error.ts';
import { parseXml, XmlIntakeError } from '../../protocol/xml/intake.ts';
import { CERTIFICATE_FAULTS, SERVER_ERROR_FAULTS, toFault, type FaultResponse } from './fault-mapping.ts';
import { SKSML_FAULT_NS } from './fault-subcodes.ts';
import { FAULT_TABLE } from './fault-table.ts';
import { ERROR_REGISTRY_JSON_PATH, buildErrorRegistryJson } from './registry-json.ts';
import { ServerError, type ServerErrorCode } from './server-error.ts';
import { SYMKEY_ERROR_CODES, SYMKEY_ERROR_CODE_PATTERN, isSymkeyErrorCode } from './symkey-error-codes.ts';
import { pollItem, symkeyErrorCodeFor, toSymkeyError } from './to-symkey-error.ts';

function parsed(r: FaultResponse) {
  return parseFault(parseEnvelope(parseXml(r.body)));
}

const SERVER_CODES = Object.keys(SERVER_ERROR_FAULTS) as ServerErrorCode[];
const CERT_CODES = Object.keys(CERTIFICATE_FAULTS) as CertificateErrorCode[];
const WSS_CODES = Object.keys(FAULT_OF_CODE) as WssErrorCode[];

describe('SymkeyError registry', () => {
  it('has unique, well-formed codes and fixed messages within the schema limits', () => {
    const codes = SYMKEY_ERROR_CODES.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of SYMKEY_ERROR_CODES) {
      expect(e.code).toMatch(SYMKEY_ERROR_CODE_PATTERN);
      expect(e.code.length).toBeLessThanOrEqual(64);
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.message.length).toBeLessThanOrEqual(1024);
      for (const r of e.requirements) expect(r).toMatch(/^SKSML-(SRV|MSG)-[1-9][0-9]*$/);
    }
    expect(codes).toEqual(
      expect.arrayContaining([
        'SKS-UNKNOWN-KEY',
        'SKS-UNAUTHORIZED',
        'SKS-UNKNOWN-KEY-CLASS',
        'SKS-POLICY-INACTIVE',
        'SKS-UNKNOWN-REQUEST-ID',
        'SKS-REQUEST-DENIED',
        'SKS-INVALID-ENCRYPTION-CERTIFICATE',
        'SKS-DOMAIN-MISMATCH',
        'SKS-INTERNAL',
      ]),
    );
    expect(isSymkeyErrorCode('SKS-UNKNOWN-KEY')).toBe(true);
    expect(isSymkeyErrorCode('SKS-100004')).toBe(false);
  });

  it('spec/error-registry.json is the registry the code implements', () => {
    const committed: unknown = JSON.parse(readFileSync(ERROR_REGISTRY_JSON_PATH, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildErrorRegistryJson())));
  });

  it('every code is documented in spec/error-registry.md', () => {
    const doc = readFileSync(ERROR_REGISTRY_JSON_PATH.replace(/\.json$/, '.md'), 'utf8');
    for (const e of SYMKEY_ERROR_CODES) {
      expect(doc).toContain(`\`${e.code}\``);
      expect(doc).toContain(e.message);
    }
    for (const code of SERVER_CODES) expect(doc).toContain(`\`${code}\``);
  });
});

describe('toSymkeyError', () => {
  const item = {
    symkeyRequestId: { domainId: 32473n, serverId: 1n, requestId: 7n },
    requestedGlobalKeyId: { domainId: 32473n, serverId: 0n, keyId: 0n },
    requestedKeyClass: 'PAYROLL',
  };

  it('writes each code with its fixed message into a valid SymkeyResponse', () => {
    const errors = SYMKEY_ERROR_CODES.map((e) => toSymkeyError(e.code, item));
    errors.forEach((err, i) => {
      expect(err.errorCode).toBe(SYMKEY_ERROR_CODES[i]!.code);
      expect(err.errorMessage).toBe(SYMKEY_ERROR_CODES[i]!.message);
      expect(err.requestedKeyClass).toBe('PAYROLL');
    });
    const xml = serializeSymkeyResponse({ symkeys: [], workInProgress: [], errors });
    expect(validateSemantics(parseXml(xml)).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('answers a poll with the polled ID and the original or sentinel GlobalKeyID', () => {
    const polled = { domainId: 32473n, serverId: 2n, requestId: 99n };
    expect(pollItem(polled)).toEqual({
      symkeyRequestId: polled,
      requestedGlobalKeyId: { domainId: 32473n, serverId: 0n, keyId: 0n },
    });
    const original = {
      requestedGlobalKeyId: { domainId: 32473n, serverId: 0n, keyId: 0n },
      requestedKeyClass: 'ARCHIVE',
    };
    expect(toSymkeyError('SKS-REQUEST-DENIED', pollItem(polled, original))).toEqual({
      symkeyRequestId: polled,
      requestedGlobalKeyId: original.requestedGlobalKeyId,
      requestedKeyClass: 'ARCHIVE',
      errorCode: 'SKS-REQUEST-DENIED',
      errorMessage: 'The request was denied by an administrator',
    });
  });

  it('maps item-level exceptions to a code, never to their text', () => {
    expect(symkeyErrorCodeFor(new CertificateError('CERT_UNTRUSTED', 'x'))).toBe(
      'SKS-INVALID-ENCRYPTION-CERTIFICATE',
    );
    expect(symkeyErrorCodeFor(new KeyTransportError('KEYTRANSPORT_BAD_KEY', 'x'))).toBe(
      'SKS-INVALID-ENCRYPTION-CERTIFICATE',
    );
    expect(symkeyErrorCodeFor(new KeyTransportError('KEYTRANSPORT_WRAP_FAILED', 'x'))).toBe('SKS-INTERNAL');
    expect(symkeyErrorCodeFor(new Error('SKS-UNKNOWN-KEY'))).toBe('SKS-INTERNAL');
    expect(symkeyErrorCodeFor('boom')).toBe('SKS-INTERNAL');
  });
});

describe('toFault: every failure class', () => {
  it.each(['1.2', '1.1'] as const)(
    'client-authentication failures are indistinguishable from an untrusted certificate (SOAP %s)',
    (v) => {
      const unknown = toFault(new ServerError('SRV_UNKNOWN_CLIENT', 'client CN=a not registered'), v);
      const deactivated = toFault(
        new ServerError('SRV_CLIENT_DEACTIVATED', 'client 7 deactivated on 2025-01-01'),
        v,
      );
      const untrusted = toFault(new WssError('WSS_UNTRUSTED_CERTIFICATE', 'issuer CN=evil'), v);
      const certificate = toFault(new CertificateError('CERT_UNTRUSTED', 'no path'), v);
      for (const r of [deactivated, untrusted, certificate]) {
        expect(r.status).toBe(unknown.status);
        expect(r.headers).toEqual(unknown.headers);
        expect(r.body).toBe(unknown.body);
      }
      expect(parsed(unknown).subcodes).toEqual([{ namespace: WSSE_NS, localName: 'FailedAuthentication' }]);
      expect(unknown.logCode).toBe('SRV_UNKNOWN_CLIENT');
      expect(deactivated.logCode).toBe('SRV_CLIENT_DEACTIVATED');
    },
  );

  it.each(['1.2', '1.1'] as const)('project subcodes keep the Sender/Receiver class in SOAP %s', (v) => {
    for (const code of SERVER_CODES) {
      const r = toFault(new ServerError(code, 'details'), v);
      const f = parsed(r);
      const expected = SERVER_ERROR_FAULTS[code];
      expect(f.code, code).toBe(expected.faultCode);
      expect(f.reason).toBe(expected.reason);
      if (expected.subcode?.namespace === SKSML_FAULT_NS) {
        expect(f.subcodes, code).toEqual([
          v === '1.2'
            ? { namespace: SKSML_FAULT_NS, localName: expected.subcode.localName }
            : { namespace: SOAP11_ENVELOPE_NS, localName: expected.subcode.localName },
        ]);
      }
      expect(r.status, code).toBe(
        expected.httpStatus ?? (v === '1.2' && expected.faultCode === 'Sender' ? 400 : 500),
      );
    }
    expect(toFault(new ServerError('SRV_BUSY', 'x'), v).headers['retry-after']).toBe('1');
  });

  it('WSS errors carry their WSS fault QName; the binding and intake keep spec/binding.md', () => {
    for (const code of WSS_CODES) {
      const r = toFault(new WssError(code, 'detail'), '1.2');
      expect(parsed(r).subcodes).toEqual([{ namespace: WSSE_NS, localName: FAULT_OF_CODE[code] }]);
      expect(r.status).toBe(400);
      expect(r.failureClass).toBe('wss');
    }
    const method = toFault(
      new SoapBindingError('HTTP_METHOD_NOT_ALLOWED', 'Sender', 'x', { httpStatus: 405, allow: 'POST' }),
    );
    expect([method.status, method.headers.allow, method.failureClass, method.version]).toEqual([
      405,
      'POST',
      'http-binding',
      '1.2',
    ]);
    const big = toFault(new XmlIntakeError('XML_LIMIT_BYTES', 'too big'), '1.1');
    expect([big.status, big.failureClass, parsed(big).code]).toEqual([413, 'xml-intake', 'Sender']);
    const dtd = toFault(new XmlIntakeError('XML_DOCTYPE_FORBIDDEN', 'file:///etc/passwd'), '1.2');
    expect([dtd.status, parsed(dtd).reason]).toEqual([400, 'The message is not acceptable XML']);
    const mu = toFault(new SoapError('SOAP_MUST_UNDERSTAND', 'MustUnderstand', 'x'), '1.2');
    expect([mu.status, mu.failureClass, parsed(mu).code]).toEqual([500, 'soap-envelope', 'MustUnderstand']);
  });

  it('certificate errors, model errors and internal failures', () => {
    for (const code of CERT_CODES) {
      const f = parsed(toFault(new CertificateError(code, 'x'), '1.2'));
      expect(f.subcodes).toEqual([{ namespace: WSSE_NS, localName: CERTIFICATE_FAULTS[code] }]);
    }
    const model = toFault(new ModelError('MODEL_INVALID_ID', 'bad', '/SymkeyRequest/GlobalKeyID'), '1.2');
    expect([model.status, model.failureClass, parsed(model).subcodes[0]?.localName]).toEqual([
      400,
      'model',
      'InvalidRequest',
    ]);
    for (const e of [
      new Error('db down'),
      new SksmlError('STORE_INTEGRITY', 'row keys/7 tampered'),
      new KeyTransportError('KEYTRANSPORT_WRAP_FAILED', 'x'),
      null,
      'text',
      42,
    ]) {
      const r = toFault(e, '1.2');
      expect([r.status, r.failureClass, parsed(r).code, parsed(r).subcodes]).toEqual([
        500,
        'internal',
        'Receiver',
        [],
      ]);
    }
    expect(toFault(new SksmlError('STORE_INTEGRITY', 'x')).logCode).toBe('STORE_INTEGRITY');
    expect(toFault(new Error('x')).logCode).toBe('INTERNAL');
  });

  it('implements every row of the documented fault table', () => {
    const samples: Record<string, unknown[]> = {
      'http-binding': [new SoapBindingError('HTTP_UNKNOWN_ACTION', 'Sender', 'x')],
      'xml-intake': [new XmlIntakeError('XML_MALFORMED', 'x')],
      'soap-envelope': [new SoapError('SOAP_EMPTY_BODY', 'Sender', 'x')],
      wss: [new WssError('WSS_BAD_SIGNATURE', 'x')],
      certificate: CERT_CODES.map((c) => new CertificateError(c, 'x')),
      'client-authentication': [
        new ServerError('SRV_UNKNOWN_CLIENT', 'x'),
        new ServerError('SRV_CLIENT_DEACTIVATED', 'x'),
      ],
      schema: [new ServerError('SRV_SCHEMA_INVALID', 'x')],
      semantic: [new ServerError('SRV_SEMANTIC_INVALID', 'x')],
      model: [new ModelError('MODEL_MISSING_ELEMENT', 'x', '/x')],
      limit: [new ServerError('SRV_TOO_MANY_ITEMS', 'x')],
      busy: [new ServerError('SRV_BUSY', 'x')],
      timeout: [new ServerError('SRV_TIMEOUT', 'x')],
      internal: [new ServerError('SRV_NO_CACHE_POLICY', 'x'), new Error('x')],
    };
    for (const row of FAULT_TABLE) {
      const errors = (samples[row.failureClass] ?? []).filter(
        (e) =>
          !(e instanceof SksmlError) ||
          row.codes.some(
            (c) =>
              c === e.code || c === 'any other' || (c.endsWith('*') && e.code.startsWith(c.slice(0, -1))),
          ),
      );
      expect(errors.length, row.failure).toBeGreaterThan(0);
      for (const e of errors) {
        for (const v of ['1.2', '1.1'] as const) {
          const r = toFault(e, v);
          expect(r.failureClass, row.failure).toBe(row.failureClass);
          expect(row.http[v === '1.2' ? 'soap12' : 'soap11'], row.failure).toContain(String(r.status));
          const f = parsed(r);
          if (row.soap12.subcode !== null && !row.soap12.subcode.includes('<')) {
            const local = row.soap12.subcode.split(':')[1]!;
            expect(f.subcodes[0]?.localName.endsWith(local), row.failure).toBe(true);
          }
          if (!row.reason.startsWith('fixed per')) expect(f.reason, row.failure).toBe(row.reason);
        }
      }
    }
  });
});

describe('toFault: nothing from the error reaches the peer (property)', () => {
  const MARK = 'ZQXJ';
  const secretText = fc
    .string({ maxLength: 40 })
    .map(
      (s) => `${MARK}${s}${MARK} /work/main/reference-server/x.ts:12:7 at Object.<anonymous> (/etc/passwd)`,
    );
  const keyBytes = fc.uint8Array({ minLength: 16, maxLength: 32 });

  const errorArb = fc.tuple(secretText, keyBytes, fc.nat(1000)).chain(([secret, key, n]) => {
    const hex = Buffer.from(key).toString('hex');
    const b64 = Buffer.from(key).toString('base64');
    const msg = `${secret} key=${hex} b64=${b64}`;
    const cause = new Error(msg);
    return fc
      .constantFrom<() => unknown>(
        () => new Error(msg, { cause }),
        () => new SksmlError(`SRV_${MARK}`, msg, { cause }),
        () => new SoapError(`SOAP_${MARK}`, 'Sender', msg, { cause }),
        () => new SoapBindingError('HTTP_UNKNOWN_ACTION', 'Sender', msg),
        () => new XmlIntakeError(WSS_CODES.length % 2 === 0 ? 'XML_MALFORMED' : 'XML_ENTITY_FORBIDDEN', msg),
        () => new WssError(WSS_CODES[n % WSS_CODES.length]!, msg, { cause }),
        () => new CertificateError(CERT_CODES[n % CERT_CODES.length]!, msg, { cause }),
        () => new ServerError(SERVER_CODES[n % SERVER_CODES.length]!, msg, { cause }),
        () => new ModelError('MODEL_INVALID_VALUE', msg, `/SymkeyRequest/${MARK}`),
        () => new KeyTransportError('KEYTRANSPORT_DECRYPT_FAILED', msg, { cause }),
        () =>
          Object.assign(new Error(msg), {
            code: `X ${MARK} <b>`,
            faultCode: 'Sender',
            subcode: { namespace: MARK, localName: MARK, prefix: 'x' },
          }),
        () => msg,
        () => ({ message: msg, stack: msg }),
      )
      .map((make) => ({ error: make(), hex, b64 }));
  });

  it('body and headers never contain the message, cause, stack, paths or key bytes', () => {
    fc.assert(
      fc.property(errorArb, fc.constantFrom('1.2', '1.1', null), ({ error, hex, b64 }, version) => {
        const r = toFault(error, version);
        const out = `${r.body}\n${JSON.stringify(r.headers)}\n${r.reason}`;
        expect(out).not.toContain(MARK);
        expect(out).not.toContain(hex);
        expect(out).not.toContain(b64);
        expect(out).not.toMatch(/\.ts:\d|\/etc\/passwd|\/work\/| at /);
        expect(r.logCode).toMatch(/^[A-Z][A-Z0-9_-]*$/);
        expect(() => parsed(r)).not.toThrow();
        expect(r.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 300 },
    );
  });

  it('SymkeyErrors carry only the registry text, whatever the failure was', () => {
    fc.assert(
      fc.property(errorArb, ({ error, hex }) => {
        const e = toSymkeyError(symkeyErrorCodeFor(error), {
          symkeyRequestId: { domainId: 1n, serverId: 1n, requestId: 1n },
          requestedGlobalKeyId: { domainId: 1n, serverId: 0n, keyId: 0n },
        });
        expect(SYMKEY_ERROR_CODES.some((c) => c.code === e.errorCode && c.message === e.errorMessage)).toBe(
          true,
        );
        expect(`${e.errorCode}${e.errorMessage}`).not.toContain(MARK);
        expect(e.errorMessage).not.toContain(hex);
      }),
      { numRuns: 200 },
    );
  });
});
