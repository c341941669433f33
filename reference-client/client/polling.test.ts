import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSymkeyRequestID } from '../../protocol/model/identifiers.ts';
import type { SymkeyResponse } from '../../protocol/model/symkey-response.ts';
import {
  buildKeyUsePolicy,
  buildSymkey,
  buildSymkeyError,
  buildSymkeyWorkInProgress,
} from '../../protocol/testkit/builders.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { ClientError } from '../errors/client-error.ts';
import { createScriptedServer } from '../testing/scripted-server.ts';
import { createTestClient } from '../testing/test-client.ts';
import { checkResponseAnswersRequest, type PendingEntry } from './match-response.ts';

const pki = createTestPki();

/** A clock that only moves when the test (or the client's injected sleep) moves it. */
function fakeClock(): { now: () => Date; advance: (ms: number) => void } {
  let t = Date.now();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

function setup(polls: number, requestCheckInterval = 120) {
  const clock = fakeClock();
  const pollTimes: number[] = [];
  const server = createScriptedServer({
    pki,
    behaviour: 'work-in-progress',
    polls,
    requestCheckInterval,
    clock: clock.now,
  });
  const fetch = (request: Request): Promise<Response> => {
    pollTimes.push(clock.now().getTime());
    return server(request);
  };
  const { client } = createTestClient(pki, [{ fetch, name: 'async' }], {
    clock: clock.now,
    sleep: (ms) => {
      clock.advance(ms);
      return Promise.resolve();
    },
  });
  return { clock, server, client, pollTimes };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClientError) return e.code;
    throw e;
  }
  throw new Error('expected a ClientError');
}

describe('asynchronous requests', () => {
  it('returns SymkeyWorkInProgress as pending, refuses to poll early, and delivers on a later poll', async () => {
    const { clock, client, server } = setup(2);
    const first = await client.requestNewKeys(['A']);
    expect(first.keys).toEqual([]);
    expect(first.pending).toHaveLength(1);
    const wip = first.pending[0]!;
    expect(wip.notBefore.getTime() - clock.now().getTime()).toBe(120_000);
    const id = formatSymkeyRequestID(wip.symkeyRequestId);

    clock.advance(119_999);
    expect(await codeOf(client.poll([id]))).toBe('CLIENT_POLL_TOO_EARLY');
    expect(server.calls).toBe(1); // nothing was sent

    clock.advance(1);
    const second = await client.poll([id]);
    expect(second.keys).toEqual([]);
    expect(second.pending.map((w) => formatSymkeyRequestID(w.symkeyRequestId))).toEqual([id]);
    expect(await codeOf(client.poll([wip.symkeyRequestId]))).toBe('CLIENT_POLL_TOO_EARLY');

    clock.advance(120_000);
    const third = await client.poll([id]);
    expect(third.keys.map((k) => [k.keyClass, formatSymkeyRequestID(k.symkeyRequestId)])).toEqual([
      ['A', id],
    ]);
    expect(client.pendingRequests()).toEqual([]);
    // SKSML-CLT-71: the polls carried only SymkeyRequestIDs.
    expect(server.received.slice(1).every((r) => r.request?.kind === 'poll')).toBe(true);
    expect(await codeOf(client.poll([id]))).toBe('CLIENT_POLL_UNKNOWN_REQUEST');
  });

  it('waitForKeys sleeps until each RequestCheckInterval has elapsed and never polls early', async () => {
    const { client, pollTimes } = setup(3, 300);
    const first = await client.requestNewKeys(['A', 'B']);
    const ids = first.pending.map((w) => formatSymkeyRequestID(w.symkeyRequestId));
    const done = await client.waitForKeys(ids);
    expect(done.keys.map((k) => k.keyClass).sort()).toEqual(['A', 'B']);
    expect(done.pending).toEqual([]);
    // One request, then three polls, each at least 300 s after the previous answer.
    expect(pollTimes).toHaveLength(4);
    for (let i = 1; i < pollTimes.length; i++)
      expect(pollTimes[i]! - pollTimes[i - 1]!).toBeGreaterThanOrEqual(300_000);
  });

  it('waitForKeys gives up after maxWaitMs', async () => {
    const { client } = setup(10, 600);
    const first = await client.requestNewKey();
    const id = formatSymkeyRequestID(first.pending[0]!.symkeyRequestId);
    expect(await codeOf(client.waitForKeys([id], { maxWaitMs: 1_000_000 }))).toBe('CLIENT_TIMEOUT');
  });

  it('matches results polled in any order by SymkeyRequestID', async () => {
    const { clock, client } = setup(1);
    const first = await client.requestNewKeys(['A', 'B', 'C']);
    clock.advance(120_000);
    const reversed = [...first.pending].reverse().map((w) => w.symkeyRequestId);
    const r = await client.poll(reversed);
    const byId = new Map(
      first.pending.map((w) => [formatSymkeyRequestID(w.symkeyRequestId), w.requestedKeyClass]),
    );
    for (const k of r.keys) expect(k.keyClass).toBe(byId.get(formatSymkeyRequestID(k.symkeyRequestId)));
    expect(r.keys).toHaveLength(3);
  });
});

