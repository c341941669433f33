import {
  constants,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  randomBytes,
} from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_ALGORITHMS, KEY_SIZE_OF_ALGORITHM } from '../../protocol/model/enumerations.ts';
import type { KeyAlgorithm } from '../../protocol/model/enumerations.ts';
import { type GlobalKeyID, parseGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { setDesParity } from '../keys/des-parity.ts';
import {
  dataKeyLabel,
  decodeEscrowBlob,
  encodeEscrowBlob,
  type EscrowBlobV2,
  escrowAdditionalData,
} from './escrow-blob.ts';
import { escrowKey } from './escrow-key.ts';
import { escrowKeyId } from './escrow-key-id.ts';
import { createKeyEscrow, type KeyEscrowOptions, MAX_KEYS_PER_DEK } from './key-escrow.ts';
import { recoverKey } from './recover-key.ts';
import type { SymmetricKey } from './symmetric-key.ts';

const rsa = (bits: number): KeyObject =>
  generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 }).privateKey;
const officers = [rsa(2048), rsa(2048), rsa(2048)];
const publics = officers.map((k) => createPublicKey(k));
const AES192: KeyAlgorithm = 'http://www.w3.org/2001/04/xmlenc#aes192-cbc';
const AES256: KeyAlgorithm = 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';
const DES3: KeyAlgorithm = 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc';
const gkid = parseGlobalKeyID('10514-3-4711');
const other = parseGlobalKeyID('10514-3-4712');
const aesKey = (): SymmetricKey => ({ algorithm: AES256, value: new Uint8Array(randomBytes(32)) });

const code = (c: string): Error => expect.objectContaining({ code: c }) as Error;

function edit(blob: string, field: number, replace: (text: string) => string): string {
  const fields = blob.split(' ');
  fields[field] = replace(fields[field]!);
  return fields.join(' ');
}

function flipBit(b64: string, bit: number): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[bit >> 3] = bytes[bit >> 3]! ^ (1 << (bit & 7));
  return bytes.toString('base64');
}

/** A writer over two escrow keys, recording what its test hook sees. */
function writer(options: KeyEscrowOptions = {}, keys = publics.slice(0, 2)) {
  const created: { id: string; dataKey: Uint8Array; copy: Uint8Array }[] = [];
  const retired: { id: string; dataKey: Uint8Array }[] = [];
  const escrow = createKeyEscrow(keys, {
    ...options,
    onDataKey: (event, id, dataKey) => {
      if (event === 'created') created.push({ id, dataKey, copy: Uint8Array.from(dataKey) });
      else retired.push({ id, dataKey });
    },
  });
  return { escrow, created, retired };
}

const wrappedOf = (blob: EscrowBlobV2): string => Buffer.from(blob.wrappedKey).toString('base64');

