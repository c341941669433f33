import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** KeyObjects are immutable: the id of one is computed once (the DER export costs ~0.25 ms). */
const known = new WeakMap<KeyObject, string>();

/**
 * The identifier of an escrow key: lower-case hex SHA-256 of its DER SubjectPublicKeyInfo (the
 * same value `openssl pkey -pubin -outform DER | sha256sum` prints). Accepts a private key too
 * (its public half is used), so a recovery officer can check which blobs their key opens.
 */
export function escrowKeyId(key: KeyObject): string {
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const id = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  known.set(key, id);
  return id;
}
