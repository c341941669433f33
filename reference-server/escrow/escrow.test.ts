import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_ALGORITHMS, KEY_SIZE_OF_ALGORITHM } from '../../protocol/model/enumerations.ts';
import type { KeyAlgorithm } from '../../protocol/model/enumerations.ts';
import { parseGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { setDesParity } from '../keys/des-parity.ts';
import { decodeEscrowBlob, encodeEscrowBlob, type EscrowBlob } from './escrow-blob.ts';
import { checkEscrowPublicKey, escrowKey } from './escrow-key.ts';
import { escrowKeyId } from './escrow-key-id.ts';
import { parseEscrowPublicKeys } from './escrow-public-keys.ts';
import { recoverKey } from './recover-key.ts';
import type { SymmetricKey } from './symmetric-key.ts';

const rsa = (bits: number): KeyObject =>
  generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 }).privateKey;
const officers = [rsa(2048), rsa(2048), rsa(2048)];
const publics = officers.map((k) => createPublicKey(k));
const AES256: KeyAlgorithm = 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';
const DES3: KeyAlgorithm = 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc';
const gkid = parseGlobalKeyID('10514-3-4711');
const other = parseGlobalKeyID('10514-3-4712');
const aesKey = (): SymmetricKey => ({ algorithm: AES256, value: new Uint8Array(randomBytes(32)) });

function edit(blob: string, field: number, replace: (text: string) => string): string {
  const fields = blob.split(' ');
  fields[field] = replace(fields[field]!);
  return fields.join(' ');
}

