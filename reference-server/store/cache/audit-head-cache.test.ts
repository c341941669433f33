/**
 * The audit head cache answers listEntries/getCheckpoint exactly as the table would, or not at
 * all; and forgets everything when the guard changes. Property test against a model table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry } from '../records.ts';
import { AuditHeadCache } from './audit-head-cache.ts';
import { ChangeGuard } from './change-guard.ts';

function entry(seq: number): StoredAuditEntry {
  return {
    seq,
    at: new Date(1000 + seq),
    operation: 'SymkeyRequest',
    clientId: seq % 2 === 0 ? null : 'alice',
    globalKeyIds: [`1-2-${seq}`],
    outcome: 'success',
    errorCode: null,
    previousHash: new Uint8Array(32).fill(seq % 256),
    seal: new Uint8Array([seq % 256, 1, 2]),
  };
}

type Op =
  | { kind: 'insert'; seq: number }
  | { kind: 'read'; after: number; limit: number }
  | { kind: 'list'; after: number; limit: number }
  | { kind: 'other-connection' }
  | { kind: 'rollback' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), seq: fc.integer({ min: 1, max: 30 }) }),
  fc.record({
    kind: fc.constant('read' as const),
    after: fc.integer({ min: 0, max: 30 }),
    limit: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('list' as const),
    after: fc.integer({ min: 0, max: 30 }),
    limit: fc.integer({ min: 1, max: 4 }),
  }),
  fc.constant({ kind: 'other-connection' as const }),
  fc.constant({ kind: 'rollback' as const }),
);

describe('AuditHeadCache', () => {
  it('answers listEntries exactly as the table does, or not at all', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let dataVersion = 1;
        const guard = new ChangeGuard(() => dataVersion);
        const cache = new AuditHeadCache(guard);
        const table = new Map<number, StoredAuditEntry>();
        const query = (after: number, limit: number): StoredAuditEntry[] =>
          [...table.values()]
            .filter((e) => e.seq > after)
            .sort((a, b) => a.seq - b.seq)
            .slice(0, limit);
        for (const o of ops) {
          if (o.kind === 'insert') {
            if (table.has(o.seq)) continue; // the primary key refuses it; the cache is not told
            table.set(o.seq, entry(o.seq));
            cache.inserted(entry(o.seq));
          } else if (o.kind === 'read') {
            // A read through the database: the storage remembers a complete answer.
            const rows = query(o.after, o.limit);
            if (rows.length < o.limit) cache.setComplete(o.after, rows);
          } else if (o.kind === 'list') {
            const answer = cache.listEntries(o.after, o.limit);
            if (answer !== undefined) expect(answer).toEqual(query(o.after, o.limit));
          } else if (o.kind === 'other-connection') {
            // Another connection rewrites the table and commits.
            table.clear();
            dataVersion += 1;
          } else {
            // This connection's inserts since the last commit are undone (model: the newest one).
            const newest = Math.max(0, ...table.keys());
            table.delete(newest);
            guard.invalidate();
          }
        }
      }),
    );
  });

  it('hands out copies and keeps a checkpoint (or its absence) until the guard changes', () => {
    let dataVersion = 7;
    const guard = new ChangeGuard(() => dataVersion);
    const cache = new AuditHeadCache(guard);
    expect(cache.getCheckpoint()).toBeUndefined();
    cache.setCheckpoint(undefined);
    expect(cache.getCheckpoint()).toEqual({ row: undefined });
    const checkpoint = {
      count: 3,
      headHash: new Uint8Array(32).fill(9),
      at: new Date(5),
      seal: new Uint8Array([1]),
    };
    cache.setCheckpoint(checkpoint);
    const got = cache.getCheckpoint()!.row!;
    expect(got).toEqual(checkpoint);
    got.headHash.fill(0);
    expect(cache.getCheckpoint()!.row!.headHash[0]).toBe(9);
    cache.setCheckpoint({ ...checkpoint, malformed: 'audit_checkpoint' });
    expect(cache.getCheckpoint()).toBeUndefined();
    cache.setCheckpoint(checkpoint);
    dataVersion += 1;
    expect(cache.getCheckpoint()).toBeUndefined();
    cache.setCheckpoint(checkpoint);
    guard.invalidate();
    expect(cache.getCheckpoint()).toBeUndefined();
  });

  it('keeps nothing without a guard (PostgreSQL)', () => {
    const cache = new AuditHeadCache(undefined);
    cache.setCheckpoint(undefined);
    cache.setComplete(0, []);
    expect(cache.getCheckpoint()).toBeUndefined();
    expect(cache.listEntries(0, 2)).toBeUndefined();
  });
});
