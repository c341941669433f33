/**
 * Columns appended by a migration (`omitWhenNull`, spec/store.md §3) must not change the encoding
 * of the rows written before them: for random rows of every table as migration 1 defined it, the
 * current encodeRow gives byte for byte what the frozen copy of the old encodeRow gave, so every
 * stored seal still verifies. A non-NULL appended value is part of the encoding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRow } from './row-codec.ts';
import { type ColumnSpec, SEALED_TABLES, type TableSpec } from './tables.ts';
import { rowOf } from './testing/row-arbitraries.ts';
import { encodeRowV1, SEALED_TABLES_V1 } from './testing/schema-v1.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const currentOf = (name: string): TableSpec => SEALED_TABLES.find((s) => s.name === name)!;
const appendedOf = (spec: TableSpec) => spec.columns.filter((c) => c.omitWhenNull === true);

describe('columns appended by a migration', () => {
  it('are the only change to the tables of migration 1, appended and nullable', () => {
    expect(SEALED_TABLES.map((s) => s.name)).toEqual(SEALED_TABLES_V1.map((s) => s.name));
    for (const old of SEALED_TABLES_V1) {
      const spec = currentOf(old.name);
      expect(spec.primaryKey).toEqual(old.primaryKey);
      const shape = (c: ColumnSpec) => [c.name, c.kind, c.nullable === true];
      expect(spec.columns.slice(0, old.columns.length).map(shape)).toEqual(old.columns.map(shape));
      expect(spec.columns.slice(old.columns.length)).toEqual(appendedOf(spec));
      for (const c of appendedOf(spec)) expect(c.nullable).toBe(true);
    }
    expect(appendedOf(currentOf('keys')).map((c) => c.name)).toEqual(['escrow_blobs']);
  });

  for (const old of SEALED_TABLES_V1) {
    it(`leave the encoding of a ${old.name} row written before them unchanged (property)`, () => {
      const spec = currentOf(old.name);
      fc.assert(
        fc.property(rowOf(old), fc.integer({ min: 1, max: 2 ** 40 }), (values, version) => {
          const before = hex(encodeRowV1(old, values, version));
          // As read back (the column NULL) and as a caller of the old shape passes it (absent).
          const nulls = Object.fromEntries(appendedOf(spec).map((c) => [c.name, null]));
          expect(hex(encodeRow(spec, { ...values, ...nulls }, version))).toBe(before);
          expect(hex(encodeRow(spec, values, version))).toBe(before);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('encode a non-NULL value, so setting, clearing or changing it breaks the seal (property)', () => {
    const keys = currentOf('keys');
    const old = SEALED_TABLES_V1.find((s) => s.name === 'keys')!;
    fc.assert(
      fc.property(
        rowOf(old),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        (values, a, b) => {
          const withA = hex(encodeRow(keys, { ...values, escrow_blobs: a }, 1));
          expect(withA).not.toBe(hex(encodeRow(keys, { ...values, escrow_blobs: null }, 1)));
          expect(withA).not.toBe(hex(encodeRowV1(old, values, 1)));
          if (hex(a) !== hex(b))
            expect(withA).not.toBe(hex(encodeRow(keys, { ...values, escrow_blobs: b }, 1)));
        },
      ),
      { numRuns: 150 },
    );
  });
});