describe('checkResponseAnswersRequest for polls', () => {
  const pending: PendingEntry[] = [1n, 2n, 3n].map((n) => ({
    symkeyRequestId: { domainId: 10514n, serverId: 1n, requestId: n },
    requestedGlobalKeyId: { domainId: 10514n, serverId: 0n, keyId: 0n },
    requestedKeyClass: `C${n}`,
  }));
  const keyFor = (e: PendingEntry, keyId: bigint) =>
    buildSymkey({
      symkeyRequestId: e.symkeyRequestId,
      globalKeyId: { domainId: 10514n, serverId: 1n, keyId },
      cipherValue: new Uint8Array(256),
      keyUsePolicy: buildKeyUsePolicy({ keyClass: e.requestedKeyClass! }),
    });

  it('accepts any split of the polled requests into keys, work in progress and errors, in any order', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(pending, { minLength: 0, maxLength: 3 }),
        fc.array(fc.constantFrom('key', 'wip', 'error'), { minLength: 3, maxLength: 3 }),
        (answered, kinds) => {
          const response: SymkeyResponse = {
            symkeys: answered.filter((_, i) => kinds[i] === 'key').map((e, i) => keyFor(e, BigInt(i + 1))),
            workInProgress: answered
              .filter((_, i) => kinds[i] === 'wip')
              .map((e) =>
                buildSymkeyWorkInProgress(e.requestedGlobalKeyId, e.symkeyRequestId, 60, e.requestedKeyClass),
              ),
            errors: answered
              .filter((_, i) => kinds[i] === 'error')
              .map((e) => buildSymkeyError(e.symkeyRequestId, e.requestedGlobalKeyId, 'E', 'm')),
          };
          expect(() => checkResponseAnswersRequest(response, { kind: 'poll', pending }, 's')).not.toThrow();
        },
      ),
    );
  });

  it('refuses an item for a request that was not polled, or answered twice', () => {
    const stranger = { ...pending[0]!, symkeyRequestId: { domainId: 10514n, serverId: 1n, requestId: 99n } };
    const twice: SymkeyResponse = {
      symkeys: [keyFor(pending[0]!, 1n)],
      workInProgress: [],
      errors: [buildSymkeyError(pending[0]!.symkeyRequestId, pending[0]!.requestedGlobalKeyId, 'E', 'm')],
    };
    const unknown: SymkeyResponse = { symkeys: [keyFor(stranger, 1n)], workInProgress: [], errors: [] };
    const wrongClass: SymkeyResponse = {
      symkeys: [{ ...keyFor(pending[0]!, 1n), keyUsePolicy: buildKeyUsePolicy({ keyClass: 'C2' }) }],
      workInProgress: [],
      errors: [],
    };
    for (const response of [twice, unknown, wrongClass])
      expect(() => checkResponseAnswersRequest(response, { kind: 'poll', pending }, 's')).toThrow(
        expect.objectContaining({ code: 'CLIENT_RESPONSE_MISMATCH' }),
      );
  });
});
