/**
 * The typed configuration of the reference SKS server (documented field by field in
 * spec/server-config.md). Paths are absolute (resolved against the configuration file's folder);
 * secrets are never held here, only where to find them (an environment variable name or a file).
 */
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';

export interface ListenConfig {
  /** Interface address to bind; default 127.0.0.1. */
  readonly host: string;
  /** TCP port, 0..65535 (0: the system picks a free port). */
  readonly port: number;
}

export interface HsmConfig {
  /** Absolute path of the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so). */
  readonly module: string;
  readonly tokenLabel: string;
  /** Name of the environment variable that holds the user PIN (never the PIN itself). */
  readonly pinEnv: string;
  /** CKA_LABEL of the private key object. */
  readonly keyLabel: string;
}

/** The server's signing credential: certificate file plus a key file or an HSM key. */
export type ServerCredentials =
  | { readonly kind: 'file'; readonly certificate: string; readonly privateKey: string }
  | { readonly kind: 'hsm'; readonly certificate: string; readonly hsm: HsmConfig };

export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly connectionStringEnv: string };

/** Where a secret comes from: a file (base64 text) or an environment variable (base64 value). */
export type SecretSource =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'env'; readonly name: string };

export interface SealingKeyEntry {
  /** Short identifier written into every seal, so keys can be rotated. */
  readonly keyId: string;
  readonly source: SecretSource;
}

/** The HMAC-SHA256 key that seals every store row; older keys still verify (rotation). */
export interface RecordSealingKeyConfig extends SealingKeyEntry {
  readonly previousKeys: readonly SealingKeyEntry[];
}

export type KeyProviderConfig =
  | { readonly kind: 'node' }
  | {
      readonly kind: 'pkcs11';
      readonly module: string;
      readonly tokenLabel: string;
      readonly pinEnv: string;
    };

export interface EscrowConfig {
  /** Absolute paths of at least two distinct RSA public keys (PEM public key or certificate). */
  readonly publicKeys: readonly string[];
}

export interface KeyClassConfig {
  /** The KeyClass label (1..255 characters, not only white space). */
  readonly name: string;
  /** The class used when a new-key request lists no KeyClasses (exactly one class is the default). */
  readonly isDefault: boolean;
  /** New keys of this class wait for an operator's approval (SymkeyWorkInProgress). */
  readonly requiresApproval: boolean;
  /** RequestCheckInterval handed out with SymkeyWorkInProgress, seconds, 60..604800. */
  readonly requestCheckInterval: number;
  /** The policy delivered with every key of the class; its keyClass is `name`. */
  readonly keyUsePolicy: KeyUsePolicy;
  /** The cache policy for the class; its keyClass is `name`. */
  readonly keyCachePolicy: KeyCachePolicy;
}

/** A member of an authorization group: a certificate fingerprint or a subject DN. */
export type GroupMember =
  | {
      readonly kind: 'fingerprint';
      /** SHA-256 of the DER certificate, lowercase hex. */ readonly sha256: string;
    }
  | { readonly kind: 'subject'; /** As written in the configuration, trimmed. */ readonly subject: string };

export type AuthorizationMode = 'owner' | 'owner-or-group';

export interface AuthorizationConfig {
  /**
   * `owner`: an existing key goes only to the client that created it. `owner-or-group`: also to a
   * client that shares a group with the owner.
   */
  readonly mode: AuthorizationMode;
  readonly groups: ReadonlyMap<string, readonly GroupMember[]>;
}

export interface LimitsConfig {
  /** Largest request body, bytes. */
  readonly maxBodyBytes: number;
  /** Requests processed at the same time; more are refused with 503. */
  readonly maxConcurrent: number;
  /** Longest processing time of one request, milliseconds. */
  readonly requestTimeoutMs: number;
  /** Most GlobalKeyID, KeyClass or SymkeyRequestID items in one SymkeyRequest. */
  readonly maxItemsPerRequest: number;
  /**
   * Signatures remembered against replay (SKSML-WSS-22), each for the message's lifetime + skew
   * (up to 10 minutes): size it for 600 s of the peak request rate; when full of live entries,
   * new requests are refused.
   */
  readonly replayCacheEntries: number;
}

export type KeyTransportName = 'rsa-oaep-mgf1p' | 'rsa-oaep';

export interface WssConfig {
  readonly maxClockSkewSeconds: number;
  readonly maxLifetimeSeconds: number;
  /** Accept RSA-SHA1 request signatures (legacy peers); never used for the server's own signatures. */
  readonly allowRsaSha1: boolean;
  /** Key transport for Symkey unless a client is registered as legacy. */
  readonly keyTransport: KeyTransportName;
  /** Allow rsa-1_5 key transport for clients registered as legacy (never decrypted by the server). */
  readonly allowLegacyRsa15: boolean;
}

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggingConfig {
  readonly level: LogLevel;
}

export interface ServerConfig {
  /** IANA Private Enterprise Number of the organisation, 1..2^64-1. */
  readonly domainId: bigint;
  /** This server's ServerID within the domain, 1..2^64-1. */
  readonly serverId: bigint;
  readonly listen: ListenConfig;
  readonly credentials: ServerCredentials;
  /** Absolute paths of PEM files holding the CA certificates client certificates must chain to. */
  readonly trustAnchors: readonly string[];
  readonly store: StoreConfig;
  readonly recordSealingKey: RecordSealingKeyConfig;
  readonly keyProvider: KeyProviderConfig;
  readonly escrow: EscrowConfig;
  readonly keyClasses: readonly KeyClassConfig[];
  readonly authorization: AuthorizationConfig;
  readonly limits: LimitsConfig;
  readonly wss: WssConfig;
  readonly logging: LoggingConfig;
}

/** Defaults of every optional field (spec/server-config.md lists the same values). */
export const CONFIG_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  sealingKeyId: 'k1',
  requestCheckInterval: 300,
  authorizationMode: 'owner',
  limits: Object.freeze({
    maxBodyBytes: 1024 * 1024,
    maxConcurrent: 64,
    requestTimeoutMs: 30_000,
    maxItemsPerRequest: 100,
    replayCacheEntries: 1_000_000,
  }) satisfies LimitsConfig,
  wss: Object.freeze({
    maxClockSkewSeconds: 300,
    maxLifetimeSeconds: 300,
    allowRsaSha1: false,
    keyTransport: 'rsa-oaep-mgf1p' as KeyTransportName,
    allowLegacyRsa15: false,
  }) satisfies WssConfig,
  logLevel: 'info',
});

/** Ranges checked by the parser (inclusive). */
export const CONFIG_RANGES = Object.freeze({
  requestCheckInterval: [60, 604_800],
  maxBodyBytes: [1024, 16 * 1024 * 1024],
  maxConcurrent: [1, 10_000],
  requestTimeoutMs: [100, 600_000],
  maxItemsPerRequest: [1, 10_000],
  replayCacheEntries: [1_000, 100_000_000],
  maxClockSkewSeconds: [0, 3600],
  maxLifetimeSeconds: [1, 3600],
} as const satisfies Record<string, readonly [number, number]>);

/** The class a new-key request without KeyClasses gets. */
export function defaultKeyClass(config: ServerConfig): KeyClassConfig {
  const found = config.keyClasses.find((c) => c.isDefault);
  if (found === undefined) throw new Error('configuration has no default key class');
  return found;
}

/** The configured class named `name` (exact, case-sensitive comparison), or undefined. */
export function findKeyClass(config: ServerConfig, name: string): KeyClassConfig | undefined {
  return config.keyClasses.find((c) => c.name === name);
}
