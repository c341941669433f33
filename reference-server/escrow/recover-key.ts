/**
 * Recovery of an escrowed key, blob format 1 or 2 (escrow-blob.ts), with one escrow private key
 * (offline, by a recovery officer; the CLI `sksml admin recover` wraps this). Errors say which
 * check failed: the wrong escrow key, a blob of another GlobalKeyID, or a blob that does not
 * decrypt (altered, or its header edited).
 * This runs where the escrow private key is, never in the server, so the distinct errors are not
 * a padding oracle for peers.
 */
import { constants, createDecipheriv, type KeyObject, privateDecrypt } from 'node:crypto';
import { KEY_SIZE_OF_ALGORITHM } from '../../protocol/model/enumerations.ts';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import {
  DATA_KEY_BYTES,
  ESCROW_FORMAT,
  type EscrowBlob,
  type EscrowBlobV1,
  type EscrowBlobV2,
  GCM_NONCE_BYTES,
  GCM_TAG_BYTES,
  dataKeyLabel,
  decodeEscrowBlob,
  escrowAdditionalData,
  escrowHeader,
  toBase64,
} from './escrow-blob.ts';
import { EscrowError } from './escrow-error.ts';
import { escrowGlobalKeyId } from './escrow-key.ts';
import { escrowKeyId } from './escrow-key-id.ts';
import { checkEscrowedKeyValue, type SymmetricKey } from './symmetric-key.ts';

export function recoverKey(
  blob: EscrowBlob | string,
  gkid: GlobalKeyID,
  escrowPrivateKey: KeyObject,
): SymmetricKey {
  const parsed = typeof blob === 'string' ? decodeEscrowBlob(blob) : blob;
  const wanted = escrowGlobalKeyId(gkid);
  if (escrowPrivateKey.type !== 'private' || escrowPrivateKey.asymmetricKeyType !== 'rsa')
    throw new EscrowError('ESCROW_KEY_UNSUITABLE', 'recovery needs an RSA escrow private key');
  const id = escrowKeyId(escrowPrivateKey);
  if (id !== parsed.escrowKeyId)
    throw new EscrowError(
      'ESCROW_WRONG_KEY',
      `the blob was made for escrow key ${parsed.escrowKeyId}, not for the given key ${id}`,
    );
  if (parsed.globalKeyId !== wanted)
    throw new EscrowError(
      'ESCROW_GLOBAL_KEY_ID_MISMATCH',
      `the blob holds the key of GlobalKeyID ${parsed.globalKeyId}, not ${wanted}`,
    );
  const value =
    parsed.format === ESCROW_FORMAT
      ? openV1(parsed, wanted, escrowPrivateKey)
      : openV2(parsed, wanted, escrowPrivateKey);
  try {
    checkEscrowedKeyValue(parsed.keyAlgorithm, value, 'ESCROW_DECRYPTION_FAILED');
    return { algorithm: parsed.keyAlgorithm, value: new Uint8Array(value) };
  } finally {
    value.fill(0);
  }
}

function decryptionFailed(wanted: string): EscrowError {
  return new EscrowError(
    'ESCROW_DECRYPTION_FAILED',
    `the blob does not decrypt for GlobalKeyID ${wanted}: it was altered, or made for another key`,
  );
}

function unwrap(ciphertext: Uint8Array, label: string, escrowPrivateKey: KeyObject, wanted: string): Buffer {
  try {
    return privateDecrypt(
      {
        key: escrowPrivateKey,
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha256',
        oaepLabel: Buffer.from(label, 'utf8'),
      },
      ciphertext,
    );
  } catch {
    throw decryptionFailed(wanted);
  }
}

/** Format 1: the key itself under RSA-OAEP, the label rebuilt with the REQUESTED GlobalKeyID. */
function openV1(blob: EscrowBlobV1, wanted: string, escrowPrivateKey: KeyObject): Buffer {
  return unwrap(blob.ciphertext, escrowHeader({ ...blob, globalKeyId: wanted }), escrowPrivateKey, wanted);
}

/**
 * Format 2: unwrap the data key (RSA-OAEP, label: format, escrow key id, algorithm), then open the
 * key with AES-256-GCM, the additional data rebuilt with the REQUESTED GlobalKeyID. A failure at
 * either step gives the same error and message.
 */
function openV2(blob: EscrowBlobV2, wanted: string, escrowPrivateKey: KeyObject): Buffer {
  const valueLength = blob.ciphertext.length - GCM_TAG_BYTES;
  // The length the key algorithm fixes; a longer or shorter ciphertext is not tried.
  if (valueLength * 8 !== KEY_SIZE_OF_ALGORITHM[blob.keyAlgorithm] || blob.nonce.length !== GCM_NONCE_BYTES)
    throw decryptionFailed(wanted);
  const dataKey = unwrap(blob.wrappedKey, dataKeyLabel(blob.escrowKeyId), escrowPrivateKey, wanted);
  try {
    if (dataKey.length !== DATA_KEY_BYTES) throw decryptionFailed(wanted);
    const decipher = createDecipheriv('aes-256-gcm', dataKey, blob.nonce, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(
      Buffer.from(escrowAdditionalData({ ...blob, globalKeyId: wanted }, toBase64(blob.wrappedKey)), 'utf8'),
    );
    decipher.setAuthTag(blob.ciphertext.subarray(valueLength));
    const body = decipher.update(blob.ciphertext.subarray(0, valueLength));
    try {
      const rest = decipher.final();
      const value = Buffer.concat([body, rest]);
      body.fill(0);
      return value;
    } catch {
      body.fill(0);
      throw decryptionFailed(wanted);
    }
  } finally {
    dataKey.fill(0);
  }
}
