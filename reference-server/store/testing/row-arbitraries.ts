/** fast-check arbitraries of sealed-table rows (tests of the row encoding). */
import fc from 'fast-check';
import type { ColumnValue, RowValues } from '../row-codec.ts';
import type { ColumnSpec, TableSpec } from '../tables.ts';

export interface ColumnArbitraries {
  readonly text: fc.Arbitrary<string>;
  readonly bytes: fc.Arbitrary<Uint8Array>;
}

const DEFAULT_ARBITRARIES: ColumnArbitraries = {
  text: fc.oneof(fc.string(), fc.string({ unit: 'binary' })),
  bytes: fc.uint8Array({ maxLength: 40 }),
};

/** A value the column may hold: its kind's values, and NULL when it is nullable. */
export function columnValueOf(
  c: ColumnSpec,
  arbitraries: ColumnArbitraries = DEFAULT_ARBITRARIES,
): fc.Arbitrary<ColumnValue> {
  const value: fc.Arbitrary<ColumnValue> =
    c.kind === 'text'
      ? arbitraries.text
      : c.kind === 'bytes'
        ? arbitraries.bytes
        : c.kind === 'int'
          ? fc.maxSafeInteger()
          : fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
  return c.nullable === true ? fc.option(value, { nil: null }) : value;
}

/** A row of `spec`: one value per column. */
export function rowOf(spec: TableSpec, arbitraries?: ColumnArbitraries): fc.Arbitrary<RowValues> {
  return fc.record(Object.fromEntries(spec.columns.map((c) => [c.name, columnValueOf(c, arbitraries)])));
}
