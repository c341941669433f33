/**
 * The server's escrow writer (format `sksml-escrow/2`, escrow-blob.ts; spec/key-management.md §2).
 *
 * Per escrow key it keeps an *epoch*: a random 256-bit data key, RSA-OAEP-wrapped once under the
 * escrow public key (label: format, escrow key id, algorithm). Every key escrowed in the epoch is
 * encrypted with AES-256-GCM under that data key, with a fresh random 96-bit nonce and the blob's
 * header plus the wrapped data key as additional data; each blob carries its own copy of the
 * wrapped data key, so one blob and one escrow private key recover one key. One RSA operation per
 * escrow key and epoch replaces one per escrow key and key.
 *
 * An epoch ends after `maxKeysPerDek` keys or `maxDekAgeMs` milliseconds (or when the clock goes
 * backwards); its data key Buffer is then zero-filled. The data key is only ever in this process's
 * memory, which also holds the key-at-rest sealing key that protects every stored key: it adds no
 * exposure beyond what the server holds anyway.
 */
import { constants, createCipheriv, type KeyObject, publicEncrypt, randomFillSync } from 'node:crypto';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import {
  DATA_KEY_BYTES,
  ESCROW_ALGORITHM_2,
  ESCROW_FORMAT_2,
  type EscrowBlobV2,
  GCM_NONCE_BYTES,
  GCM_TAG_BYTES,
  dataKeyLabel,
} from './escrow-blob.ts';
import { checkEscrowPublicKeys, escrowGlobalKeyId } from './escrow-key.ts';
import { checkEscrowedKeyValue, type SymmetricKey } from './symmetric-key.ts';

export const DEFAULT_MAX_KEYS_PER_DEK = 4096;
export const DEFAULT_MAX_DEK_AGE_MS = 10 * 60 * 1000;
/**
 * Hard cap of keys per data key. With n random 96-bit nonces under one key the chance of any nonce
 * repeating is below n^2 / 2^97: 2^-73 at the default 4096, 2^-57 at this cap (2^20), far inside
 * the 2^32 invocations NIST SP 800-38D §8.3 allows for random nonces.
 */
export const MAX_KEYS_PER_DEK = 2 ** 20;
/** Hard cap of an epoch's age: one day. */
export const MAX_DEK_AGE_MS = 24 * 60 * 60 * 1000;

export interface KeyEscrowOptions {
  /** Keys encrypted under one data key before a new one is made (1 .. MAX_KEYS_PER_DEK). */
  readonly maxKeysPerDek?: number;
  /** Age in milliseconds after which a data key is replaced (> 0, <= MAX_DEK_AGE_MS). */
  readonly maxDekAgeMs?: number;
  /** Monotonic clock in milliseconds (default `performance.now`); injectable for tests. */
  readonly now?: () => number;
  /**
   * TEST-ONLY hook: sees each data key Buffer when its epoch starts ('created') and again after it
   * has been zero-filled ('retired'). Never set in the server.
   */
  readonly onDataKey?: (event: 'created' | 'retired', escrowKeyId: string, dataKey: Uint8Array) => void;
}

export interface KeyEscrow {
  /** The escrow key ids, in configuration order (the order of the blobs escrowKey returns). */
  readonly escrowKeyIds: readonly string[];
  /** One `sksml-escrow/2` blob per escrow key, in configuration order. */
  escrowKey(key: SymmetricKey, gkid: GlobalKeyID): EscrowBlobV2[];
  /** Zero-fills the current data keys; escrowKey throws afterwards. Idempotent. */
  dispose(): void;
}

interface Epoch {
  readonly dataKey: Buffer;
  readonly wrappedKey: Uint8Array;
  /** The end of the GCM additional data: a space and the wrapped data key's base64. */
  readonly aadEnd: Buffer;
  readonly startedAt: number;
  used: number;
}

interface Slot {
  readonly id: string;
  readonly publicKey: KeyObject;
  readonly label: Buffer;
  /** The first three header fields and a space. */
  readonly headerStart: string;
  epoch: Epoch | undefined;
}

function readLimit(value: number | undefined, fallback: number, max: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isFinite(n) || n <= 0 || n > max || (name === 'maxKeysPerDek' && !Number.isInteger(n)))
    throw new RangeError(`${name} must be ${name === 'maxKeysPerDek' ? 'an integer ' : ''}in (0, ${max}]`);
  return n;
}

