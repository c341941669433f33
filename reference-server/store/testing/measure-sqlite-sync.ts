/**
 * Measures saveKey throughput on SQLite with synchronous=FULL and =NORMAL (WAL both), for the
 * durability section of spec/store.md. Not a test: run it by hand.
 *
 *   node --import tsx reference-server/store/testing/measure-sqlite-sync.ts [count] [dir]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmacSealer } from '../../integrity/hmac-sealer.ts';
import { openSqliteStore } from '../open-store.ts';
import {
  seedCrashStore,
  CRASH_CLIENT,
  CRASH_DOMAIN,
  CRASH_KEY_CLASS,
  CRASH_SERVER,
} from './crash-fixture.ts';

const count = Number(process.argv[2] ?? 500);
const base = process.argv[3] ?? tmpdir();

for (const synchronous of ['FULL', 'NORMAL'] as const) {
  const dir = mkdtempSync(join(base, 'sksml-sync-'));
  try {
    const store = await openSqliteStore({
      path: join(dir, 'store.db'),
      synchronous,
      sealer: createHmacSealer({ keyId: 'm', key: randomBytes(32) }),
    });
    await seedCrashStore(store, randomBytes(40));
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const keyId = await store.allocateKeyId(CRASH_SERVER);
      await store.saveKey({
        globalKeyId: { domainId: CRASH_DOMAIN, serverId: CRASH_SERVER, keyId },
        keyClass: CRASH_KEY_CLASS,
        ownerClientId: CRASH_CLIENT,
        algorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
        keySize: 256,
        sealedKey: randomBytes(48),
      });
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      `synchronous=${synchronous}: ${count} x (allocateKeyId + saveKey) in ${ms.toFixed(0)} ms = ${((count * 1000) / ms).toFixed(0)} keys/s, ${(ms / count).toFixed(2)} ms/key`,
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
