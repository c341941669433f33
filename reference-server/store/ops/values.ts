/** Small conversions shared by the record operations. */
import { MAX_ID_PART, type GlobalKeyID, type SymkeyRequestID } from '../../../protocol/model/identifiers.ts';
import type { RowValues } from '../row-codec.ts';
import { StoreError } from '../store-error.ts';

export function text(values: RowValues, name: string): string {
  const v = values[name];
  if (typeof v !== 'string') throw new StoreError('STORE_INVALID_VALUE', `column ${name} is not text`);
  return v;
}

export function optionalText(values: RowValues, name: string): string | null {
  return values[name] === null ? null : text(values, name);
}

export function int(values: RowValues, name: string): number {
  const v = values[name];
  if (typeof v !== 'number') throw new StoreError('STORE_INVALID_VALUE', `column ${name} is not an integer`);
  return v;
}

export function bytes(values: RowValues, name: string): Uint8Array {
  const v = values[name];
  if (!(v instanceof Uint8Array)) throw new StoreError('STORE_INVALID_VALUE', `column ${name} is not bytes`);
  return v;
}

export function u64(values: RowValues, name: string): bigint {
  return BigInt(text(values, name));
}

export function date(values: RowValues, name: string): Date {
  return new Date(int(values, name));
}

/** Checks a bigint identifier part and returns its decimal text. */
export function idPart(value: bigint, what: string, min = 0n): string {
  if (typeof value !== 'bigint' || value < min || value > MAX_ID_PART)
    throw new StoreError('STORE_INVALID_VALUE', `${what} is out of range`);
  return value.toString(10);
}

export function checkName(value: string, what: string, max = 255): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || value.trim() === '')
    throw new StoreError('STORE_INVALID_VALUE', `${what} must have 1..${max} characters`);
  return value;
}

/** The (domain_id, server_id, key_id) column values of a GlobalKeyID (checked). */
export function keyIdColumns(id: GlobalKeyID): {
  readonly domain_id: string;
  readonly server_id: string;
  readonly key_id: string;
} {
  return {
    domain_id: idPart(id.domainId, 'DomainID'),
    server_id: idPart(id.serverId, 'ServerID'),
    key_id: idPart(id.keyId, 'KeyID'),
  };
}

export function globalKeyIdValues(id: GlobalKeyID, prefix = ''): Record<string, string> {
  const domain = idPart(id.domainId, 'DomainID');
  const server = idPart(id.serverId, 'ServerID');
  const key = idPart(id.keyId, 'KeyID');
  // Literal property names for the prefixes the store uses: an object built with computed names
  // is a slow (dictionary) object, and every row spreads these values into its column record.
  if (prefix === '') return { domain_id: domain, server_id: server, key_id: key };
  if (prefix === 'requested_')
    return { requested_domain_id: domain, requested_server_id: server, requested_key_id: key };
  if (prefix === 'result_') return { result_domain_id: domain, result_server_id: server, result_key_id: key };
  return { [`${prefix}domain_id`]: domain, [`${prefix}server_id`]: server, [`${prefix}key_id`]: key };
}

export function requestIdValues(id: SymkeyRequestID): Record<string, string> {
  // SKSML-MSG-116: no part of a SymkeyRequestID is zero.
  return {
    domain_id: idPart(id.domainId, 'DomainID', 1n),
    server_id: idPart(id.serverId, 'ServerID', 1n),
    request_id: idPart(id.requestId, 'RequestID', 1n),
  };
}

export function readGlobalKeyId(values: RowValues, prefix = ''): GlobalKeyID {
  return {
    domainId: u64(values, `${prefix}domain_id`),
    serverId: u64(values, `${prefix}server_id`),
    keyId: u64(values, `${prefix}key_id`),
  };
}

/** Parses a JSON array of strings the store wrote; undefined when it is not one. */
export function parseStringList(json: string): string[] | undefined {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Sorted, without duplicates: the one stored form of a set of names. */
export function canonicalSet(items: readonly string[], what: string): string[] {
  for (const item of items) checkName(item, what);
  return [...new Set(items)].sort();
}
