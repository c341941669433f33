/**
 * Turns database rows into canonical column values (the same JS value whichever back end stored
 * them) and builds the canonical encoding a row's seal is computed over:
 * ['sksml-store-row/1', table, [primary key values], version, [[column, value], ...]].
 */
import { encodeCanonicalWith } from '../integrity/canonical-encoding.ts';
import { MAX_ID_PART } from '../../protocol/model/identifiers.ts';
import type { ColumnSpec, TableSpec } from './tables.ts';

export type ColumnValue = string | number | Uint8Array | null;
export type RowValues = Readonly<Record<string, ColumnValue>>;

export const ROW_LABEL = 'sksml-store-row/1';
const U64_TEXT = /^(?:0|[1-9][0-9]{0,19})$/;

export function isU64Text(value: string): boolean {
  return U64_TEXT.test(value) && BigInt(value) <= MAX_ID_PART;
}

/** The canonical JS value of one stored column, or undefined when it cannot be one we wrote. */
export function normalizeColumn(column: ColumnSpec, raw: unknown): ColumnValue | undefined {
  if (raw === null || raw === undefined) return column.nullable === true ? null : undefined;
  switch (column.kind) {
    case 'text':
      return typeof raw === 'string' ? raw : undefined;
    case 'bytes':
      return raw instanceof Uint8Array ? Uint8Array.from(raw) : undefined;
    case 'int': {
      const n =
        typeof raw === 'number' || typeof raw === 'bigint'
          ? Number(raw)
          : typeof raw === 'string' && /^-?[0-9]+$/.test(raw)
            ? Number(raw)
            : NaN;
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'u64': {
      const text = typeof raw === 'string' ? raw : typeof raw === 'bigint' ? raw.toString() : undefined;
      return text !== undefined && isU64Text(text) ? text : undefined;
    }
  }
}

/** Whether `normalizeColumn` accepts `raw`, without copying it (checks values about to be written). */
export function isColumnValue(column: ColumnSpec, raw: unknown): boolean {
  if (column.kind === 'bytes' && raw !== null && raw !== undefined) return raw instanceof Uint8Array;
  return normalizeColumn(column, raw) !== undefined;
}

export function primaryKeyValues(spec: TableSpec, values: RowValues): ColumnValue[] {
  return spec.primaryKey.map((name) => values[name] ?? null);
}

/** The primary key as text, used in the journal and in alarms (never contains key material). */
export function primaryKeyText(spec: TableSpec, values: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(spec.primaryKey.map((name) => String(values[name] as string | number)));
}

/**
 * The bytes of encodeCanonical([ROW_LABEL, table, [primary key values], version,
 * [[column, value], ...]]), written part by part (no value tree is built). A NULL column marked
 * `omitWhenNull` (appended by a migration) has no pair in the list: a row written before the
 * column existed encodes exactly as it did then (spec/store.md §3).
 */
export function encodeRow(spec: TableSpec, values: RowValues, version: number): Uint8Array {
  return encodeCanonicalWith((w) => {
    w.list(5).text(ROW_LABEL).text(spec.name);
    const pk = spec.primaryKey;
    w.list(pk.length);
    for (const name of pk) w.value(values[name] ?? null);
    w.value(version);
    const columns = spec.columns;
    let count = columns.length;
    for (const c of columns) if (c.omitWhenNull === true && (values[c.name] ?? null) === null) count--;
    w.list(count);
    for (const c of columns) {
      const value = values[c.name] ?? null;
      if (value === null && c.omitWhenNull === true) continue;
      w.list(2).text(c.name).value(value);
    }
  });
}
