/**
 * What an attack fixture is and what it gets to build itself: a test PKI, a fixed clock, the
 * legitimate signer, and (lazily, since keys are slow) the odd credentials key-confusion attacks
 * need.
 */
import type { VerifyOptions } from '../../wss/verify.ts';
import type { WssErrorCode, WssFaultName } from '../../wss/wss-error.ts';
import { createTestPki, issueCertificate, type PkiCredential, type TestPki } from '../pki.ts';
import { envelopeTemplate, forge, type TemplateOptions } from './forge.ts';

export type AttackCategory = 'xsw' | 'key' | 'freshness' | 'algorithm' | 'structure' | 'parser' | 'tampering';

export interface AttackCase {
  readonly xml: string;
  /** Overrides of the default verify options (trust anchors of the PKI, `now` of the context). */
  readonly options?: Partial<VerifyOptions>;
  /** Verify the same message once (successfully, with the same replay cache) before the attack. */
  readonly replayFirst?: boolean;
}

export interface AttackFixture {
  /** Unique kebab-case name. */
  readonly name: string;
  readonly category: AttackCategory;
  readonly description: string;
  /** Public advisory the fixture reproduces, when there is one. */
  readonly reference?: string;
  readonly expected: { readonly code: WssErrorCode; readonly fault: WssFaultName };
  build(context: AttackContext): AttackCase;
}

export interface OddCredentials {
  readonly expired: PkiCredential;
  readonly notYetValid: PkiCredential;
  readonly noDigitalSignature: PkiCredential;
  readonly rsa1024: PkiCredential;
  readonly ec: PkiCredential;
  readonly foreignCa: PkiCredential;
  readonly foreignLeaf: PkiCredential;
  readonly selfSigned: PkiCredential;
}

export interface AttackContext {
  readonly pki: TestPki;
  readonly now: Date;
  readonly signer: PkiCredential;
  readonly odd: OddCredentials;
  /** The template text (placeholders unfilled) with `overrides` applied. */
  template(overrides?: Partial<TemplateOptions>, signer?: PkiCredential): string;
  /** Fills a template's placeholders with `signer`'s key (default the legitimate signer). */
  forge(template: string, signer?: PkiCredential): string;
  /** A correctly signed envelope from the template, with `overrides` applied. */
  signed(overrides?: Partial<TemplateOptions>, signer?: PkiCredential): string;
}

const DAY = 86_400_000;

function lazy<T extends object>(make: { [K in keyof T]: () => T[K] }): T {
  const cache = new Map<keyof T, T[keyof T]>();
  const out = {} as T;
  for (const key of Object.keys(make) as (keyof T)[])
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => {
        if (!cache.has(key)) cache.set(key, make[key]());
        return cache.get(key);
      },
    });
  return out;
}

export function createAttackContext(options: { pki?: TestPki; now?: Date } = {}): AttackContext {
  const pki = options.pki ?? createTestPki();
  const now = options.now ?? new Date(pki.now.getTime() + 60_000);
  const signer = pki.clients[0] as PkiCredential;
  const t = now.getTime();
  const odd: OddCredentials = lazy<OddCredentials>({
    // Reusing the signer's key keeps these cheap; only the certificate differs.
    expired: () =>
      issueCertificate(pki, {
        subject: 'expired client',
        notBefore: new Date(t - 400 * DAY),
        notAfter: new Date(t - DAY),
        privateKey: signer.privateKey,
      }),
    notYetValid: () =>
      issueCertificate(pki, {
        subject: 'future client',
        notBefore: new Date(t + DAY),
        notAfter: new Date(t + 400 * DAY),
        privateKey: signer.privateKey,
      }),
    noDigitalSignature: () =>
      issueCertificate(pki, {
        subject: 'encryption-only client',
        keyUsage: ['keyEncipherment'],
        privateKey: signer.privateKey,
      }),
    rsa1024: () => issueCertificate(pki, { subject: 'weak client', bits: 1024 }),
    ec: () => issueCertificate(pki, { subject: 'ec client', keyType: 'ec' }),
    foreignCa: () =>
      issueCertificate(pki, {
        subject: 'attacker CA',
        selfSigned: true,
        isCa: true,
        keyUsage: ['keyCertSign'],
      }),
    foreignLeaf: () =>
      issueCertificate(pki, {
        subject: 'attacker client',
        issuer: odd.foreignCa,
        privateKey: signer.privateKey,
      }),
    selfSigned: () =>
      issueCertificate(pki, {
        subject: 'self-signed client',
        selfSigned: true,
        privateKey: signer.privateKey,
      }),
  });
  return {
    pki,
    now,
    signer,
    odd,
    template(overrides = {}, by = signer) {
      return envelopeTemplate({ certificate: by.certificate, now, ...overrides });
    },
    forge(template, by = signer) {
      return forge(template, { kind: 'private', key: by.privateKey });
    },
    signed(overrides = {}, by = signer) {
      return forge(envelopeTemplate({ certificate: by.certificate, now, ...overrides }), {
        kind: 'private',
        key: by.privateKey,
      });
    },
  };
}
