/**
 * The escrow blob: one line of text, fields separated by single spaces (spec/key-management.md §2).
 *
 * Format 1 (RSA-OAEP of the key itself; still read, written only by `escrowKey`):
 *
 *   sksml-escrow/1 <escrow key id> rsa-oaep-sha256 <KeyAlgorithm URI> <GlobalKeyID> <ciphertext>
 *
 *   The first five fields are the header; its UTF-8 bytes are the OAEP label.
 *
 * Format 2 (hybrid: an RSA-OAEP-wrapped data key, shared by the keys of one epoch, and AES-256-GCM
 * per key; written by the server's escrow writer, key-escrow.ts):
 *
 *   sksml-escrow/2 <escrow key id> rsa-oaep-sha256+a256gcm <KeyAlgorithm URI> <GlobalKeyID>
 *     <wrapped data key> <nonce> <ciphertext||tag>
 *
 *   The OAEP label of the wrapped data key is the UTF-8 of the first three fields (the data key is
 *   shared by many GlobalKeyIDs); the GCM additional data is the UTF-8 of the first six fields
 *   (the header plus the wrapped data key), so a blob cannot be moved to another GlobalKeyID, nor
 *   its header edited, nor its wrapped data key swapped for another.
 *
 * escrow key id = 64 lower-case hex digits (escrow-key-id.ts); GlobalKeyID in canonical spelling
 * (no leading zeros); binary fields in standard base64 with padding (format 2: canonical, i.e.
 * exactly what encoding the decoded bytes gives).
 */
