/**
 * Escrow recovery from the server's store (spec/admin.md §Recovery, spec/key-management.md §2.2):
 * the key's escrow blobs are read (verified) from the store, the blob made for the officer's escrow
 * key is picked by the key's SPKI fingerprint, and escrow/recover-key.ts opens it. Any one escrow
 * key recovers the key on its own. The recovery is written to the audit log before the key is
 * handed back; if that fails, nothing is recovered (fail closed).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { formatGlobalKeyID, type GlobalKeyID } from '../../protocol/model/identifiers.ts';
import { escrowKeyId } from '../escrow/escrow-key-id.ts';
import { recoverKey } from '../escrow/recover-key.ts';
import type { SymmetricKey } from '../escrow/symmetric-key.ts';
import type { KeyRecord } from '../store/records.ts';
import type { AdminContext } from './admin-context.ts';
import { AdminError } from './admin-error.ts';

/** An escrow private key from PEM (PKCS#8, encrypted PKCS#8 with `passphrase`, or PKCS#1). */
export function readEscrowPrivateKey(pem: string, passphrase?: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
    throw new AdminError('ADMIN_INPUT_INVALID', 'the escrow key file holds no PEM private key');
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem) && passphrase === undefined)
    throw new AdminError(
      'ADMIN_INPUT_INVALID',
      'the escrow key is encrypted: give its passphrase with --passphrase-env NAME',
    );
  let key: KeyObject;
  try {
    key = createPrivateKey(
      passphrase === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase },
    );
  } catch (error) {
    // Never echo the PEM or the passphrase.
    throw new AdminError(
      'ADMIN_INPUT_INVALID',
      passphrase === undefined
        ? 'the escrow key file does not hold a readable private key'
        : 'the escrow key does not open with this passphrase',
      { cause: error },
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new AdminError(
      'ADMIN_INPUT_INVALID',
      `escrow keys are RSA; this key is ${key.asymmetricKeyType ?? 'unknown'}`,
    );
  return key;
}

export interface RecoveredKey {
  readonly record: KeyRecord;
  /** The escrow key's SPKI fingerprint (the id its blob carries). */
  readonly escrowKeyId: string;
  /** The key value; the caller zeroes `key.value` once written. */
  readonly key: SymmetricKey;
}

/** Recovers stored key `globalKeyId` with `escrowPrivateKey`. Throws AdminError, EscrowError, IntegrityError. */
export async function recoverStoredKey(
  ctx: AdminContext,
  globalKeyId: GlobalKeyID,
  escrowPrivateKey: KeyObject,
): Promise<RecoveredKey> {
  const text = formatGlobalKeyID(globalKeyId);
  const record = await ctx.store.getKey(globalKeyId);
  if (record === undefined) throw new AdminError('ADMIN_NOT_FOUND', `there is no key ${text} in the store`);
  const id = escrowKeyId(escrowPrivateKey);
  const blob = record.escrow.find((b) => b.escrowKeyId === id);
  if (blob === undefined)
    throw new AdminError(
      'ADMIN_ESCROW_KEY_UNKNOWN',
      `key ${text} is not escrowed under escrow key ${id}; it is escrowed under ${record.escrow.map((b) => b.escrowKeyId).join(', ') || 'no key'}`,
    );
  const key = recoverKey(Buffer.from(blob.blob).toString('utf8'), globalKeyId, escrowPrivateKey);
  try {
    if (key.algorithm !== record.algorithm || key.value.length * 8 !== record.keySize)
      throw new AdminError(
        'ADMIN_RECOVERY_MISMATCH',
        `the escrowed key of ${text} is ${key.algorithm} (${key.value.length * 8} bits) but the key record says ${record.algorithm} (${record.keySize} bits)`,
      );
    await ctx.audit.append({
      operation: 'AdminRecoverKey',
      clientId: record.ownerClientId,
      globalKeyIds: [text],
      outcome: 'success',
      errorCode: null,
    });
  } catch (error) {
    key.value.fill(0);
    throw error;
  }
  return { record, escrowKeyId: id, key };
}
