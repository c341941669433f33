/**
 * Replay-cache evasion and the exact edges of the freshness window (SKSML-WSS-9, -10, -22).
 * The replay key is the SHA-256 of the DECODED SignatureValue; these tests try every way to make
 * the same signed message look new, and pin each window edge to the millisecond. No fix was needed.
 */
import { describe, expect, it } from 'vitest';
import { createReplayCache } from '../../protocol/wss/replay-cache.ts';
import { rejectionOf, reviewContext } from './support.ts';

const c = reviewContext();
const SKEW_MS = 300_000;
const at = (ms: number): Date => new Date(c.now.getTime() + ms);

function signatureValueOf(xml: string): string {
  const m = /<ds:SignatureValue>([^<]*)<\/ds:SignatureValue>/.exec(xml);
  if (!m) throw new Error('fixture: no SignatureValue');
  return m[1] as string;
}

function withSignatureValue(xml: string, value: string): string {
  return xml.replace(signatureValueOf(xml), value);
}

/** Flips the unused low bits of the last base64 character before the padding (same bytes). */
function nonCanonicalBase64(b64: string): string | null {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  if (pad === 0) return null;
  const i = b64.length - pad - 1;
  const unusedBits = pad === 2 ? 4 : 2;
  const v = alphabet.indexOf(b64[i] as string) | ((1 << unusedBits) - 1);
  return b64.slice(0, i) + alphabet[v] + b64.slice(i + 1);
}

function modulusOf(): bigint {
  const jwk = c.signer.certificate.publicKey.export({ format: 'jwk' }) as { n: string };
  return BigInt(`0x${Buffer.from(jwk.n, 'base64url').toString('hex')}`);
}

describe('replay cache evasion', () => {
  it('the same SignatureValue re-encoded with white space, line breaks and CRLF is a replay', () => {
    const cache = createReplayCache();
    const xml = c.signed();
    expect(rejectionOf(xml, { replayCache: cache })).toBe('ACCEPTED');
    const sv = signatureValueOf(xml);
    for (const variant of [sv.replace(/(.{76})/g, '$1\n'), sv.replace(/(.{4})/g, '$1 '), `\r\n${sv}\r\n`])
      expect(rejectionOf(withSignatureValue(xml, variant), { replayCache: cache })).toBe('WSS_REPLAY');
  });

  it('non-canonical base64 (unused bits set in the last character) decodes to the same key', () => {
    const cache = createReplayCache();
    // 256-byte signatures end in "=" padding (256 = 3 * 85 + 1), so there are unused bits to flip.
    const xml = c.signed();
    const variant = nonCanonicalBase64(signatureValueOf(xml));
    expect(variant).not.toBeNull();
    expect(variant).not.toBe(signatureValueOf(xml));
    expect(rejectionOf(xml, { replayCache: cache })).toBe('ACCEPTED');
    expect(rejectionOf(withSignatureValue(xml, variant as string), { replayCache: cache })).toBe(
      'WSS_REPLAY',
    );
  });

  it('RSA malleability: a leading zero byte, or s + n, is not a valid signature (no new replay key)', () => {
    const n = modulusOf();
    const cache = createReplayCache();
    const xml = c.signed();
    expect(rejectionOf(xml, { replayCache: cache })).toBe('ACCEPTED');
    const s = Buffer.from(signatureValueOf(xml), 'base64');
    const padded = Buffer.concat([Buffer.from([0]), s]).toString('base64');
    expect(rejectionOf(withSignatureValue(xml, padded), { replayCache: cache })).toBe('WSS_BAD_SIGNATURE');
    // s + n of the SAME length exists for about a third of the messages with this key size;
    // look for one among differently timed messages (each signs a different SignedInfo).
    let tried = 0;
    for (let k = 1; k <= 400; k++) {
      const other = c.signed({ timestamp: { created: at(-k), expires: at(300_000 - k) } });
      const sig = Buffer.from(signatureValueOf(other), 'base64');
      const hex = (BigInt(`0x${sig.toString('hex')}`) + n).toString(16).padStart(sig.length * 2, '0');
      if (hex.length !== sig.length * 2) continue;
      tried++;
      const bigger = Buffer.from(hex, 'hex').toString('base64');
      expect(rejectionOf(withSignatureValue(other, bigger), { replayCache: cache })).toBe(
        'WSS_BAD_SIGNATURE',
      );
      if (tried === 3) break;
    }
    // With a modulus whose top byte is 0xff a same-length s + n may not exist in 400 tries.
    if (n >> 2040n < 0xf0n) expect(tried).toBeGreaterThan(0);
  });

  it('the same SignatureValue under a different Timestamp breaks the Timestamp digest', () => {
    const xml = c.signed();
    const moved = xml.replace(
      /<wsu:Created>[^<]*<\/wsu:Created>/,
      `<wsu:Created>${at(1000).toISOString()}</wsu:Created>`,
    );
    expect(moved).not.toBe(xml);
    expect(rejectionOf(moved)).toBe('WSS_DIGEST_MISMATCH');
  });

  it('a replayed message is refused for as long as it could pass freshness, then expires', () => {
    const cache = createReplayCache();
    const xml = c.signed(); // Created = now, Expires = now + 300 s
    expect(rejectionOf(xml, { replayCache: cache })).toBe('ACCEPTED');
    expect(rejectionOf(xml, { replayCache: cache, now: at(300_000 + SKEW_MS - 1) })).toBe('WSS_REPLAY');
    expect(rejectionOf(xml, { replayCache: cache, now: at(300_000 + SKEW_MS) })).toBe('WSS_EXPIRED');
  });
});