/** Creates the escrow writer for a list of escrow public keys (checked as escrowKey checks them). */
export function createKeyEscrow(
  escrowPublicKeys: readonly KeyObject[],
  options: KeyEscrowOptions = {},
): KeyEscrow {
  const maxKeys = readLimit(
    options.maxKeysPerDek,
    DEFAULT_MAX_KEYS_PER_DEK,
    MAX_KEYS_PER_DEK,
    'maxKeysPerDek',
  );
  const maxAge = readLimit(options.maxDekAgeMs, DEFAULT_MAX_DEK_AGE_MS, MAX_DEK_AGE_MS, 'maxDekAgeMs');
  const now = options.now ?? (() => performance.now());
  const hook = options.onDataKey;
  const ids = checkEscrowPublicKeys(escrowPublicKeys);
  const slots: Slot[] = escrowPublicKeys.map((publicKey, i) => ({
    id: ids[i]!,
    publicKey,
    label: Buffer.from(dataKeyLabel(ids[i]!), 'utf8'),
    headerStart: `${ESCROW_FORMAT_2} ${ids[i]!} ${ESCROW_ALGORITHM_2} `,
    epoch: undefined,
  }));
  let disposed = false;
  // Nonces are drawn from a pool of random bytes refilled in bulk (one CSPRNG call per 256 nonces
  // instead of one per nonce); each nonce is copied out, and no byte of the pool is used twice.
  const pool = new Uint8Array(GCM_NONCE_BYTES * 256);
  let poolOffset = pool.length;
  const nextNonce = (): Uint8Array => {
    if (poolOffset === pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    poolOffset += GCM_NONCE_BYTES;
    return pool.slice(poolOffset - GCM_NONCE_BYTES, poolOffset);
  };

  const retire = (slot: Slot): void => {
    const old = slot.epoch;
    if (old === undefined) return;
    slot.epoch = undefined;
    old.dataKey.fill(0);
    hook?.('retired', slot.id, old.dataKey);
  };

  const start = (slot: Slot, at: number): Epoch => {
    // Its own memory (not the Buffer pool), so zero-filling it touches nothing else.
    const dataKey = randomFillSync(Buffer.alloc(DATA_KEY_BYTES));
    let wrapped: Buffer;
    try {
      wrapped = publicEncrypt(
        {
          key: slot.publicKey,
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: 'sha256',
          oaepLabel: slot.label,
        },
        dataKey,
      );
    } catch (error) {
      dataKey.fill(0);
      throw error;
    }
    const epoch: Epoch = {
      dataKey,
      wrappedKey: new Uint8Array(wrapped),
      aadEnd: Buffer.from(` ${wrapped.toString('base64')}`, 'utf8'),
      startedAt: at,
      used: 0,
    };
    slot.epoch = epoch;
    hook?.('created', slot.id, dataKey);
    return epoch;
  };

  const epochOf = (slot: Slot, at: number): Epoch => {
    const current = slot.epoch;
    if (
      current !== undefined &&
      current.used < maxKeys &&
      at >= current.startedAt &&
      at - current.startedAt < maxAge
    )
      return current;
    retire(slot);
    return start(slot, at);
  };

  return {
    escrowKeyIds: Object.freeze([...ids]),
    escrowKey(key, gkid) {
      if (disposed) throw new Error('the key escrow writer has been disposed');
      const globalKeyId = escrowGlobalKeyId(gkid);
      checkEscrowedKeyValue(key.algorithm, key.value, 'ESCROW_KEY_INVALID');
      const at = now();
      return slots.map((slot) => {
        const epoch = epochOf(slot, at);
        epoch.used += 1;
        const nonce = nextNonce();
        const cipher = createCipheriv('aes-256-gcm', epoch.dataKey, nonce, { authTagLength: GCM_TAG_BYTES });
        // The additional data in two parts (GCM hashes them as one string): the header, and the
        // epoch's " <wrapped data key>" bytes, made once per epoch.
        cipher.setAAD(Buffer.from(`${slot.headerStart}${key.algorithm} ${globalKeyId}`, 'utf8'));
        cipher.setAAD(epoch.aadEnd);
        const body = cipher.update(key.value);
        const rest = cipher.final();
        const tag = cipher.getAuthTag();
        const ciphertext = new Uint8Array(body.length + rest.length + tag.length);
        ciphertext.set(body, 0);
        ciphertext.set(rest, body.length);
        ciphertext.set(tag, body.length + rest.length);
        const blob: EscrowBlobV2 = {
          format: ESCROW_FORMAT_2,
          escrowKeyId: slot.id,
          algorithm: ESCROW_ALGORITHM_2,
          keyAlgorithm: key.algorithm,
          globalKeyId,
          // A copy per blob: a caller altering one blob's bytes cannot alter the next blob.
          wrappedKey: epoch.wrappedKey.slice(),
          nonce,
          ciphertext,
        };
        return Object.freeze(blob);
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const slot of slots) retire(slot);
    },
  };
}
