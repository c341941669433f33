/**
 * Every misbehaviour of the scripted server, against a client configured for it: the exact
 * ClientError code, and whether the client retried (channel failures) or stopped at once (answers).
 */
import { describe, expect, it } from 'vitest';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { ClientError, type ClientErrorCode } from '../errors/client-error.ts';
import type { Behaviour } from '../testing/behaviour.ts';
import { BEHAVIOURS } from '../testing/behaviour.ts';
import { createScriptedServer } from '../testing/scripted-server.ts';
import { createTestClient } from '../testing/test-client.ts';

const pki = createTestPki();

interface Case {
  readonly behaviour: Behaviour;
  readonly code: ClientErrorCode;
  /** Channel failures are retried (2 attempts); answers are final (1 attempt). */
  readonly retried: boolean;
  readonly detail?: string;
  readonly call?: 'new' | 'classes' | 'existing';
}

const CASES: readonly Case[] = [
  { behaviour: 'unsigned', code: 'CLIENT_RESPONSE_UNSIGNED', retried: false, detail: 'WSS_MISSING_SECURITY' },
  { behaviour: 'untrusted-signer', code: 'CLIENT_RESPONSE_UNTRUSTED', retried: false },
  {
    behaviour: 'wrong-server-certificate',
    code: 'CLIENT_RESPONSE_UNTRUSTED',
    retried: false,
    detail: 'WSS_UNEXPECTED_CERTIFICATE',
  },
  { behaviour: 'client-certificate-signer', code: 'CLIENT_RESPONSE_UNTRUSTED', retried: false },
  {
    behaviour: 'wrapped-body',
    code: 'CLIENT_RESPONSE_SIGNATURE',
    retried: false,
    detail: 'WSS_WRAPPED_BODY',
  },
  { behaviour: 'stale', code: 'CLIENT_RESPONSE_STALE', retried: false, detail: 'WSS_EXPIRED' },
  { behaviour: 'wrong-key-size', code: 'CLIENT_KEY_SIZE_MISMATCH', retried: false },
  { behaviour: 'algorithm-mismatch', code: 'CLIENT_KEY_SIZE_MISMATCH', retried: false },
  {
    behaviour: 'bad-cipher-value',
    code: 'CLIENT_UNWRAP_FAILED',
    retried: false,
    detail: 'KEYTRANSPORT_DECRYPT_FAILED',
  },
  { behaviour: 'malformed-xml', code: 'CLIENT_RESPONSE_MALFORMED', retried: true },
  {
    behaviour: 'schema-invalid',
    code: 'CLIENT_RESPONSE_MALFORMED',
    retried: false,
    detail: 'MODEL_MISSING_ELEMENT',
  },
  { behaviour: 'wrong-response-type', code: 'CLIENT_RESPONSE_MISMATCH', retried: false },
  { behaviour: 'fault', code: 'CLIENT_SERVER_FAULT', retried: false },
  { behaviour: 'slow', code: 'CLIENT_TIMEOUT', retried: true },
  { behaviour: 'hang', code: 'CLIENT_TIMEOUT', retried: true },
  { behaviour: 'http-500-html', code: 'CLIENT_TRANSPORT', retried: true },
  { behaviour: 'refuse', code: 'CLIENT_TRANSPORT', retried: true },
  { behaviour: 'unrequested-key-class', code: 'CLIENT_RESPONSE_MISMATCH', retried: false, call: 'classes' },
  {
    behaviour: 'unrequested-global-key-id',
    code: 'CLIENT_RESPONSE_MISMATCH',
    retried: false,
    call: 'existing',
  },
];

async function failure(p: Promise<unknown>): Promise<ClientError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClientError) return e;
    throw e;
  }
  throw new Error('expected a ClientError');
}

