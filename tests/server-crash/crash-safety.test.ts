/**
 * Crash safety of the reference server (issue 4, "Must show"): under load from several concurrent
 * clients, `kill -9` of `sksml server`, twice, on the same data folder; after a restart every key
 * whose signed response reached a client is served again with the same bytes, no GlobalKeyID is
 * handed out twice, `sksml audit verify` passes and the store's full integrity scan is clean.
 *
 * The audit entry of a request and its checkpoint are written in one transaction before the
 * response leaves (spec/store.md §8.1, spec/server.md §2 stage 10), so a crash leaves no
 * incomplete audit tail: the chain must verify completely, and it must hold at least one entry
 * per answered request. All traffic goes to 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { defaultDevConfig } from '../../reference-server/config/default-dev-config.ts';
import { readRecordSealingKeys } from '../../reference-server/config/secrets.ts';
import { createHmacSealer } from '../../reference-server/integrity/hmac-sealer.ts';
import { openSqliteStore } from '../../reference-server/store/open-store.ts';
import { clientFor, runCrashRound, type RoundResult } from './load-round.ts';
import { runSksmlCli, startServerProcess, stopServerProcess, type ServerProcess } from './server-process.ts';

const ROUNDS = 2;
const LOOPS = 4;
const KILL_AFTER = 40;
const BATCH = 50;
const KEY_CLASSES = [undefined, ['AES-128'], ['DEFAULT', 'AES-128']] as const;
const KEY_BYTES: Readonly<Record<number, true>> = { 16: true, 32: true };

const dataRoot = mkdtempSync(join(tmpdir(), 'sksml-server-crash-'));
const dataDir = join(dataRoot, 'data');
const running: ServerProcess[] = [];

afterAll(async () => {
  for (const server of running) await stopServerProcess(server, 2_000);
  rmSync(dataRoot, { recursive: true, force: true });
});

async function start(): Promise<ServerProcess> {
  const server = await startServerProcess({ dataDir });
  running.push(server);
  return server;
}

describe('reference server: kill -9 under load', () => {
  it('serves every acknowledged key again, with the same bytes, after two crashes', async () => {
    const recorded = new Map<string, Uint8Array>();
    const rounds: RoundResult[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const server = await start();
      const before = recorded.size;
      const result = await runCrashRound(server, recorded, {
        loops: LOOPS,
        killAfter: KILL_AFTER,
        keyClasses: KEY_CLASSES.map((c) => (c === undefined ? undefined : [...c])),
      });
      rounds.push(result);
      const exit = await server.exited;
      expect(exit.signal, server.output()).toBe('SIGKILL');
      expect(result.problems, server.output()).toEqual([]);
      expect(result.timedOut).toBe(false);
      expect(recorded.size - before).toBeGreaterThanOrEqual(KILL_AFTER);
      // Mid-run: other clients were waiting for answers when the signal was sent.
      expect(result.inFlightAtKill).toBeGreaterThan(0);
    }
    for (const value of recorded.values()) expect(KEY_BYTES[value.length]).toBe(true);
    console.info(
      `crash rounds: ${rounds
        .map(
          (r) => `${r.answered} answered, ${r.inFlightAtKill} in flight at SIGKILL, ${r.lostAfterKill} lost`,
        )
        .join('; ')}; ${recorded.size} keys recorded`,
    );

    // Restart on the same data folder: every recorded key, as an existing key.
    const server = await start();
    const client = clientFor(server.info);
    const ids = [...recorded.keys()];
    let verificationRequests = 0;
    try {
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        const answer = await client.requestKeys(batch.map(parseGlobalKeyID));
        verificationRequests++;
        expect(answer.errors).toEqual([]);
        const served = new Map(answer.keys.map((k) => [k.globalKeyId, k.value]));
        expect([...served.keys()].sort()).toEqual([...batch].sort());
        for (const id of batch) expect(served.get(id), id).toEqual(recorded.get(id));
      }
      // KeyIDs are never reused: a new key after the crashes is none of the recorded ones.
      const fresh = await client.requestNewKeys(server.info.domainId);
      verificationRequests++;
      expect(fresh.keys).toHaveLength(1);
      expect(recorded.has(fresh.keys[0]!.globalKeyId)).toBe(false);
    } finally {
      client.close();
    }
    const exit = await stopServerProcess(server);
    expect(exit.code, server.output()).toBe(0);

    // The audit chain verifies completely, with an entry for every answered request at least.
    const audit = runSksmlCli(['audit', 'verify', '--data', dataDir, '--json']);
    expect(audit.status, audit.stdout + audit.stderr).toBe(0);
    const verdict = JSON.parse(audit.stdout) as { ok: boolean; count: number };
    expect(verdict.ok).toBe(true);
    const answered = rounds.reduce((sum, r) => sum + r.answered, 0);
    expect(verdict.count).toBeGreaterThanOrEqual(answered + verificationRequests);

    // The store's full scan (journal chain, every sealed row) finds nothing.
    const config = defaultDevConfig(dataDir);
    if (config.store.kind !== 'sqlite') throw new Error('the embedded default uses SQLite');
    const store = await openSqliteStore({
      path: config.store.path,
      sealer: createHmacSealer(readRecordSealingKeys(config.recordSealingKey, process.env)),
    });
    try {
      const report = await store.verifyIntegrity();
      expect(report.problems).toEqual([]);
    } finally {
      await store.close();
    }
  }, 90_000);
});
