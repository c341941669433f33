/** Configuration of createClient, and its checked, resolved form. */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { loadTrustAnchors } from '../../protocol/pki/parse.ts';
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';
import { DEFAULT_INTAKE_LIMITS } from '../../protocol/xml/intake.ts';
import { ClientError } from '../errors/client-error.ts';
import type { AttemptRecord } from '../errors/client-error.ts';
import {
  defaultSleep,
  resolveRetryPolicy,
  type ResolvedRetryPolicy,
  type RetryPolicy,
  type Sleep,
} from '../transport/failover.ts';
import {
  resolveEndpoints,
  type ResolvedEndpoint,
  type ServerEndpoint,
} from '../transport/server-endpoint.ts';

export interface ClientCredentials {
  /** The client's certificate (X509Certificate or PEM); it signs requests and receives keys. */
  readonly certificate: X509Certificate | string;
  /** The matching RSA private key (KeyObject or PEM). */
  readonly privateKey: KeyObject | string;
}

export interface ClientOptions {
  /** Ordered: primary first, then disaster recovery, ... */
  readonly servers: readonly ServerEndpoint[];
  readonly credentials: ClientCredentials;
  /** The server's trust anchor(s): certificates or a PEM bundle. */
  readonly trustAnchors: readonly X509Certificate[] | string;
  /** The organisation's DomainID (IANA PEN), used in new-key requests. */
  readonly domainId: bigint | number | string;
  readonly clock?: () => Date;
  /** Default '1.2'. */
  readonly soapVersion?: SoapVersion;
  readonly timeouts?: { readonly attemptMs?: number };
  readonly retry?: RetryPolicy;
  /** Used for backoff and by waitForKeys; injectable for tests. */
  readonly sleep?: Sleep;
  readonly keyTransport?: {
    /** Accept rsa-1_5 wrapped keys (legacy servers only). Default false. */
    readonly allowRsa15?: boolean;
    /** Send the client certificate as X509EncryptionCertificate (SKSML-CLT-56). Default false. */
    readonly sendEncryptionCertificate?: boolean;
  };
  /** Clock skew tolerated on response Timestamps, seconds (default 300). */
  readonly maxSkewSeconds?: number;
  /** Called for each failed attempt (diagnostics; never receives key bytes). */
  readonly onAttemptFailed?: (record: AttemptRecord, error: ClientError) => void;
}

export interface ResolvedClientOptions {
  readonly servers: readonly ResolvedEndpoint[];
  readonly certificate: X509Certificate;
  readonly privateKey: KeyObject;
  readonly trustAnchors: readonly X509Certificate[];
  readonly domainId: bigint;
  readonly clock: () => Date;
  readonly soapVersion: SoapVersion;
  readonly attemptTimeoutMs: number;
  readonly retry: ResolvedRetryPolicy;
  readonly sleep: Sleep;
  readonly allowRsa15: boolean;
  readonly sendEncryptionCertificate: boolean;
  readonly maxSkewSeconds: number;
  readonly maxResponseBytes: number;
  readonly onAttemptFailed: ((record: AttemptRecord, error: ClientError) => void) | undefined;
}

function bad(message: string, cause?: unknown): ClientError {
  return new ClientError('CLIENT_BAD_ARGUMENT', message, cause === undefined ? {} : { cause });
}

function readDomainId(value: bigint | number | string): bigint {
  let id: bigint;
  try {
    id = BigInt(value);
  } catch (e) {
    throw bad('domainId is not an integer', e);
  }
  if (id < 1n || id > 18446744073709551615n) throw bad('domainId must be 1..2^64-1');
  return id;
}

export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  let certificate: X509Certificate;
  let privateKey: KeyObject;
  try {
    const c = options.credentials.certificate;
    certificate = typeof c === 'string' ? new X509Certificate(c) : c;
    const k = options.credentials.privateKey;
    privateKey = typeof k === 'string' ? createPrivateKey(k) : k;
  } catch (e) {
    throw bad('the client certificate or private key cannot be read', e);
  }
  if (
    privateKey.type !== 'private' ||
    privateKey.asymmetricKeyType !== 'rsa' ||
    !certificate.checkPrivateKey(privateKey)
  )
    throw bad('the private key must be the RSA key of the client certificate');
  let trustAnchors: readonly X509Certificate[];
  try {
    trustAnchors =
      typeof options.trustAnchors === 'string'
        ? loadTrustAnchors(options.trustAnchors)
        : options.trustAnchors;
  } catch (e) {
    throw bad('the trust anchors cannot be read', e);
  }
  if (trustAnchors.length === 0) throw bad('at least one trust anchor is required');
  const attemptTimeoutMs = options.timeouts?.attemptMs ?? 10_000;
  if (!Number.isFinite(attemptTimeoutMs) || attemptTimeoutMs <= 0)
    throw bad('timeouts.attemptMs must be > 0');
  const maxSkewSeconds = options.maxSkewSeconds ?? 300;
  if (!Number.isFinite(maxSkewSeconds) || maxSkewSeconds < 0) throw bad('maxSkewSeconds must be >= 0');
  const soapVersion = options.soapVersion ?? '1.2';
  if (soapVersion !== '1.2' && soapVersion !== '1.1') throw bad("soapVersion must be '1.2' or '1.1'");
  return {
    servers: resolveEndpoints(options.servers),
    certificate,
    privateKey,
    trustAnchors,
    domainId: readDomainId(options.domainId),
    clock: options.clock ?? (() => new Date()),
    soapVersion,
    attemptTimeoutMs,
    retry: resolveRetryPolicy(options.retry),
    sleep: options.sleep ?? defaultSleep,
    allowRsa15: options.keyTransport?.allowRsa15 === true,
    sendEncryptionCertificate: options.keyTransport?.sendEncryptionCertificate === true,
    maxSkewSeconds,
    maxResponseBytes: DEFAULT_INTAKE_LIMITS.maxBytes,
    onAttemptFailed: options.onAttemptFailed,
  };
}