describe('createKeyEscrow / recoverKey, format sksml-escrow/2', () => {
  it.each([2, 3])('round trips with %i escrow keys; each escrow key alone recovers the key', (n) => {
    const { escrow } = writer({}, publics.slice(0, n));
    const key = aesKey();
    const blobs = escrow.escrowKey(key, gkid);
    expect(blobs).toHaveLength(n);
    expect(escrow.escrowKeyIds).toEqual(publics.slice(0, n).map((k) => escrowKeyId(k)));
    for (let i = 0; i < n; i += 1) {
      expect(blobs[i]!.escrowKeyId).toBe(escrowKeyId(publics[i]!));
      expect(blobs[i]!.format).toBe('sksml-escrow/2');
      expect(recoverKey(encodeEscrowBlob(blobs[i]!), gkid, officers[i]!)).toEqual(key);
      expect(recoverKey(blobs[i]!, gkid, officers[i]!)).toEqual(key);
    }
  });

  it('round trips every KeyAlgorithm through encoding, with either escrow key (property)', () => {
    const { escrow } = writer({ maxKeysPerDek: 7 });
    fc.assert(
      fc.property(
        fc.constantFrom(...KEY_ALGORITHMS),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
        fc.integer({ min: 0, max: 1 }),
        (algorithm, bytes, keyId, officer) => {
          const value = bytes.slice(0, KEY_SIZE_OF_ALGORITHM[algorithm] / 8);
          if (algorithm === DES3) setDesParity(value);
          const id = { domainId: 10514n, serverId: 1n, keyId };
          const blobs = escrow.escrowKey({ algorithm, value }, id);
          const text = encodeEscrowBlob(blobs[officer]!);
          expect(decodeEscrowBlob(text)).toEqual(blobs[officer]);
          expect(recoverKey(text, id, officers[officer]!)).toEqual({ algorithm, value });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('writes eight fields; the data key is wrapped under a label without the GlobalKeyID', () => {
    const { escrow, created } = writer();
    const [a, b] = escrow.escrowKey(aesKey(), gkid);
    const fields = encodeEscrowBlob(a!).split(' ');
    expect(fields).toHaveLength(8);
    expect(fields.slice(0, 5)).toEqual([
      'sksml-escrow/2',
      escrowKeyId(publics[0]!),
      'rsa-oaep-sha256+a256gcm',
      AES256,
      '10514-3-4711',
    ]);
    expect(Buffer.from(fields[5]!, 'base64')).toHaveLength(256);
    expect(Buffer.from(fields[6]!, 'base64')).toHaveLength(12);
    expect(Buffer.from(fields[7]!, 'base64')).toHaveLength(32 + 16);
    const unwrap = (label: string): Buffer =>
      privateDecrypt(
        {
          key: officers[0]!,
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: 'sha256',
          oaepLabel: Buffer.from(label),
        },
        a!.wrappedKey,
      );
    const dataKey = unwrap(dataKeyLabel(escrowKeyId(publics[0]!)));
    expect(dataKey).toHaveLength(32);
    expect(Buffer.from(dataKey).equals(Buffer.from(created.find((c) => c.id === a!.escrowKeyId)!.copy))).toBe(
      true,
    );
    expect(() => unwrap(fields.slice(0, 5).join(' '))).toThrow();
    // One data key per escrow key: the two escrow keys' data keys differ.
    expect(created).toHaveLength(2);
    expect(Buffer.from(created[0]!.copy).equals(Buffer.from(created[1]!.copy))).toBe(false);
    expect(b!.escrowKeyId).toBe(escrowKeyId(publics[1]!));
    expect(escrowAdditionalData(a!, fields[5]!)).toBe(fields.slice(0, 6).join(' '));
  });

  it('shares one wrapped data key within an epoch, with a fresh nonce per key', () => {
    const { escrow, created } = writer();
    const key = aesKey();
    const runs = Array.from({ length: 50 }, (_, i) =>
      escrow.escrowKey(key, { domainId: 10514n, serverId: 3n, keyId: BigInt(i + 1) }),
    );
    expect(created).toHaveLength(2);
    expect(new Set(runs.map((r) => wrappedOf(r[0]!))).size).toBe(1);
    expect(new Set(runs.map((r) => wrappedOf(r[1]!))).size).toBe(1);
    expect(wrappedOf(runs[0]![0]!)).not.toBe(wrappedOf(runs[0]![1]!));
    const nonces = runs.flat().map((b) => Buffer.from(b.nonce).toString('hex'));
    expect(new Set(nonces).size).toBe(nonces.length);
    // The same key escrowed twice under one GlobalKeyID still gives different ciphertexts.
    const again = escrow.escrowKey(key, gkid);
    const twice = escrow.escrowKey(key, gkid);
    expect(Buffer.from(again[0]!.ciphertext).equals(Buffer.from(twice[0]!.ciphertext))).toBe(false);
  });

  it('rotates the data key by count, zero-fills the retired one, and old blobs still recover', () => {
    const { escrow, created, retired } = writer({ maxKeysPerDek: 3 });
    const keys = Array.from({ length: 7 }, aesKey);
    const ids = keys.map((_, i) => ({ domainId: 10514n, serverId: 3n, keyId: BigInt(100 + i) }));
    const blobs = keys.map((k, i) => escrow.escrowKey(k, ids[i]!));
    const epochs = blobs.map((b) => wrappedOf(b[0]!));
    expect(epochs[1]).toBe(epochs[0]);
    expect(epochs[2]).toBe(epochs[0]);
    expect(epochs[3]).not.toBe(epochs[0]);
    expect(epochs[5]).toBe(epochs[3]);
    expect(epochs[6]).not.toBe(epochs[3]);
    expect(new Set(epochs).size).toBe(3);
    expect(created).toHaveLength(6);
    expect(retired).toHaveLength(4);
    for (const r of retired) {
      // The very Buffer that held the data key, now all zero; it was not zero when made.
      const made = created.find((c) => c.dataKey === r.dataKey);
      expect(made?.id).toBe(r.id);
      expect(made!.copy.some((x) => x !== 0)).toBe(true);
      expect(r.dataKey.every((x) => x === 0)).toBe(true);
    }
    // The current epochs' data keys are untouched.
    for (const c of created.slice(4)) expect(Buffer.from(c.dataKey).equals(Buffer.from(c.copy))).toBe(true);
    blobs.forEach((pair, i) => {
      expect(recoverKey(encodeEscrowBlob(pair[0]!), ids[i]!, officers[0]!)).toEqual(keys[i]);
      expect(recoverKey(encodeEscrowBlob(pair[1]!), ids[i]!, officers[1]!)).toEqual(keys[i]);
    });
  });

  it('rotates the data key by age and when the clock goes backwards (injected clock)', () => {
    let clock = 5_000;
    const { escrow, created, retired } = writer({ maxDekAgeMs: 1000, now: () => clock });
    const key = aesKey();
    const at = (t: number, keyId: bigint): EscrowBlobV2[] => {
      clock = t;
      return escrow.escrowKey(key, { domainId: 1n, serverId: 1n, keyId });
    };
    const b0 = at(5_000, 1n);
    const b1 = at(5_999, 2n);
    const b2 = at(6_000, 3n);
    const b3 = at(6_500, 4n);
    const b4 = at(5_900, 5n); // before the epoch began
    expect(wrappedOf(b1[0]!)).toBe(wrappedOf(b0[0]!));
    expect(wrappedOf(b2[0]!)).not.toBe(wrappedOf(b0[0]!));
    expect(wrappedOf(b3[1]!)).toBe(wrappedOf(b2[1]!));
    expect(wrappedOf(b4[1]!)).not.toBe(wrappedOf(b3[1]!));
    expect(created).toHaveLength(6);
    expect(retired).toHaveLength(4);
    expect(retired.every((r) => r.dataKey.every((x) => x === 0))).toBe(true);
    [b0, b1, b2, b3, b4].forEach((pair, i) =>
      expect(
        recoverKey(
          encodeEscrowBlob(pair[1]!),
          { domainId: 1n, serverId: 1n, keyId: BigInt(i + 1) },
          officers[1]!,
        ),
      ).toEqual(key),
    );
  });

  it('dispose zero-fills the current data keys; the writer refuses work afterwards', () => {
    const { escrow, created, retired } = writer();
    escrow.escrowKey(aesKey(), gkid);
    escrow.dispose();
    escrow.dispose();
    expect(retired.map((r) => r.dataKey)).toEqual(created.map((c) => c.dataKey));
    expect(retired.every((r) => r.dataKey.every((x) => x === 0))).toBe(true);
    expect(() => escrow.escrowKey(aesKey(), gkid)).toThrow(/disposed/);
  });

  it('checks the escrow keys, the GlobalKeyID, the key value and its own limits', () => {
    const fails = (keys: KeyObject[], c: string): void => {
      expect(() => createKeyEscrow(keys)).toThrow(code(c));
    };
    fails([], 'ESCROW_KEYS_INSUFFICIENT');
    fails([publics[0]!], 'ESCROW_KEYS_INSUFFICIENT');
    fails([publics[0]!, createPublicKey(officers[0]!)], 'ESCROW_KEYS_INSUFFICIENT');
    fails([publics[0]!, officers[1]!], 'ESCROW_KEY_UNSUITABLE');
    fails([publics[0]!, createPublicKey(rsa(1024))], 'ESCROW_KEY_UNSUITABLE');
    const { escrow, created } = writer();
    for (const id of ['10514-0-0', '0-1-1'])
      expect(() => escrow.escrowKey(aesKey(), parseGlobalKeyID(id))).toThrow(
        code('ESCROW_GLOBAL_KEY_ID_INVALID'),
      );
    expect(() => escrow.escrowKey({ algorithm: AES256, value: new Uint8Array(16) }, gkid)).toThrow(
      code('ESCROW_KEY_INVALID'),
    );
    expect(() => escrow.escrowKey({ algorithm: DES3, value: new Uint8Array(24) }, gkid)).toThrow(
      code('ESCROW_KEY_INVALID'),
    );
    // Refused before any data key was made.
    expect(created).toHaveLength(0);
    for (const options of [
      { maxKeysPerDek: 0 },
      { maxKeysPerDek: 1.5 },
      { maxKeysPerDek: MAX_KEYS_PER_DEK + 1 },
      { maxDekAgeMs: 0 },
      { maxDekAgeMs: Number.NaN },
      { maxDekAgeMs: Number.POSITIVE_INFINITY },
    ])
      expect(() => createKeyEscrow(publics.slice(0, 2), options), JSON.stringify(options)).toThrow(
        RangeError,
      );
    expect(() => createKeyEscrow(publics.slice(0, 2), { maxKeysPerDek: MAX_KEYS_PER_DEK })).not.toThrow();
  });
});

describe('sksml-escrow/2 tampering', () => {
  const { escrow } = writer({ maxKeysPerDek: 2 });
  const key = aesKey();
  // Epoch 1: blobs of gkid and other; epoch 2 (same escrow keys): a third key.
  const [mine, theirs] = escrow.escrowKey(key, gkid);
  escrow.escrowKey(aesKey(), other);
  const [nextEpoch, nextEpochTheirs] = escrow.escrowKey(aesKey(), parseGlobalKeyID('10514-3-4713'));
  const text = encodeEscrowBlob(mine!);
  const failsWith = (blob: string | EscrowBlobV2, c: string, id: GlobalKeyID = gkid, officer = 0): void => {
    expect(
      () => recoverKey(blob, id, officers[officer]!),
      typeof blob === 'string' ? blob.slice(-60) : '',
    ).toThrow(code(c));
  };

  it('the untouched blob recovers (the cases below start from it)', () => {
    expect(wrappedOf(nextEpoch!)).not.toBe(wrappedOf(mine!));
    expect(recoverKey(text, gkid, officers[0]!)).toEqual(key);
  });

  it('refuses the wrong escrow private key, also with the escrow key id rewritten', () => {
    failsWith(text, 'ESCROW_WRONG_KEY', gkid, 1);
    expect(() => recoverKey(text, gkid, rsa(2048))).toThrow(code('ESCROW_WRONG_KEY'));
    failsWith(
      edit(text, 1, () => escrowKeyId(publics[1]!)),
      'ESCROW_DECRYPTION_FAILED',
      gkid,
      1,
    );
    expect(() => recoverKey(text, gkid, publics[0]!)).toThrow(code('ESCROW_KEY_UNSUITABLE'));
  });

  it('refuses a blob moved to another GlobalKeyID, also with its header rewritten', () => {
    failsWith(text, 'ESCROW_GLOBAL_KEY_ID_MISMATCH', other);
    failsWith(
      edit(text, 4, () => '10514-3-4712'),
      'ESCROW_DECRYPTION_FAILED',
      other,
    );
    failsWith({ ...mine!, globalKeyId: '10514-3-4712' }, 'ESCROW_DECRYPTION_FAILED', other);
  });

  it('detects an edited key algorithm, whether or not the length still fits', () => {
    failsWith(
      edit(text, 3, () => 'http://www.w3.org/2001/04/xmlenc#aes128-cbc'),
      'ESCROW_DECRYPTION_FAILED',
    );
    // AES-192 and 3DES keys have the same length: only GCM can tell.
    const value = new Uint8Array(randomBytes(24));
    const [b] = escrow.escrowKey({ algorithm: AES192, value }, gkid);
    const enc = encodeEscrowBlob(b!);
    expect(recoverKey(enc, gkid, officers[0]!).value).toEqual(value);
    failsWith(
      edit(enc, 3, () => DES3),
      'ESCROW_DECRYPTION_FAILED',
    );
  });

  it('refuses an edited format or algorithm field as malformed', () => {
    failsWith(
      edit(text, 0, () => 'sksml-escrow/1'),
      'ESCROW_BLOB_MALFORMED',
    );
    failsWith(
      edit(text, 0, () => 'sksml-escrow/3'),
      'ESCROW_BLOB_MALFORMED',
    );
    failsWith(
      edit(text, 2, () => 'rsa-oaep-sha256'),
      'ESCROW_BLOB_MALFORMED',
    );
    failsWith(
      edit(text, 2, () => 'rsa-oaep-sha256+a128gcm'),
      'ESCROW_BLOB_MALFORMED',
    );
  });

  it('refuses a wrapped data key swapped for another epoch of the same escrow key, or the other escrow key', () => {
    failsWith(
      edit(text, 5, () => wrappedOf(nextEpoch!)),
      'ESCROW_DECRYPTION_FAILED',
    );
    failsWith({ ...mine!, wrappedKey: nextEpoch!.wrappedKey }, 'ESCROW_DECRYPTION_FAILED');
    failsWith(
      edit(text, 5, () => wrappedOf(theirs!)),
      'ESCROW_DECRYPTION_FAILED',
    );
    failsWith(
      edit(text, 5, () => wrappedOf(nextEpochTheirs!)),
      'ESCROW_DECRYPTION_FAILED',
    );
    // The other escrow key's blob, relabelled as this escrow key's: its data key does not unwrap.
    failsWith(
      edit(encodeEscrowBlob(theirs!), 1, () => escrowKeyId(publics[0]!)),
      'ESCROW_DECRYPTION_FAILED',
    );
  });

  it('detects any flipped bit in the wrapped data key, the nonce, the ciphertext or the tag (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(5, 6, 7), fc.nat(), (field, n) => {
        const size = Buffer.from(text.split(' ')[field]!, 'base64').length * 8;
        failsWith(
          edit(text, field, (b64) => flipBit(b64, n % size)),
          'ESCROW_DECRYPTION_FAILED',
        );
      }),
      { numRuns: 40 },
    );
    // The tag's last bit, and the first ciphertext bit, explicitly.
    failsWith(
      edit(text, 7, (b64) => flipBit(b64, 48 * 8 - 1)),
      'ESCROW_DECRYPTION_FAILED',
    );
    failsWith(
      edit(text, 7, (b64) => flipBit(b64, 0)),
      'ESCROW_DECRYPTION_FAILED',
    );
  });

  it('refuses truncated, missing and non-canonical fields', () => {
    const cut = (b64: string, bytes: number): string =>
      Buffer.from(b64, 'base64').subarray(0, -bytes).toString('base64');
    // Lengths the format fixes: malformed.
    failsWith(
      edit(text, 6, (b64) => cut(b64, 1)),
      'ESCROW_BLOB_MALFORMED',
    );
    failsWith(
      edit(text, 7, (b64) => Buffer.from(b64, 'base64').subarray(0, 16).toString('base64')),
      'ESCROW_BLOB_MALFORMED',
    );
    failsWith(
      edit(text, 5, () => ''),
      'ESCROW_BLOB_MALFORMED',
    );
    failsWith(text.split(' ').slice(0, 7).join(' '), 'ESCROW_BLOB_MALFORMED');
    failsWith(`${text} AAAA`, 'ESCROW_BLOB_MALFORMED');
    failsWith(
      edit(text, 6, (b64) => `${b64.slice(0, -1)}!`),
      'ESCROW_BLOB_MALFORMED',
    );
    // Lengths the escrow key and the key algorithm fix: the blob does not decrypt.
    failsWith(
      edit(text, 5, (b64) => cut(b64, 1)),
      'ESCROW_DECRYPTION_FAILED',
    );
    failsWith(
      edit(text, 7, (b64) => cut(b64, 1)),
      'ESCROW_DECRYPTION_FAILED',
    );
    failsWith(
      edit(text, 7, (b64) => Buffer.concat([Buffer.from(b64, 'base64'), Buffer.alloc(1)]).toString('base64')),
      'ESCROW_DECRYPTION_FAILED',
    );
    // Base64 whose unused bits are set decodes to the same bytes, but is not what encoding gives.
    const nonce = text.split(' ')[6]!;
    expect(nonce.endsWith('=')).toBe(false);
    const ct = text.split(' ')[7]!; // 48 bytes: no padding either; use the wrapped key (256 bytes, "==").
    expect(ct.endsWith('=')).toBe(false);
    const wrapped = text.split(' ')[5]!;
    expect(wrapped.endsWith('==')).toBe(true);
    const last = wrapped.at(-3)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sloppy = `${wrapped.slice(0, -3)}${alphabet[alphabet.indexOf(last) ^ 1]}==`;
    expect(Buffer.from(sloppy, 'base64').equals(Buffer.from(wrapped, 'base64'))).toBe(true);
    failsWith(
      edit(text, 5, () => sloppy),
      'ESCROW_BLOB_MALFORMED',
    );
  });
});

describe('both formats', () => {
  it('decodes and recovers format-1 blobs next to format-2 blobs', () => {
    const key = aesKey();
    const v1 = encodeEscrowBlob(escrowKey(key, gkid, publics.slice(0, 2))[1]!);
    const v2 = encodeEscrowBlob(createKeyEscrow(publics.slice(0, 2)).escrowKey(key, gkid)[1]!);
    expect(decodeEscrowBlob(v1).format).toBe('sksml-escrow/1');
    expect(decodeEscrowBlob(v2).format).toBe('sksml-escrow/2');
    expect(recoverKey(v1, gkid, officers[1]!)).toEqual(key);
    expect(recoverKey(v2, gkid, officers[1]!)).toEqual(key);
    // A format-1 line relabelled as format 2 (and the reverse) is malformed.
    expect(() => decodeEscrowBlob(v1.replace('sksml-escrow/1', 'sksml-escrow/2'))).toThrow(
      code('ESCROW_BLOB_MALFORMED'),
    );
    expect(() => decodeEscrowBlob(v2.replace('sksml-escrow/2', 'sksml-escrow/1'))).toThrow(
      code('ESCROW_BLOB_MALFORMED'),
    );
  });
});
