/**
 * The server answers requests with the client row kept in memory (spec/store.md §6.2); a change
 * made through another connection between two requests (the admin tool deactivating the client,
 * or an attacker editing the row) is honoured on the very next request.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { SksmlMessage } from '../../protocol/model/message.ts';
import { readRecordSealingKeys } from '../config/secrets.ts';
import { createHmacSealer } from '../integrity/hmac-sealer.ts';
import {
  buildSignedRequest,
  readAnswer,
  startServerFixture,
  type ServerFixture,
} from '../service/testing/server-fixture.ts';
import { openSqliteStore } from './open-store.ts';

let fx: ServerFixture;
const sentinel: GlobalKeyID = { domainId: 32473n, serverId: 0n, keyId: 0n };
const newKey: SksmlMessage = { type: 'SymkeyRequest', message: { kind: 'keys', globalKeyIds: [sentinel] } };

async function ask(): Promise<Awaited<ReturnType<typeof readAnswer>>> {
  return readAnswer(
    await fx.server.app.fetch(buildSignedRequest(fx.client.credential, newKey)),
    fx.trustAnchors,
  );
}

function faultCodes(answer: Awaited<ReturnType<typeof readAnswer>>): string[] {
  return answer.kind === 'fault' ? answer.fault.subcodes.map((s) => s.localName) : [];
}

function storePath(): string {
  if (fx.config.store.kind !== 'sqlite') throw new Error('sqlite expected');
  return fx.config.store.path;
}

/** The admin tool: its own store (connection) on the server's database. */
async function asAdmin(fn: (store: Awaited<ReturnType<typeof openSqliteStore>>) => Promise<unknown>) {
  const sealer = createHmacSealer(readRecordSealingKeys(fx.config.recordSealingKey, process.env));
  const store = await openSqliteStore({ path: storePath(), sealer });
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  fx = await startServerFixture();
});
afterAll(async () => {
  await fx?.cleanup();
});

describe('client rows kept in memory by the server', () => {
  it('refuses the next request of a client deactivated through another connection', async () => {
    expect((await ask()).kind).toBe('message');
    expect((await ask()).kind).toBe('message');
    await asAdmin((store) => store.setClientStatus(fx.client.record.id, 'deactivated'));
    const refused = await ask();
    expect(refused.kind).toBe('fault');
    expect(faultCodes(refused)).toContain('FailedAuthentication');
    await asAdmin((store) => store.setClientStatus(fx.client.record.id, 'active'));
    expect((await ask()).kind).toBe('message');
  });

  it('raises the alarm when the client row is edited behind the server between two requests', async () => {
    expect((await ask()).kind).toBe('message');
    const raw = new Database(storePath());
    try {
      raw.prepare('UPDATE clients SET groups_json = ? WHERE id = ?').run('["admins"]', fx.client.record.id);
    } finally {
      raw.close();
    }
    const answer = await ask();
    expect(answer.kind).toBe('fault');
    const alarms = fx.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((e) => e.event === 'integrity-alarm');
    expect(alarms).toContainEqual(expect.objectContaining({ table: 'clients', reason: 'bad-seal' }));
  });
});
