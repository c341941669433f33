/**
 * Durability: a key acknowledged to a client survives a SIGKILL of the process that saved it
 * (SQLite; PostgreSQL additionally survives an immediate server stop), and still verifies.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import { createHmacSealer } from '../integrity/hmac-sealer.ts';
import { openPostgresStore, openSqliteStore } from './open-store.ts';
import type { SksStore } from './store.ts';
import { CRASH_DOMAIN, CRASH_SERVER, runCrashChild, seedCrashStore } from './testing/crash-fixture.ts';
import {
  findPostgresBin,
  hasPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './testing/throwaway-postgres.ts';

const ACKS = 30;

async function expectAllPresent(store: SksStore, acknowledged: readonly bigint[]): Promise<void> {
  for (const keyId of acknowledged) {
    const key = await store.getKey({ domainId: CRASH_DOMAIN, serverId: CRASH_SERVER, keyId });
    expect(key?.globalKeyId.keyId, `acknowledged key ${keyId}`).toBe(keyId);
  }
  const report = await store.verifyIntegrity();
  expect(report.problems).toEqual([]);
}

describe('durability of acknowledged keys: SQLite', () => {
  it('keeps every acknowledged key across two SIGKILLs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sksml-crash-'));
    const path = join(dir, 'store.db');
    const key = randomBytes(32);
    const sealer = createHmacSealer({ keyId: 'crash', key });
    try {
      const setup = await openSqliteStore({ path, sealer });
      await seedCrashStore(setup, randomBytes(40));
      await setup.close();
      const acknowledged: bigint[] = [];
      for (let round = 0; round < 2; round++) {
        const run = await runCrashChild(['sqlite', path, key.toString('hex')], ACKS);
        expect(run.signal, run.stderr).toBe('SIGKILL');
        expect(run.acknowledged.length).toBeGreaterThanOrEqual(ACKS);
        acknowledged.push(...run.acknowledged);
      }
      const store = await openSqliteStore({ path, sealer });
      try {
        await expectAllPresent(store, acknowledged);
        // KeyIDs were never reused across the crashes.
        expect(new Set(acknowledged.map(String)).size).toBe(acknowledged.length);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const bin = findPostgresBin();
const skip = toolSkipReason('postgresql', bin !== null && hasTool(`${bin}/initdb`) && hasPostgres());

describe.skipIf(skip !== null)(`durability of acknowledged keys: PostgreSQL ${skip ?? ''}`, () => {
  let cluster: ThrowawayPostgres | undefined;
  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
  });
  afterAll(() => cluster?.stop());

  it('keeps every acknowledged key across a client SIGKILL and an immediate server stop', async () => {
    const connectionString = await cluster!.createSchema('crash');
    const key = randomBytes(32);
    const sealer = createHmacSealer({ keyId: 'crash', key });
    const setup = await openPostgresStore({ connectionString, sealer });
    await seedCrashStore(setup, randomBytes(40));
    await setup.close();
    const run = await runCrashChild(['postgres', connectionString, key.toString('hex')], ACKS);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    cluster!.crashAndRestart();
    const store = await openPostgresStore({ connectionString, sealer });
    try {
      await expectAllPresent(store, run.acknowledged);
    } finally {
      await store.close();
    }
  });
});
