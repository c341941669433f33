/**
 * The escrow blob: one line of text, six fields separated by single spaces,
 *
 *   sksml-escrow/1 <escrow key id> rsa-oaep-sha256 <KeyAlgorithm URI> <GlobalKeyID> <ciphertext>
 *
 * escrow key id = 64 lower-case hex digits (escrow-key-id.ts); GlobalKeyID in canonical spelling
 * (no leading zeros); ciphertext = standard base64 of the RSA-OAEP output. The first five fields,
 * joined by single spaces, are the header, and the header's UTF-8 bytes are the OAEP label: a
 * blob decrypts only with its own header, so it cannot be moved to another GlobalKeyID, and its
 * algorithm fields cannot be changed.
 */
import { KEY_ALGORITHMS, isOneOf } from '../../protocol/model/enumerations.ts';
import type { KeyAlgorithm } from '../../protocol/model/enumerations.ts';
import { formatGlobalKeyID, parseGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { EscrowError } from './escrow-error.ts';

export const ESCROW_FORMAT = 'sksml-escrow/1';
export const ESCROW_ALGORITHM = 'rsa-oaep-sha256';

export interface EscrowBlob {
  readonly format: typeof ESCROW_FORMAT;
  /** SHA-256 of the escrow public key's SPKI, hex. */
  readonly escrowKeyId: string;
  readonly algorithm: typeof ESCROW_ALGORITHM;
  /** The algorithm of the escrowed symmetric key. */
  readonly keyAlgorithm: KeyAlgorithm;
  /** The GlobalKeyID the key belongs to, canonical spelling. */
  readonly globalKeyId: string;
  readonly ciphertext: Uint8Array;
}

const KEY_ID = /^[0-9a-f]{64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The header fields as one string; its UTF-8 bytes are the OAEP label. */
export function escrowHeader(blob: Omit<EscrowBlob, 'ciphertext'>): string {
  return [blob.format, blob.escrowKeyId, blob.algorithm, blob.keyAlgorithm, blob.globalKeyId].join(' ');
}

export function encodeEscrowBlob(blob: EscrowBlob): string {
  const { ciphertext } = blob;
  // A view of the bytes, not a copy of them.
  const base64 = Buffer.from(ciphertext.buffer, ciphertext.byteOffset, ciphertext.byteLength).toString(
    'base64',
  );
  return `${escrowHeader(blob)} ${base64}`;
}

function malformed(reason: string): EscrowError {
  return new EscrowError('ESCROW_BLOB_MALFORMED', `malformed escrow blob: ${reason}`);
}

/** Parses an encoded blob strictly (surrounding whitespace allowed, nothing else). */
export function decodeEscrowBlob(text: string): EscrowBlob {
  const fields = text.trim().split(' ');
  if (fields.length !== 6) throw malformed(`expected 6 space-separated fields, found ${fields.length}`);
  const [format, escrowKeyId, algorithm, keyAlgorithm, globalKeyId, ciphertext] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (format !== ESCROW_FORMAT) throw malformed(`unknown format ${JSON.stringify(format.slice(0, 40))}`);
  if (!KEY_ID.test(escrowKeyId)) throw malformed('the escrow key id is not 64 lower-case hex digits');
  if (algorithm !== ESCROW_ALGORITHM)
    throw malformed(`unsupported algorithm ${JSON.stringify(algorithm.slice(0, 40))}`);
  if (!isOneOf(KEY_ALGORITHMS, keyAlgorithm)) throw malformed('unknown key algorithm');
  let canonical: string;
  try {
    canonical = formatGlobalKeyID(parseGlobalKeyID(globalKeyId));
  } catch {
    throw malformed('the GlobalKeyID is invalid');
  }
  if (canonical !== globalKeyId) throw malformed('the GlobalKeyID is not in canonical spelling');
  if (ciphertext.length === 0 || !BASE64.test(ciphertext)) throw malformed('the ciphertext is not base64');
  return {
    format,
    escrowKeyId,
    algorithm,
    keyAlgorithm,
    globalKeyId,
    ciphertext: new Uint8Array(Buffer.from(ciphertext, 'base64')),
  };
}
