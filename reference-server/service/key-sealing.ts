/**
 * Keys at rest: the store keeps only `sealedKey`, an opaque blob the server makes here. A key value
 * is encrypted with AES-256-GCM under a key-encryption key derived (HKDF-SHA256, its own label) from
 * the record-sealing key, with the GlobalKeyID, KeyAlgorithm and key size as associated data: a
 * blob moved to another row, or with its algorithm changed, does not open. Rotation: the blob names
 * the sealing key id; the previous sealing keys still open old blobs.
 *
 *   blob = "sksml-key-seal/1" 0x00 keyId 0x00 iv(12) tag(16) ciphertext
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomFillSync } from 'node:crypto';
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';

const FORMAT = 'sksml-key-seal/1';
const HKDF_INFO = 'sksml key-at-rest encryption key v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KeySealingError extends SksmlError {}

export interface KeySealingSecret {
  readonly keyId: string;
  /** The record-sealing secret (at least 32 bytes); the key-encryption key is derived from it. */
  readonly key: Uint8Array;
}

export interface KeySealer {
  seal(value: Uint8Array, binding: KeyBinding): Uint8Array;
  /** Throws KeySealingError (KEY_SEAL_INVALID) when the blob does not open for this binding. */
  unseal(blob: Uint8Array, binding: KeyBinding): Uint8Array;
}

export interface KeyBinding {
  readonly globalKeyId: GlobalKeyID;
  readonly algorithm: string;
  readonly keySize: number;
}

function associatedData(binding: KeyBinding): Buffer {
  return Buffer.from(
    `${FORMAT}\n${formatGlobalKeyID(binding.globalKeyId)}\n${binding.algorithm}\n${binding.keySize}`,
    'utf8',
  );
}

function deriveKek(secret: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));
}

/**
 * Random IVs drawn in blocks: one CSPRNG call fills IVs for many seals, and each IV is handed out
 * once (the same random 96-bit IVs as one randomBytes(12) per seal, at a fraction of the calls).
 * IVs are public (they are written in the blob), so holding the next ones in memory leaks nothing.
 */
const IVS_PER_DRAW = 256;

function createIvSource(): () => Uint8Array {
  const block = new Uint8Array(IV_BYTES * IVS_PER_DRAW);
  let next = block.length;
  return () => {
    if (next === block.length) {
      randomFillSync(block);
      next = 0;
    }
    const iv = block.slice(next, next + IV_BYTES);
    // Used IVs are cleared from the block, so a later draw is the only source of the next ones.
    block.fill(0, next, next + IV_BYTES);
    next += IV_BYTES;
    return iv;
  };
}

function invalid(): KeySealingError {
  return new KeySealingError('KEY_SEAL_INVALID', 'a stored key does not open under the sealing key');
}

/** A sealer whose current secret seals and whose previous secrets (rotation) still unseal. */
export function createKeySealer(
  current: KeySealingSecret,
  previous: readonly KeySealingSecret[] = [],
): KeySealer {
  const keks = new Map<string, Buffer>();
  for (const s of [current, ...previous]) {
    if (s.key.length < 32) throw new RangeError(`sealing key ${s.keyId} is shorter than 32 bytes`);
    if (!keks.has(s.keyId)) keks.set(s.keyId, deriveKek(s.key));
  }
  // The current secret's KEK and blob header are fixed for the sealer's life: found once.
  const currentKek = keks.get(current.keyId) as Buffer;
  const currentHeader = Buffer.from(`${FORMAT}\0${current.keyId}\0`, 'utf8');
  const nextIv = createIvSource();
  return {
    seal(value, binding) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', currentKek, iv);
      cipher.setAAD(associatedData(binding));
      const body = cipher.update(value);
      const rest = cipher.final();
      const tag = cipher.getAuthTag();
      // header || iv || tag || ciphertext, written into one array of its own.
      const blob = new Uint8Array(currentHeader.length + IV_BYTES + TAG_BYTES + body.length + rest.length);
      let at = 0;
      for (const part of [currentHeader, iv, tag, body, rest]) {
        blob.set(part, at);
        at += part.length;
      }
      return blob;
    },
    unseal(blob, binding) {
      const bytes = Buffer.from(blob);
      const prefix = `${FORMAT}\0`;
      if (bytes.length < prefix.length || bytes.subarray(0, prefix.length).toString('utf8') !== prefix)
        throw invalid();
      const end = bytes.indexOf(0, prefix.length);
      if (end < 0) throw invalid();
      const kek = keks.get(bytes.subarray(prefix.length, end).toString('utf8'));
      const rest = bytes.subarray(end + 1);
      if (kek === undefined || rest.length <= IV_BYTES + TAG_BYTES) throw invalid();
      try {
        const decipher = createDecipheriv('aes-256-gcm', kek, rest.subarray(0, IV_BYTES));
        decipher.setAAD(associatedData(binding));
        decipher.setAuthTag(rest.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const plain = Buffer.concat([decipher.update(rest.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
        const owned = new Uint8Array(plain.length);
        owned.set(plain);
        plain.fill(0);
        return owned;
      } catch {
        throw invalid();
      }
    },
  };
}
