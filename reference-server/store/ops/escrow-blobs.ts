/**
 * The `keys.escrow_blobs` column (migration 2): all escrow blobs of a key in its own row, as
 * encodeCanonical([[escrowKeyId, blob], ...]) with the pairs in the order of the row's
 * escrow_key_ids (sorted), an empty list for a key without escrow. The row seal covers the column,
 * so the decoder here only has to refuse what the store never writes (spec/store.md §2).
 */
import { encodeCanonicalWith, TAG_BYTES, TAG_LIST, TAG_TEXT } from '../../integrity/canonical-encoding.ts';
import type { EscrowBlob } from '../records.ts';

/** The column value for `blobs` (already in escrow_key_ids order, blobs not empty). */
export function encodeEscrowBlobs(blobs: readonly EscrowBlob[]): Uint8Array {
  return encodeCanonicalWith((w) => {
    w.list(blobs.length);
    for (const b of blobs) w.list(2).text(b.escrowKeyId).bytes(b.blob);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The pairs of a column value `encodeEscrowBlobs` wrote, each blob a copy; undefined for any
 * other bytes (another shape, an empty blob, text that is not UTF-8, bytes left over).
 */
export function decodeEscrowBlobs(bytes: Uint8Array): EscrowBlob[] | undefined {
  let at = 0;
  /** The length or count after `tag`, moving past the 5-byte head; undefined when absent. */
  const head = (tag: number): number | undefined => {
    if (at + 5 > bytes.length || bytes[at] !== tag) return undefined;
    const n = bytes[at + 1]! * 0x1000000 + ((bytes[at + 2]! << 16) | (bytes[at + 3]! << 8) | bytes[at + 4]!);
    at += 5;
    return n;
  };
  const count = head(TAG_LIST);
  if (count === undefined) return undefined;
  const out: EscrowBlob[] = [];
  for (let i = 0; i < count; i++) {
    if (head(TAG_LIST) !== 2) return undefined;
    const idLength = head(TAG_TEXT);
    if (idLength === undefined || idLength > bytes.length - at) return undefined;
    let escrowKeyId: string;
    try {
      escrowKeyId = utf8.decode(bytes.subarray(at, at + idLength));
    } catch {
      return undefined;
    }
    at += idLength;
    const blobLength = head(TAG_BYTES);
    if (blobLength === undefined || blobLength === 0 || blobLength > bytes.length - at) return undefined;
    out.push({ escrowKeyId, blob: bytes.slice(at, at + blobLength) });
    at += blobLength;
  }
  return at === bytes.length ? out : undefined;
}
