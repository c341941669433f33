/**
 * Per-server sequences of KeyIDs and RequestIDs. The row holds the last value reserved; a
 * reservation happens inside the write transaction, so two callers never get the same value.
 * Values are reserved in blocks (cache/sequence-blocks.ts, spec/store.md §2): one sealed row
 * update per block, the values handed out from memory.
 */
import { MAX_ID_PART } from '../../../protocol/model/identifiers.ts';
import type { SealedRows } from '../sealed-rows.ts';
import { StoreError } from '../store-error.ts';
import { SEQUENCES } from '../tables.ts';
import { idPart, u64 } from './values.ts';

export type SequenceName = 'key' | 'request';

/** The in-memory name of one sequence row; `server` is the checked decimal ServerID. */
export function sequenceKey(name: SequenceName, server: string): string {
  return `${name}/${server}`;
}

/** The checked ServerID of an allocation (ServerID 0 is reserved for the new-key sentinel, SKSML-MSG-105). */
export function sequenceServer(serverId: bigint): string {
  return idPart(serverId, 'ServerID', 1n);
}

export async function allocate(rows: SealedRows, name: SequenceName, serverId: bigint): Promise<bigint> {
  const server = sequenceServer(serverId);
  const key = sequenceKey(name, server);
  const shared = rows.session?.shared.sequences;
  const pending = rows.session?.write?.blocks;
  const ready = shared?.take(key) ?? pending?.take(key);
  if (ready !== undefined) return ready;
  const current = await rows.selectByKey(SEQUENCES, { name, server_id: server });
  const last = current === undefined ? 0n : u64(current.values, 'last_value');
  if (last >= MAX_ID_PART)
    throw new StoreError('STORE_SEQUENCE_EXHAUSTED', `${name} sequence of server ${server} is exhausted`);
  const next = last + 1n;
  // Without a transaction's bookkeeping (no place to keep the rest), reserve only one value.
  const size = pending === undefined || shared === undefined ? 1n : BigInt(shared.blockSize);
  const end = last + size > MAX_ID_PART ? MAX_ID_PART : last + size;
  const values = { name, server_id: server, last_value: end.toString(10) };
  if (current === undefined) await rows.insert(SEQUENCES, values);
  else await rows.update(SEQUENCES, values, current);
  // The rest of the block is this transaction's until it commits (store-state.ts settles it).
  if (end > next) pending?.add(key, { next: next + 1n, last: end });
  return next;
}
