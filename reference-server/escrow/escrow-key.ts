/**
 * Key escrow: every generated key is also encrypted under each configured escrow PUBLIC key. This
 * file holds the checks shared by both blob formats and the format-1 writer (RSA-OAEP, SHA-256,
 * MGF1-SHA-256 of the key itself, the blob header being the OAEP label; escrow-blob.ts). The
 * server writes format 2 (key-escrow.ts). The server never holds an escrow private key; recovery
 * (recover-key.ts) is an offline procedure.
 */
import { constants, type KeyObject, publicEncrypt } from 'node:crypto';
import type { KeyAlgorithm } from '../../protocol/model/enumerations.ts';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { ESCROW_ALGORITHM, ESCROW_FORMAT, type EscrowBlobV1, escrowHeader } from './escrow-blob.ts';
import { EscrowError } from './escrow-error.ts';
import { escrowKeyId } from './escrow-key-id.ts';
import { checkEscrowedKeyValue } from './symmetric-key.ts';
import type { SymmetricKey } from './symmetric-key.ts';

export const MIN_ESCROW_KEYS = 2;
export const MIN_ESCROW_RSA_BITS = 2048;

/** Canonical spelling of a GlobalKeyID that names a real key (not the new-key sentinel). */
export function escrowGlobalKeyId(gkid: GlobalKeyID): string {
  let text: string;
  try {
    text = formatGlobalKeyID(gkid);
  } catch {
    throw new EscrowError('ESCROW_GLOBAL_KEY_ID_INVALID', 'the GlobalKeyID is not valid');
  }
  // SKSML-MSG-105: DomainID non-zero; ServerID and KeyID non-zero for a real key.
  if (gkid.domainId === 0n || gkid.serverId === 0n || gkid.keyId === 0n)
    throw new EscrowError(
      'ESCROW_GLOBAL_KEY_ID_INVALID',
      `${text} does not name a key (zero DomainID, or the new-key sentinel)`,
    );
  return text;
}

/**
 * Modulus sizes of keys that passed the checks below. A KeyObject cannot change (type, algorithm
 * and modulus are fixed when it is made), so a key that passed once passes again for any minimum
 * up to its size: only that comparison is repeated per call. Keys that failed are not remembered.
 */
const SUITABLE = new WeakMap<KeyObject, number>();

export function checkEscrowPublicKey(key: KeyObject, minBits = MIN_ESCROW_RSA_BITS): void {
  const knownBits = SUITABLE.get(key);
  if (knownBits !== undefined && knownBits >= minBits) return;
  checkKeyObject(key, minBits);
  SUITABLE.set(key, key.asymmetricKeyDetails?.modulusLength ?? 0);
}

function checkKeyObject(key: KeyObject, minBits: number): void {
  if (key.type !== 'public')
    throw new EscrowError(
      'ESCROW_KEY_UNSUITABLE',
      'escrow keys must be configured as public keys; the server must not hold escrow private keys',
    );
  if (key.asymmetricKeyType !== 'rsa')
    throw new EscrowError('ESCROW_KEY_UNSUITABLE', 'escrow keys must be RSA keys (rsaEncryption)');
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < minBits)
    throw new EscrowError(
      'ESCROW_KEY_UNSUITABLE',
      `escrow key has ${bits} bits; at least ${minBits} are required`,
    );
}

/**
 * Checks a list of escrow keys: at least two distinct RSA public keys of 2048 bits or more.
 * Returns their escrow key ids, in the order given.
 */
export function checkEscrowPublicKeys(escrowPublicKeys: readonly KeyObject[]): string[] {
  const ids = escrowPublicKeys.map((publicKey) => {
    checkEscrowPublicKey(publicKey);
    return escrowKeyId(publicKey);
  });
  if (new Set(ids).size !== ids.length)
    throw new EscrowError('ESCROW_KEYS_INSUFFICIENT', 'the same escrow key is configured twice');
  if (ids.length < MIN_ESCROW_KEYS)
    throw new EscrowError(
      'ESCROW_KEYS_INSUFFICIENT',
      `${ids.length} escrow key(s) configured; at least ${MIN_ESCROW_KEYS} are required`,
    );
  return ids;
}

/**
 * Format 1 (`sksml-escrow/1`): one blob per escrow key, in the order given, each an RSA-OAEP
 * encryption of the key itself. The server writes format 2 through its escrow writer
 * (key-escrow.ts); this stays for tests and for comparison. Needs at least two distinct RSA public keys of
 * 2048 bits or more, a key value of the right length and a real GlobalKeyID.
 */
export function escrowKey(
  key: SymmetricKey,
  gkid: GlobalKeyID,
  escrowPublicKeys: readonly KeyObject[],
): EscrowBlobV1[] {
  const globalKeyId = escrowGlobalKeyId(gkid);
  checkEscrowedKeyValue(key.algorithm, key.value, 'ESCROW_KEY_INVALID');
  // Per call: the list is the caller's (each key's own checks are remembered per KeyObject).
  const ids = checkEscrowPublicKeys(escrowPublicKeys);
  return escrowPublicKeys.map((publicKey, i) =>
    blobFor(key.algorithm, key.value, globalKeyId, ids[i]!, publicKey),
  );
}

function blobFor(
  keyAlgorithm: KeyAlgorithm,
  value: Uint8Array,
  globalKeyId: string,
  id: string,
  publicKey: KeyObject,
): EscrowBlobV1 {
  const header = {
    format: ESCROW_FORMAT,
    escrowKeyId: id,
    algorithm: ESCROW_ALGORITHM,
    keyAlgorithm,
    globalKeyId,
  } as const;
  const ciphertext = publicEncrypt(
    {
      key: publicKey,
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
      oaepLabel: Buffer.from(escrowHeader(header), 'utf8'),
    },
    value,
  );
  // The same fields as the header, written out (a spread into a frozen object costs more).
  const blob: EscrowBlobV1 = {
    format: ESCROW_FORMAT,
    escrowKeyId: id,
    algorithm: ESCROW_ALGORITHM,
    keyAlgorithm,
    globalKeyId,
    ciphertext: new Uint8Array(ciphertext),
  };
  return Object.freeze(blob);
}