describe('misbehaving servers', () => {
  it('covers every misbehaviour switch (except the ones with their own tests)', () => {
    const own: Behaviour[] = ['ok', 'replay', 'work-in-progress', 'symkey-error'];
    expect([...CASES.map((c) => c.behaviour), ...own].sort()).toEqual([...BEHAVIOURS].sort());
  });

  it.each(CASES)('$behaviour -> $code', async ({ behaviour, code, retried, detail, call }) => {
    // Existing keys need a stored key first: the first call is correct, the rest misbehave.
    const server = createScriptedServer({
      pki,
      behaviour: (n) => (call === 'existing' && n === 0 ? 'ok' : behaviour),
      delayMs: 300,
    });
    const { client, sleeps } = createTestClient(
      pki,
      [{ fetch: server, name: 'only', expectedCertificate: pki.server.certificate }],
      { timeouts: { attemptMs: 100 }, retry: { attempts: 2, baseDelayMs: 10 } },
    );
    let expectedCalls = retried ? 2 : 1;
    let attempt: Promise<unknown>;
    if (call === 'existing') {
      const created = await client.requestNewKey();
      expectedCalls += 1;
      attempt = client.getKey(created.keys[0]!.globalKeyId);
    } else {
      attempt = call === 'classes' ? client.requestNewKeys(['A']) : client.requestNewKey();
    }
    const error = await failure(attempt);
    expect(error.code).toBe(code);
    expect(error.server).toBe('only');
    if (detail !== undefined) expect(error.detail).toBe(detail);
    expect(server.calls).toBe(expectedCalls);
    expect(sleeps).toEqual(retried ? [10] : []);
    expect(error.attempts.map((a) => a.code)).toEqual(Array.from({ length: retried ? 2 : 1 }, () => code));
  });

  it('reports a SOAP fault with its parsed content, marked as unsigned', async () => {
    const server = createScriptedServer({ pki, behaviour: 'fault' });
    const { client } = createTestClient(pki, [{ fetch: server, name: 'only' }]);
    const error = await failure(client.requestNewKey());
    expect(error.fault).toMatchObject({ code: 'Receiver', signed: false, httpStatus: 500 });
    expect(error.fault?.reason).toMatch(/could not process/);
  });

  it('refuses a replayed response (the same signed answer twice)', async () => {
    const server = createScriptedServer({ pki, behaviour: 'replay' });
    const { client } = createTestClient(pki, [{ fetch: server, name: 'only' }]);
    await client.requestNewKey();
    const error = await failure(client.requestNewKey());
    expect(error.code).toBe('CLIENT_RESPONSE_REPLAYED');
    expect(error.detail).toBe('WSS_REPLAY');
  });

  it('accepts another server certificate of the CA when nothing is pinned, but never a client certificate', async () => {
    const other = createScriptedServer({ pki, behaviour: 'wrong-server-certificate' });
    expect(
      (await createTestClient(pki, [{ fetch: other, name: 'o' }]).client.requestNewKey()).keys,
    ).toHaveLength(1);
    const rogue = createScriptedServer({ pki, behaviour: 'untrusted-signer' });
    const untrusted = await failure(
      createTestClient(pki, [{ fetch: rogue, name: 'r' }]).client.requestNewKey(),
    );
    expect([untrusted.code, untrusted.detail]).toEqual([
      'CLIENT_RESPONSE_UNTRUSTED',
      'WSS_UNTRUSTED_CERTIFICATE',
    ]);
    const byClient = createScriptedServer({ pki, behaviour: 'client-certificate-signer' });
    const error = await failure(
      createTestClient(pki, [{ fetch: byClient, name: 'c' }]).client.requestNewKey(),
    );
    expect(error.code).toBe('CLIENT_RESPONSE_UNTRUSTED');
  });

  it('treats a signed SymkeyError as a normal, final answer', async () => {
    const server = createScriptedServer({ pki, behaviour: 'symkey-error' });
    const { client } = createTestClient(pki, [{ fetch: server, name: 'only' }]);
    const r = await client.requestNewKeys(['A', 'B']);
    expect(r.keys).toEqual([]);
    expect(r.errors.map((e) => [e.requestedKeyClass, e.errorCode])).toEqual([
      ['A', 'SKS-100004'],
      ['B', 'SKS-100004'],
    ]);
  });

  it('a slow server within the timeout is fine', async () => {
    const server = createScriptedServer({ pki, behaviour: 'slow', delayMs: 20 });
    const { client } = createTestClient(pki, [{ fetch: server, name: 'only' }], {
      timeouts: { attemptMs: 5000 },
    });
    expect((await client.requestNewKey()).keys).toHaveLength(1);
  });
});
