/**
 * The row, journal and audit encodings are written part by part (no value tree is built); each
 * must give exactly the bytes of encodeCanonical over the value tree that defines it (the form
 * every stored seal was made over), or stored seals would stop verifying.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAuditCheckpoint, encodeAuditEntry } from '../audit/audit-entry.ts';
import {
  type CanonicalValue,
  CanonicalEncodingError,
  encodeCanonical,
} from '../integrity/canonical-encoding.ts';
import { encodeJournalEntry, encodeJournalHead } from './journal.ts';
import { encodeRow, ROW_LABEL, type RowValues } from './row-codec.ts';
import { SEALED_TABLES, type TableSpec } from './tables.ts';
import { rowOf } from './testing/row-arbitraries.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const tree = (v: CanonicalValue) => hex(encodeCanonical(v));

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);
const bytes = fc.uint8Array({ maxLength: 40 });

const rowArbitrary = (spec: TableSpec) => rowOf(spec, { text: anyText, bytes });

describe('part-by-part encodings equal the value-tree encodings', () => {
  for (const spec of SEALED_TABLES) {
    it(`encodeRow for ${spec.name} (property)`, () => {
      fc.assert(
        fc.property(rowArbitrary(spec), fc.integer({ min: 1, max: 2 ** 40 }), (values, version) => {
          expect(hex(encodeRow(spec, values, version))).toBe(
            tree([
              ROW_LABEL,
              spec.name,
              spec.primaryKey.map((name) => values[name] ?? null),
              version,
              // A NULL column appended by a migration has no pair (spec/store.md §3).
              spec.columns
                .filter((c) => c.omitWhenNull !== true || (values[c.name] ?? null) !== null)
                .map((c) => [c.name, values[c.name] ?? null]),
            ]),
          );
        }),
        { numRuns: 200 },
      );
    });
  }

  it('encodeRow refuses what the tree encoding refuses', () => {
    const [spec] = SEALED_TABLES as [TableSpec];
    const values = Object.fromEntries(spec.columns.map((c) => [c.name, 1.5])) as RowValues;
    expect(() => encodeRow(spec, values, 1)).toThrow(CanonicalEncodingError);
    expect(() => encodeRow(spec, {}, Number.NaN)).toThrow(CanonicalEncodingError);
  });

  it('journal entries and heads (property)', () => {
    const digest = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.maxSafeInteger(),
          table: anyText,
          pk: anyText,
          version: fc.maxSafeInteger(),
          rowDigest: digest,
          previousHash: digest,
        }),
        fc.record({ count: fc.maxSafeInteger(), headHash: digest, updatedAt: fc.maxSafeInteger() }),
        (e, h) => {
          expect(hex(encodeJournalEntry(e))).toBe(
            tree(['sksml-store-journal/1', e.seq, e.table, e.pk, e.version, e.rowDigest, e.previousHash]),
          );
          expect(hex(encodeJournalHead(h))).toBe(
            tree(['sksml-store-journal-head/1', h.count, h.headHash, h.updatedAt]),
          );
        },
      ),
    );
  });

  it('audit entries and checkpoints (property)', () => {
    const at = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.maxSafeInteger(),
          at,
          operation: anyText,
          clientId: fc.option(anyText, { nil: null }),
          globalKeyIds: fc.array(anyText, { maxLength: 4 }),
          outcome: anyText,
          errorCode: fc.option(anyText, { nil: null }),
          previousHash: bytes,
        }),
        fc.record({ count: fc.maxSafeInteger(), headHash: bytes, at }),
        (e, c) => {
          expect(hex(encodeAuditEntry(e))).toBe(
            tree([
              'sksml-audit-entry/1',
              e.seq,
              e.at.getTime(),
              e.operation,
              e.clientId,
              [...e.globalKeyIds],
              e.outcome,
              e.errorCode,
              e.previousHash,
            ]),
          );
          expect(hex(encodeAuditCheckpoint(c))).toBe(
            tree(['sksml-audit-checkpoint/1', c.count, c.headHash, c.at.getTime()]),
          );
        },
      ),
    );
  });
});
