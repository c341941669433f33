/**
 * Listing clients and requests. The store interface reads one record at a time (verified); it has
 * no listing. So the primary keys are enumerated here with one plain query on a snapshot, and each
 * record is then read through the store, which verifies its seal and journal entry: a row that
 * fails is never shown, it is reported as an integrity problem instead. (Enumerating through raw
 * SQL cannot reveal anything a verified read would hide: a deleted row is simply absent, which only
 * the store's full scan can notice.)
 */
import type { SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import type { IntegrityAlarm } from '../integrity/integrity-alarm.ts';
import type { ClientRecord, RequestRecord } from '../store/records.ts';
import type { SqlStore } from '../store/sql-store.ts';
import { IntegrityError } from '../store/store-error.ts';

/** Records that verified, and the rows that did not. */
export interface Listing<T> {
  readonly records: readonly T[];
  readonly problems: readonly IntegrityAlarm[];
}

/** A stored identifier part (decimal text on SQLite, NUMERIC text on PostgreSQL), or undefined. */
function u64(raw: unknown): bigint | undefined {
  const text =
    typeof raw === 'bigint' || typeof raw === 'number' ? raw.toString() : typeof raw === 'string' ? raw : '';
  return /^[0-9]{1,20}$/.test(text) ? BigInt(text) : undefined;
}

async function readEach<K, T>(
  keys: readonly K[],
  read: (key: K) => Promise<T | undefined>,
): Promise<Listing<T>> {
  const records: T[] = [];
  const problems: IntegrityAlarm[] = [];
  for (const key of keys) {
    try {
      const record = await read(key);
      // A row deleted between the enumeration and the read is simply gone.
      if (record !== undefined) records.push(record);
    } catch (error) {
      if (error instanceof IntegrityError) problems.push(error.alarm);
      else throw error;
    }
  }
  return { records, problems };
}

export async function listClients(store: SqlStore): Promise<Listing<ClientRecord>> {
  const rows = await store.database.snapshot((tx) => tx.all('SELECT id FROM clients ORDER BY id'));
  const ids = rows.map((r) => String(r.id));
  return readEach(ids, (id) => store.getClient(id));
}

export async function listRequests(store: SqlStore): Promise<Listing<RequestRecord>> {
  const rows = await store.database.snapshot((tx) =>
    tx.all('SELECT domain_id, server_id, request_id FROM requests'),
  );
  const ids: SymkeyRequestID[] = [];
  const malformed: IntegrityAlarm[] = [];
  for (const r of rows) {
    const parts = [r.domain_id, r.server_id, r.request_id].map(u64);
    const [domainId, serverId, requestId] = parts;
    if (domainId === undefined || serverId === undefined || requestId === undefined)
      malformed.push({
        table: 'requests',
        primaryKey: JSON.stringify(
          [r.domain_id, r.server_id, r.request_id].map((v) => String(v).slice(0, 24)),
        ),
        reason: 'malformed',
      });
    else ids.push({ domainId, serverId, requestId });
  }
  // Numeric order (the columns are text on SQLite).
  ids.sort(
    (a, b) =>
      compare(a.domainId, b.domainId) || compare(a.serverId, b.serverId) || compare(a.requestId, b.requestId),
  );
  const listing = await readEach(ids, (id) => store.getRequest(id));
  return { records: listing.records, problems: [...malformed, ...listing.problems] };
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