describe('freshness window edges (default skew 300 s, lifetime 300 s)', () => {
  const signedAt = (createdMs: number, expiresMs: number): string =>
    c.signed({ timestamp: { created: at(createdMs), expires: at(expiresMs) } });

  it('Created exactly now + skew is accepted, one millisecond later is in the future', () => {
    expect(rejectionOf(signedAt(SKEW_MS, SKEW_MS + 1000))).toBe('ACCEPTED');
    expect(rejectionOf(signedAt(SKEW_MS + 1, SKEW_MS + 1001))).toBe('WSS_CREATED_IN_FUTURE');
  });

  it('Expires + skew one millisecond after now is accepted, exactly now is expired', () => {
    expect(rejectionOf(signedAt(-SKEW_MS - 1000, -SKEW_MS + 1))).toBe('ACCEPTED');
    expect(rejectionOf(signedAt(-SKEW_MS - 1000, -SKEW_MS))).toBe('WSS_EXPIRED');
  });

  it('a lifetime of exactly 300 s is accepted, 300.001 s is too long', () => {
    expect(rejectionOf(signedAt(0, 300_000))).toBe('ACCEPTED');
    expect(rejectionOf(signedAt(0, 300_001))).toBe('WSS_LIFETIME_TOO_LONG');
  });

  it('sub-millisecond digits cannot stretch the lifetime past its bound by more than the truncation', () => {
    const template = c.template({ timestamp: { created: at(0), expires: at(300_000) } });
    const created = at(0).toISOString().replace('Z', '999999Z'); // .xxx999999: truncated to .xxx
    const stretched = template.replace(/<wsu:Created>[^<]*</, `<wsu:Created>${created}<`);
    expect(rejectionOf(c.forge(stretched))).toBe('ACCEPTED');
    const expires = at(300_001).toISOString().replace('Z', '000001Z');
    const tooLong = template.replace(/<wsu:Expires>[^<]*</, `<wsu:Expires>${expires}<`);
    expect(rejectionOf(c.forge(tooLong))).toBe('WSS_LIFETIME_TOO_LONG');
  });

  it('a leap second, a 24:00 hour and an offset other than Z are malformed', () => {
    for (const value of ['2026-06-30T23:59:60Z', '2026-06-30T24:00:00Z', '2026-06-30T12:00:00+00:00'])
      expect(
        rejectionOf(c.forge(c.template().replace(/<wsu:Created>[^<]*</, `<wsu:Created>${value}<`))),
        value,
      ).toBe('WSS_MALFORMED_TIMESTAMP');
  });
});
