import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFingerprint } from './clients.ts';
import { readEscrowPrivateKey } from './recover.ts';
import { formatAuditAnchor, parseAuditAnchor } from './verify-audit.ts';

describe('readEscrowPrivateKey', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('reads PKCS#8, PKCS#1 and encrypted PKCS#8 with its passphrase', () => {
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    for (const key of [
      readEscrowPrivateKey(pkcs8),
      readEscrowPrivateKey(pkcs1),
      readEscrowPrivateKey(encrypted, 'pw'),
    ])
      expect(key.equals(privateKey)).toBe(true);
  });

  it('refuses public keys, encrypted keys without or with a wrong passphrase, and non-RSA keys', () => {
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return undefined;
    };
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(
      code(() => readEscrowPrivateKey(publicKey.export({ type: 'spki', format: 'pem' }).toString())),
    ).toBe('ADMIN_INPUT_INVALID');
    expect(code(() => readEscrowPrivateKey(encrypted))).toBe('ADMIN_INPUT_INVALID');
    expect(code(() => readEscrowPrivateKey(encrypted, 'nope'))).toBe('ADMIN_INPUT_INVALID');
    expect(code(() => readEscrowPrivateKey(ec))).toBe('ADMIN_INPUT_INVALID');
  });
});

describe('identifier spellings', () => {
  it('parses any SHA-256 fingerprint spelling to lowercase hex', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.constantFrom('plain', 'colons', 'prefixed'),
        fc.boolean(),
        (bytes, style, upper) => {
          const hex = Buffer.from(bytes).toString('hex');
          let text = style === 'colons' ? hex.replace(/(..)(?!$)/g, '$1:') : hex;
          if (upper) text = text.toUpperCase();
          if (style === 'prefixed') text = `sha256:${text}`;
          expect(parseFingerprint(text)).toBe(hex);
        },
      ),
    );
    expect(parseFingerprint('abc')).toBeUndefined();
    expect(parseFingerprint('g'.repeat(64))).toBeUndefined();
  });

  it('round-trips audit anchors', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 40 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (count, hash) => {
          const parsed = parseAuditAnchor(formatAuditAnchor(count, hash));
          expect(parsed.count).toBe(count);
          expect(Buffer.from(parsed.headHash).equals(Buffer.from(hash))).toBe(true);
        },
      ),
    );
    expect(() => parseAuditAnchor('12:abc')).toThrow(/COUNT:HEADHASH/);
  });
});
