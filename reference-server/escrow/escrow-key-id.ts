import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * The identifier of an escrow key: lower-case hex SHA-256 of its DER SubjectPublicKeyInfo (the
 * same value `openssl pkey -pubin -outform DER | sha256sum` prints). Accepts a private key too
 * (its public half is used), so a recovery officer can check which blobs their key opens.
 */
export function escrowKeyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}
