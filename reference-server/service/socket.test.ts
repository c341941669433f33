/**
 * Over a real socket (127.0.0.1, a free port): a new key end to end, the concurrency limit (503 +
 * Retry-After), the per-request timeout, and graceful shutdown (a request in flight finishes, then
 * the store closes). A key provider that waits on the test makes requests slow on demand.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SksmlMessage } from '../../protocol/model/message.ts';
import { createNodeKeyProvider } from '../keys/node-key-provider.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { listenSksServer, type ListeningServer } from './listen.ts';
import {
  buildSignedRequest,
  readAnswer,
  startServerFixture,
  unwrapSymkey,
  type ServerFixture,
} from './testing/server-fixture.ts';

let fx: ServerFixture;
let listening: ListeningServer;
let hold: Promise<void> = Promise.resolve();
let release: () => void = () => undefined;
let entered: () => void = () => undefined;

function closeGate(): Promise<void> {
  hold = new Promise((resolve) => (release = resolve));
  return new Promise((resolve) => (entered = resolve));
}

const inner = createNodeKeyProvider();
const slowProvider: KeyProvider = {
  name: 'test-slow',
  async generateKey(algorithm, size) {
    entered();
    await hold;
    return inner.generateKey(algorithm, size);
  },
  close: () => inner.close(),
};

const newKey: SksmlMessage = {
  type: 'SymkeyRequest',
  message: { kind: 'keys', globalKeyIds: [{ domainId: 32473n, serverId: 0n, keyId: 0n }] },
};

async function healthInFlight(): Promise<number> {
  const health = (await (await fetch(listening.url.replace(/\/sks$/, '/health'))).json()) as {
    inFlight: number;
  };
  return health.inFlight;
}

function send(): Promise<Response> {
  const request = buildSignedRequest(fx.client.credential, newKey, { url: listening.url });
  return fetch(request);
}

/**
 * POSTs a chunked body of `a`s (no Content-Length) until the server answers or `limit` bytes were
 * offered; resolves with the status and the number of bytes written before the answer came.
 */
function streamUntilAnswered(limit: number): Promise<{ status: number; written: number }> {
  const url = new URL(listening.url);
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      },
      (res) => {
        answered = true;
        res.resume();
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, written });
        });
      },
    );
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const pump = (): void => {
      while (!answered && written < limit) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

beforeAll(async () => {
  fx = await startServerFixture({
    configure: (c) => ({
      ...c,
      limits: { ...c.limits, maxConcurrent: 1, requestTimeoutMs: 1500, maxBodyBytes: 64 * 1024 },
    }),
    deps: { keyProvider: slowProvider },
  });
  listening = await listenSksServer(fx.server, { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  release();
  await listening?.stop({ drainTimeoutMs: 2000 });
  await fx?.cleanup();
});

describe('the server on a socket', () => {
  it('serves a new key over HTTP', async () => {
    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sks$/);
    const answer = await readAnswer(await send(), fx.trustAnchors);
    if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse') throw new Error(answer.text);
    expect(unwrapSymkey(answer.message.message.symkeys[0]!, fx.client.credential.privateKey)).toHaveLength(
      32,
    );
    const health = await fetch(listening.url.replace(/\/sks$/, '/health'));
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('refuses a streamed body over the cap with 413 before it ends, and keeps serving', async () => {
    // SKSML-BIND-24 on the Node request path (the body is read from the IncomingMessage).
    const answer = await streamUntilAnswered(64 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.written).toBeLessThan(64 * 1024 * 1024);
    expect((await send()).status).toBe(200);
  });

  it('answers 503 with Retry-After beyond the concurrency limit, and times out a stuck request', async () => {
    const inside = closeGate();
    const first = send();
    await inside;
    const second = await send();
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    const busy = await readAnswer(second, fx.trustAnchors);
    expect(busy.kind === 'fault' && busy.fault.code).toBe('Receiver');
    const timedOut = await readAnswer(await first, fx.trustAnchors);
    expect(timedOut.kind === 'fault' && timedOut.fault.subcodes.map((q) => q.localName)).toEqual(['Timeout']);
    release();
    // Once the stuck work has finished, the slot is free again.
    for (let i = 0; i < 100 && (await healthInFlight()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await send()).status).toBe(200);
  });

  it('shuts down gracefully: the request in flight completes, new ones are refused, the store closes', async () => {
    const inside = closeGate();
    const inFlight = send();
    await inside;
    // stop() closes the listening socket and the request gate before its first await.
    const stopped = listening.stop({ drainTimeoutMs: 5000 });
    const refused = await send().then(
      (r) => r.status,
      () => 'connection refused',
    );
    expect([503, 'connection refused']).toContain(refused);
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    const answer = await readAnswer(response, fx.trustAnchors);
    expect(answer.kind).toBe('message');
    await stopped;
    const store = fx.server.services.store;
    await expect(Promise.resolve().then(() => store.getClient('dev-client'))).rejects.toMatchObject({
      code: 'STORE_CLOSED',
    });
  });
});
