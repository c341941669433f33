/**
 * Per-server sequences of KeyIDs and RequestIDs. The row holds the last value handed out;
 * allocation happens inside the write transaction, so two callers never get the same value.
 */
import { MAX_ID_PART } from '../../../protocol/model/identifiers.ts';
import type { SealedRows } from '../sealed-rows.ts';
import { StoreError } from '../store-error.ts';
import { SEQUENCES } from '../tables.ts';
import { idPart, u64 } from './values.ts';

export type SequenceName = 'key' | 'request';

export async function allocate(rows: SealedRows, name: SequenceName, serverId: bigint): Promise<bigint> {
  // ServerID 0 is reserved for the new-key sentinel (SKSML-MSG-105).
  const server = idPart(serverId, 'ServerID', 1n);
  const current = await rows.selectByKey(SEQUENCES, { name, server_id: server });
  const last = current === undefined ? 0n : u64(current.values, 'last_value');
  if (last >= MAX_ID_PART)
    throw new StoreError('STORE_SEQUENCE_EXHAUSTED', `${name} sequence of server ${server} is exhausted`);
  const next = last + 1n;
  const values = { name, server_id: server, last_value: next.toString(10) };
  if (current === undefined) await rows.insert(SEQUENCES, values);
  else await rows.update(SEQUENCES, values, current);
  return next;
}
