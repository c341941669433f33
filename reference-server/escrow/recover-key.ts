/**
 * Recovery of an escrowed key with one escrow private key (offline, by a recovery officer; the
 * CLI `sksml admin recover` will wrap this). Errors say which check failed: the wrong escrow key,
 * a blob of another GlobalKeyID, or a blob that does not decrypt (altered, or its header edited).
 * This runs where the escrow private key is, never in the server, so the distinct errors are not
 * a padding oracle for peers.
 */
import { constants, type KeyObject, privateDecrypt } from 'node:crypto';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import { decodeEscrowBlob, type EscrowBlob, escrowHeader } from './escrow-blob.ts';
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
  let value: Buffer;
  try {
    value = privateDecrypt(
      {
        key: escrowPrivateKey,
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha256',
        // The label is rebuilt with the REQUESTED GlobalKeyID, so the binding does not rest on the
        // header field alone.
        oaepLabel: Buffer.from(escrowHeader({ ...parsed, globalKeyId: wanted }), 'utf8'),
      },
      parsed.ciphertext,
    );
  } catch {
    throw new EscrowError(
      'ESCROW_DECRYPTION_FAILED',
      `the blob does not decrypt for GlobalKeyID ${wanted}: it was altered, or made for another key`,
    );
  }
  checkEscrowedKeyValue(parsed.keyAlgorithm, value, 'ESCROW_DECRYPTION_FAILED');
  return { algorithm: parsed.keyAlgorithm, value: new Uint8Array(value) };
}
