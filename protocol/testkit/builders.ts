/**
 * Builders for common SKSML values, for servers, clients, the conformance harness and tests.
 * Everything returned is a plain typed value (protocol/model); serialize it with serialize…().
 */
import {
  KEY_SIZE_OF_ALGORITHM,
  KEY_TRANSPORT_ALGORITHMS,
  type KeyAlgorithm,
  type Status,
} from '../model/enumerations.ts';
import {
  newKeyGlobalKeyID,
  type GlobalKeyID,
  type SymkeyRequestID,
  type TwoPartID,
} from '../model/identifiers.ts';
import type { KeyCacheDetail, KeyCachePolicy } from '../model/key-cache-policy.ts';
import type { KeyUsePolicy, Permissions } from '../model/key-use-policy.ts';
import type { EncryptionMethod, Symkey, SymkeyError, SymkeyWorkInProgress } from '../model/symkey.ts';
import type { SymkeyKeyRequest, SymkeyPollRequest } from '../model/symkey-request.ts';

/** Asks for one new key per class (or one key of the default class when `keyClasses` is empty). */
export function buildNewKeyRequest(
  domainId: bigint,
  keyClasses: readonly string[] = [],
  x509EncryptionCertificate?: Uint8Array,
): SymkeyKeyRequest {
  return {
    kind: 'keys',
    globalKeyIds: [newKeyGlobalKeyID(domainId)],
    ...(keyClasses.length > 0 ? { keyClasses } : {}),
    ...(x509EncryptionCertificate ? { x509EncryptionCertificate } : {}),
  };
}

/** Asks for existing keys by GlobalKeyID. */
export function buildExistingKeyRequest(globalKeyIds: readonly GlobalKeyID[]): SymkeyKeyRequest {
  return { kind: 'keys', globalKeyIds };
}

/** Polls pending asynchronous requests. */
export function buildPollRequest(symkeyRequestIds: readonly SymkeyRequestID[]): SymkeyPollRequest {
  return { kind: 'poll', symkeyRequestIds };
}

/** All nine permissions unrestricted (`ekmi:any="true"`). */
export function buildUnrestrictedPermissions(): Permissions {
  const any = { any: true } as const;
  return {
    permittedApplications: any,
    permittedDates: any,
    permittedDays: any,
    permittedDuration: any,
    permittedLevels: any,
    permittedLocations: any,
    permittedNumberOfTransactions: any,
    permittedTimes: any,
    permittedUses: any,
  };
}

export interface KeyUsePolicyOptions {
  readonly keyUsePolicyId?: TwoPartID;
  readonly policyName?: string;
  readonly keyClass?: string;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly status?: Status;
  readonly permissions?: Permissions;
}

/** An Active AES-256 policy with no restrictions; KeySize always follows KeyAlgorithm. */
export function buildKeyUsePolicy(options: KeyUsePolicyOptions = {}): KeyUsePolicy {
  const keyAlgorithm = options.keyAlgorithm ?? 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';
  return {
    keyUsePolicyId: options.keyUsePolicyId ?? { domainId: 10514n, localId: 1n },
    policyName: options.policyName ?? 'Default policy',
    keyClass: options.keyClass ?? 'DEFAULT',
    keyAlgorithm,
    keySize: KEY_SIZE_OF_ALGORITHM[keyAlgorithm],
    status: options.status ?? 'Active',
    permissions: options.permissions ?? buildUnrestrictedPermissions(),
  };
}

/**
 * RSA-OAEP key transport as protocol/keytransport writes it by default: rsa-oaep-mgf1p with its
 * SHA-1 DigestMethod (MGF1 is always SHA-1 for this URI, and one hash serves both).
 */
export function buildOaepEncryptionMethod(): EncryptionMethod {
  return {
    algorithm: KEY_TRANSPORT_ALGORITHMS.rsaOaepMgf1p,
    digestMethod: 'http://www.w3.org/2000/09/xmldsig#sha1',
  };
}

export interface SymkeyOptions {
  readonly symkeyRequestId: SymkeyRequestID;
  readonly globalKeyId: GlobalKeyID;
  /** The wrapped key bytes. */
  readonly cipherValue: Uint8Array;
  readonly keyUsePolicy?: KeyUsePolicy;
  readonly encryptionMethod?: EncryptionMethod;
}

/** A typical Symkey: the default KeyUsePolicy and RSA-OAEP key transport unless given. */
export function buildSymkey(options: SymkeyOptions): Symkey {
  return {
    symkeyRequestId: options.symkeyRequestId,
    globalKeyId: options.globalKeyId,
    keyUsePolicy: options.keyUsePolicy ?? buildKeyUsePolicy(),
    encryptionMethod: options.encryptionMethod ?? buildOaepEncryptionMethod(),
    cipherData: { kind: 'value', cipherValue: options.cipherValue },
  };
}

export function buildSymkeyError(
  symkeyRequestId: SymkeyRequestID,
  requestedGlobalKeyId: GlobalKeyID,
  errorCode: string,
  errorMessage: string,
  requestedKeyClass?: string,
): SymkeyError {
  return {
    symkeyRequestId,
    requestedGlobalKeyId,
    ...(requestedKeyClass !== undefined ? { requestedKeyClass } : {}),
    errorCode,
    errorMessage,
  };
}

export function buildSymkeyWorkInProgress(
  requestedGlobalKeyId: GlobalKeyID,
  symkeyRequestId: SymkeyRequestID,
  requestCheckInterval = 60,
  requestedKeyClass?: string,
): SymkeyWorkInProgress {
  return {
    requestedGlobalKeyId,
    ...(requestedKeyClass !== undefined ? { requestedKeyClass } : {}),
    symkeyRequestId,
    requestCheckInterval,
  };
}

export interface KeyCachePolicyOptions {
  readonly keyCachePolicyId?: TwoPartID;
  readonly policyName?: string;
  readonly description?: string | null;
  readonly keyClass?: string;
  readonly startDate?: string;
  readonly endDate?: string | null;
  readonly policyCheckInterval?: number;
  readonly status?: Status;
  readonly newKeysCacheDetail?: KeyCacheDetail;
  readonly usedKeysCacheDetail?: KeyCacheDetail;
}

/** An Active cache policy for class DEFAULT: 10 keys for a day, new and used; re-check daily. */
export function buildKeyCachePolicy(options: KeyCachePolicyOptions = {}): KeyCachePolicy {
  const detail: KeyCacheDetail = { maximumKeys: 10n, maximumDuration: 86400n };
  // An explicit `undefined` detail means "not cacheable" (element omitted).
  const newKeys = 'newKeysCacheDetail' in options ? options.newKeysCacheDetail : detail;
  const usedKeys = 'usedKeysCacheDetail' in options ? options.usedKeysCacheDetail : detail;
  return {
    keyCachePolicyId: options.keyCachePolicyId ?? { domainId: 10514n, localId: 1n },
    policyName: options.policyName ?? 'Default cache policy',
    description: options.description === undefined ? null : options.description,
    keyClass: options.keyClass ?? 'DEFAULT',
    startDate: options.startDate ?? '2024-01-01T00:00:00Z',
    endDate: options.endDate === undefined ? null : options.endDate,
    policyCheckInterval: options.policyCheckInterval ?? 86400,
    status: options.status ?? 'Active',
    ...(newKeys ? { newKeysCacheDetail: newKeys } : {}),
    ...(usedKeys ? { usedKeysCacheDetail: usedKeys } : {}),
  };
}