describe('escrowKey / recoverKey', () => {
  it.each([2, 3])('round trips with %i escrow keys; each escrow key alone recovers the key', (n) => {
    const key = aesKey();
    const blobs = escrowKey(key, gkid, publics.slice(0, n));
    expect(blobs).toHaveLength(n);
    for (let i = 0; i < n; i += 1) {
      expect(blobs[i]!.escrowKeyId).toBe(escrowKeyId(publics[i]!));
      expect(blobs[i]!.globalKeyId).toBe('10514-3-4711');
      const encoded = encodeEscrowBlob(blobs[i]!);
      expect(recoverKey(encoded, gkid, officers[i]!)).toEqual(key);
      expect(recoverKey(blobs[i]!, gkid, officers[i]!)).toEqual(key);
    }
  });

  it('round trips every KeyAlgorithm (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEY_ALGORITHMS),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
        (algorithm, bytes, keyId) => {
          const value = bytes.slice(0, KEY_SIZE_OF_ALGORITHM[algorithm] / 8);
          if (algorithm === DES3) setDesParity(value);
          const id = { domainId: 10514n, serverId: 1n, keyId };
          const blobs = escrowKey({ algorithm, value }, id, publics.slice(0, 2));
          const back = recoverKey(decodeEscrowBlob(encodeEscrowBlob(blobs[1]!)), id, officers[1]!);
          expect(back).toEqual({ algorithm, value });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('uses randomised encryption: two escrows of one key differ', () => {
    const key = aesKey();
    const [a] = escrowKey(key, gkid, publics.slice(0, 2));
    const [b] = escrowKey(key, gkid, publics.slice(0, 2));
    expect(Buffer.from(a!.ciphertext).equals(Buffer.from(b!.ciphertext))).toBe(false);
  });

  it('refuses the wrong escrow key', () => {
    const [blob] = escrowKey(aesKey(), gkid, publics.slice(0, 2));
    expect(() => recoverKey(blob!, gkid, officers[1]!)).toThrow(
      expect.objectContaining({ code: 'ESCROW_WRONG_KEY' }) as Error,
    );
    expect(() => recoverKey(blob!, gkid, rsa(2048))).toThrow(
      expect.objectContaining({ code: 'ESCROW_WRONG_KEY' }) as Error,
    );
  });

  it('refuses a blob moved to another GlobalKeyID, also with its header rewritten', () => {
    const [blob] = escrowKey(aesKey(), gkid, publics.slice(0, 2));
    expect(() => recoverKey(blob!, other, officers[0]!)).toThrow(
      expect.objectContaining({ code: 'ESCROW_GLOBAL_KEY_ID_MISMATCH' }) as Error,
    );
    const moved = edit(encodeEscrowBlob(blob!), 4, () => '10514-3-4712');
    expect(() => recoverKey(moved, other, officers[0]!)).toThrow(
      expect.objectContaining({ code: 'ESCROW_DECRYPTION_FAILED' }) as Error,
    );
  });

  it('detects tampering with the ciphertext and with the key algorithm', () => {
    const encoded = encodeEscrowBlob(escrowKey(aesKey(), gkid, publics.slice(0, 2))[0]!);
    const flipped = edit(encoded, 5, (b64) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[100] = bytes[100]! ^ 0x01;
      return bytes.toString('base64');
    });
    expect(() => recoverKey(flipped, gkid, officers[0]!)).toThrow(
      expect.objectContaining({ code: 'ESCROW_DECRYPTION_FAILED' }) as Error,
    );
    const relabelled = edit(encoded, 3, () => 'http://www.w3.org/2001/04/xmlenc#aes128-cbc');
    expect(() => recoverKey(relabelled, gkid, officers[0]!)).toThrow(
      expect.objectContaining({ code: 'ESCROW_DECRYPTION_FAILED' }) as Error,
    );
  });

  it('refuses malformed blobs', () => {
    const encoded = encodeEscrowBlob(escrowKey(aesKey(), gkid, publics.slice(0, 2))[0]!);
    const bad = [
      '',
      encoded.replace('sksml-escrow/1', 'sksml-escrow/2'),
      edit(encoded, 1, (id) => id.toUpperCase()),
      edit(encoded, 2, () => 'rsa-oaep-sha1'),
      edit(encoded, 3, () => 'http://www.w3.org/2009/xmlenc11#aes256-gcm'),
      edit(encoded, 4, () => '10514-03-4711'),
      edit(encoded, 4, () => '10514-3'),
      edit(encoded, 5, () => '!!!!'),
      `${encoded} extra`,
      encoded.replace(' ', '  '),
    ];
    for (const text of bad)
      expect(() => decodeEscrowBlob(text), text.slice(0, 60)).toThrow(
        expect.objectContaining({ code: 'ESCROW_BLOB_MALFORMED' }) as Error,
      );
    expect(decodeEscrowBlob(`  ${encoded}\n`).globalKeyId).toBe('10514-3-4711');
  });

  it('needs at least two distinct RSA public escrow keys of 2048 bits or more', () => {
    const key = aesKey();
    const fails = (keys: KeyObject[], code: string): void => {
      expect(() => escrowKey(key, gkid, keys)).toThrow(expect.objectContaining({ code }) as Error);
    };
    fails([], 'ESCROW_KEYS_INSUFFICIENT');
    fails([publics[0]!], 'ESCROW_KEYS_INSUFFICIENT');
    fails([publics[0]!, createPublicKey(officers[0]!)], 'ESCROW_KEYS_INSUFFICIENT');
    fails([publics[0]!, officers[1]!], 'ESCROW_KEY_UNSUITABLE');
    fails([publics[0]!, createPublicKey(rsa(1024))], 'ESCROW_KEY_UNSUITABLE');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    fails([publics[0]!, ec], 'ESCROW_KEY_UNSUITABLE');
  });

  it('refuses the new-key sentinel, a zero DomainID and key values of the wrong length or parity', () => {
    const key = aesKey();
    for (const id of ['10514-0-0', '0-1-1'])
      expect(() => escrowKey(key, parseGlobalKeyID(id), publics.slice(0, 2))).toThrow(
        expect.objectContaining({ code: 'ESCROW_GLOBAL_KEY_ID_INVALID' }) as Error,
      );
    const short: SymmetricKey = { algorithm: AES256, value: new Uint8Array(16) };
    expect(() => escrowKey(short, gkid, publics.slice(0, 2))).toThrow(
      expect.objectContaining({ code: 'ESCROW_KEY_INVALID' }) as Error,
    );
    const noParity: SymmetricKey = { algorithm: DES3, value: new Uint8Array(24) };
    expect(() => escrowKey(noParity, gkid, publics.slice(0, 2))).toThrow(
      expect.objectContaining({ code: 'ESCROW_KEY_INVALID' }) as Error,
    );
  });

  it('reads escrow keys from PEM public keys and certificates, refusing private keys', () => {
    const pems = publics.slice(0, 2).map((k) => k.export({ type: 'spki', format: 'pem' }).toString());
    const keys = parseEscrowPublicKeys(pems);
    expect(keys.map((k) => escrowKeyId(k))).toEqual(publics.slice(0, 2).map((k) => escrowKeyId(k)));
    const privatePem = officers[0]!.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => parseEscrowPublicKeys([privatePem])).toThrow(
      expect.objectContaining({ code: 'ESCROW_KEY_UNSUITABLE' }) as Error,
    );
    expect(() => parseEscrowPublicKeys(['not a key'])).toThrow(
      expect.objectContaining({ code: 'ESCROW_KEY_UNSUITABLE' }) as Error,
    );
  });

  it('names an escrow key by the SHA-256 of its SPKI, from either half', () => {
    const id = escrowKeyId(publics[0]!);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(escrowKeyId(officers[0]!)).toBe(id);
    expect(escrowKeyId(publics[1]!)).not.toBe(id);
  });

  it('keeps the format readable: six fields, header first', () => {
    const blob: EscrowBlob = escrowKey(aesKey(), gkid, publics.slice(0, 2))[0]!;
    const fields = encodeEscrowBlob(blob).split(' ');
    expect(fields.slice(0, 5)).toEqual([
      'sksml-escrow/1',
      escrowKeyId(publics[0]!),
      'rsa-oaep-sha256',
      AES256,
      '10514-3-4711',
    ]);
    expect(Buffer.from(fields[5]!, 'base64')).toHaveLength(256);
  });

  it('remembers only what cannot change: a checked key is checked again against a larger minimum', () => {
    const key = publics[2]!;
    expect(() => checkEscrowPublicKey(key)).not.toThrow();
    escrowKey(aesKey(), gkid, [publics[0]!, key]);
    // The remembered size still meets 2048 but not 4096; the private half is another KeyObject.
    expect(() => checkEscrowPublicKey(key, 4096)).toThrow(
      expect.objectContaining({ code: 'ESCROW_KEY_UNSUITABLE' }) as Error,
    );
    expect(() => checkEscrowPublicKey(officers[2]!)).toThrow(
      expect.objectContaining({ code: 'ESCROW_KEY_UNSUITABLE' }) as Error,
    );
    // The list checks stay per call: the same, already checked, key twice is refused.
    expect(() => escrowKey(aesKey(), gkid, [key, key])).toThrow(
      expect.objectContaining({ code: 'ESCROW_KEYS_INSUFFICIENT' }) as Error,
    );
  });
});
