/**
 * Stored data under attack: a key row edited behind the server's back is never served and raises
 * an integrity alarm; the audit log holds one verifiable entry per request and detects an edit.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { SksmlMessage } from '../../protocol/model/message.ts';
import { verifyAuditLog } from '../audit/verify-audit-log.ts';
import { readRecordSealingKeys } from '../config/secrets.ts';
import { createHmacSealer } from '../integrity/hmac-sealer.ts';
import {
  buildSignedRequest,
  readAnswer,
  startServerFixture,
  type ServerFixture,
} from './testing/server-fixture.ts';

let fx: ServerFixture;
const sentinel: GlobalKeyID = { domainId: 32473n, serverId: 0n, keyId: 0n };
const keys = (ids: GlobalKeyID[]): SksmlMessage => ({
  type: 'SymkeyRequest',
  message: { kind: 'keys', globalKeyIds: ids },
});

async function ask(message: SksmlMessage) {
  const answer = await readAnswer(
    await fx.server.app.fetch(buildSignedRequest(fx.client.credential, message)),
    fx.trustAnchors,
  );
  if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse')
    throw new Error(answer.text.slice(0, 300));
  return answer.message.message;
}

function sqlitePath(): string {
  if (fx.config.store.kind !== 'sqlite') throw new Error('sqlite expected');
  return fx.config.store.path;
}

function verifier() {
  return createHmacSealer(readRecordSealingKeys(fx.config.recordSealingKey, process.env));
}

beforeAll(async () => {
  fx = await startServerFixture();
});
afterAll(async () => {
  await fx?.cleanup();
});

describe('integrity of stored keys and of the audit log', () => {
  it('records every request in a verifiable audit chain', async () => {
    const before = await verifyAuditLog(fx.server.services.store, verifier());
    expect(before.ok).toBe(true);
    const countBefore = before.ok ? before.count : 0;
    const delivered = (await ask(keys([sentinel]))).symkeys[0]!;
    await ask(keys([delivered.globalKeyId]));
    const after = await verifyAuditLog(fx.server.services.store, verifier());
    expect(after).toMatchObject({ ok: true, count: countBefore + 2 });
    const entries = await fx.server.services.store.audit.listEntries(countBefore, 10);
    expect(entries.map((e) => [e.operation, e.clientId, e.outcome])).toEqual([
      ['SymkeyRequest', fx.client.record.id, 'success'],
      ['SymkeyRequest', fx.client.record.id, 'success'],
    ]);
    expect(entries[1]!.globalKeyIds).toContain(formatGlobalKeyID(delivered.globalKeyId));
  });

  it('does not serve a key whose row was edited, raises an alarm, and keeps serving others', async () => {
    const good = (await ask(keys([sentinel]))).symkeys[0]!;
    const victim = (await ask(keys([sentinel]))).symkeys[0]!;
    const raw = new Database(sqlitePath());
    raw.pragma('foreign_keys = OFF');
    try {
      const changed = raw
        .prepare('UPDATE keys SET owner_client_id = ? WHERE key_id = ?')
        .run('mallory', victim.globalKeyId.keyId.toString());
      expect(changed.changes).toBe(1);
    } finally {
      raw.close();
    }
    const alarmsBefore = fx.server.services.alarms.length;
    const response = await ask(keys([victim.globalKeyId, good.globalKeyId]));
    expect(response.errors.map((e) => [e.errorCode, formatGlobalKeyID(e.requestedGlobalKeyId)])).toEqual([
      ['SKS-INTERNAL', formatGlobalKeyID(victim.globalKeyId)],
    ]);
    expect(response.symkeys.map((s) => s.globalKeyId)).toEqual([good.globalKeyId]);
    expect(fx.server.services.alarms.length).toBeGreaterThan(alarmsBefore);
    expect(fx.server.services.alarms.at(-1)).toMatchObject({ table: 'keys' });
    expect(fx.logLines.some((l) => l.includes('"integrity-alarm"'))).toBe(true);
  });

  it('detects an edited audit entry', async () => {
    const raw = new Database(sqlitePath());
    try {
      raw.prepare("UPDATE audit_log SET outcome = 'failure' WHERE seq = 1").run();
    } finally {
      raw.close();
    }
    const result = await verifyAuditLog(fx.server.services.store, verifier());
    expect(result).toMatchObject({ ok: false, seq: 1 });
  });
});