import { KEY_ALGORITHMS, isOneOf } from '../../protocol/model/enumerations.ts';
import type { KeyAlgorithm } from '../../protocol/model/enumerations.ts';
import { formatGlobalKeyID, parseGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { EscrowError } from './escrow-error.ts';

export const ESCROW_FORMAT = 'sksml-escrow/1';
export const ESCROW_ALGORITHM = 'rsa-oaep-sha256';
export const ESCROW_FORMAT_2 = 'sksml-escrow/2';
export const ESCROW_ALGORITHM_2 = 'rsa-oaep-sha256+a256gcm';

/** Format 2: the data key is AES-256, the nonce 96 bits, the GCM tag 128 bits. */
export const DATA_KEY_BYTES = 32;
export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

/** The fields every format has; the first five fields of the line. */
export interface EscrowHeader {
  readonly format: typeof ESCROW_FORMAT | typeof ESCROW_FORMAT_2;
  /** SHA-256 of the escrow public key's SPKI, hex. */
  readonly escrowKeyId: string;
  readonly algorithm: typeof ESCROW_ALGORITHM | typeof ESCROW_ALGORITHM_2;
  /** The algorithm of the escrowed symmetric key. */
  readonly keyAlgorithm: KeyAlgorithm;
  /** The GlobalKeyID the key belongs to, canonical spelling. */
  readonly globalKeyId: string;
}

export interface EscrowBlobV1 extends EscrowHeader {
  readonly format: typeof ESCROW_FORMAT;
  readonly algorithm: typeof ESCROW_ALGORITHM;
  /** RSA-OAEP of the key value. */
  readonly ciphertext: Uint8Array;
}

export interface EscrowBlobV2 extends EscrowHeader {
  readonly format: typeof ESCROW_FORMAT_2;
  readonly algorithm: typeof ESCROW_ALGORITHM_2;
  /** RSA-OAEP of the 32-byte data key (the same in every blob of one epoch and escrow key). */
  readonly wrappedKey: Uint8Array;
  /** The 96-bit GCM nonce, fresh per blob. */
  readonly nonce: Uint8Array;
  /** AES-256-GCM of the key value under the data key, followed by the 16-byte tag. */
  readonly ciphertext: Uint8Array;
}

export type EscrowBlob = EscrowBlobV1 | EscrowBlobV2;

const KEY_ID = /^[0-9a-f]{64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The header fields as one string; format 1: its UTF-8 bytes are the OAEP label. */
export function escrowHeader(blob: EscrowHeader): string {
  return `${blob.format} ${blob.escrowKeyId} ${blob.algorithm} ${blob.keyAlgorithm} ${blob.globalKeyId}`;
}

/** Format 2: the OAEP label of the wrapped data key (format, escrow key id, algorithm). */
export function dataKeyLabel(escrowKeyId: string): string {
  return `${ESCROW_FORMAT_2} ${escrowKeyId} ${ESCROW_ALGORITHM_2}`;
}

/** Format 2: the GCM additional data, the header and the wrapped data key as spelled in the blob. */
export function escrowAdditionalData(header: EscrowHeader, wrappedKeyBase64: string): string {
  return `${escrowHeader(header)} ${wrappedKeyBase64}`;
}

/** Standard base64 of a view of the bytes (no copy). */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function encodeEscrowBlob(blob: EscrowBlob): string {
  if (blob.format === ESCROW_FORMAT) return `${escrowHeader(blob)} ${toBase64(blob.ciphertext)}`;
  return `${escrowAdditionalData(blob, toBase64(blob.wrappedKey))} ${toBase64(blob.nonce)} ${toBase64(blob.ciphertext)}`;
}

function malformed(reason: string): EscrowError {
  return new EscrowError('ESCROW_BLOB_MALFORMED', `malformed escrow blob: ${reason}`);
}

const FIELD_COUNT = { [ESCROW_FORMAT]: 6, [ESCROW_FORMAT_2]: 8 } as const;
const ALGORITHM_OF = { [ESCROW_FORMAT]: ESCROW_ALGORITHM, [ESCROW_FORMAT_2]: ESCROW_ALGORITHM_2 } as const;

function readHeader(fields: readonly string[]): EscrowHeader {
  const [format, escrowKeyId, algorithm, keyAlgorithm, globalKeyId] = fields as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (format !== ESCROW_FORMAT && format !== ESCROW_FORMAT_2)
    throw malformed(`unknown format ${JSON.stringify(format.slice(0, 40))}`);
  const count = FIELD_COUNT[format];
  if (fields.length !== count)
    throw malformed(`expected ${count} space-separated fields, found ${fields.length}`);
  if (!KEY_ID.test(escrowKeyId)) throw malformed('the escrow key id is not 64 lower-case hex digits');
  const expected = ALGORITHM_OF[format];
  if (algorithm !== expected)
    throw malformed(`unsupported algorithm ${JSON.stringify(algorithm.slice(0, 40))}`);
  if (!isOneOf(KEY_ALGORITHMS, keyAlgorithm)) throw malformed('unknown key algorithm');
  let canonical: string;
  try {
    canonical = formatGlobalKeyID(parseGlobalKeyID(globalKeyId));
  } catch {
    throw malformed('the GlobalKeyID is invalid');
  }
  if (canonical !== globalKeyId) throw malformed('the GlobalKeyID is not in canonical spelling');
  return { format, escrowKeyId, algorithm: expected, keyAlgorithm, globalKeyId };
}

/** A format-2 binary field: canonical base64, decoding to a length `accept` allows. */
function readBinary(text: string, what: string, accept: (length: number) => boolean): Uint8Array {
  if (text.length === 0 || !BASE64.test(text)) throw malformed(`the ${what} is not base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw malformed(`the ${what} is not canonical base64`);
  if (!accept(bytes.length)) throw malformed(`the ${what} has ${bytes.length} bytes`);
  return new Uint8Array(bytes);
}

/** Parses an encoded blob of either format strictly (surrounding whitespace allowed, nothing else). */
export function decodeEscrowBlob(text: string): EscrowBlob {
  const fields = text.trim().split(' ');
  if (fields.length < 6) throw malformed(`expected 6 or 8 space-separated fields, found ${fields.length}`);
  const header = readHeader(fields);
  if (header.format === ESCROW_FORMAT) {
    const ciphertext = fields[5]!;
    if (ciphertext.length === 0 || !BASE64.test(ciphertext)) throw malformed('the ciphertext is not base64');
    return {
      ...header,
      format: ESCROW_FORMAT,
      algorithm: ESCROW_ALGORITHM,
      ciphertext: new Uint8Array(Buffer.from(ciphertext, 'base64')),
    };
  }
  // Lengths the format fixes are checked here; the wrapped key's (the escrow key's modulus) and the
  // ciphertext's (the key algorithm's) are checked by recovery, which fails closed on them.
  return {
    ...header,
    format: ESCROW_FORMAT_2,
    algorithm: ESCROW_ALGORITHM_2,
    wrappedKey: readBinary(fields[5]!, 'wrapped data key', (n) => n > 0),
    nonce: readBinary(fields[6]!, 'nonce', (n) => n === GCM_NONCE_BYTES),
    ciphertext: readBinary(fields[7]!, 'ciphertext', (n) => n > GCM_TAG_BYTES),
  };
}
