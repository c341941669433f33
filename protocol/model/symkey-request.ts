/** SymkeyRequest: ask for keys by GlobalKeyID, or poll pending requests by SymkeyRequestID. */
import type { GlobalKeyID, SymkeyRequestID } from './identifiers.ts';

export interface SymkeyKeyRequest {
  readonly kind: 'keys';
  /** At least one. `<DomainID>-0-0` asks for a new key. */
  readonly globalKeyIds: readonly GlobalKeyID[];
  /** When present, at least one; each at most 255 characters (SKSML-MSG-3, -4). */
  readonly keyClasses?: readonly string[];
  /** DER bytes of the client's encryption certificate, non-empty (SKSML-MSG-7). */
  readonly x509EncryptionCertificate?: Uint8Array;
}

export interface SymkeyPollRequest {
  readonly kind: 'poll';
  /** At least one. */
  readonly symkeyRequestIds: readonly SymkeyRequestID[];
}

/** The two choices of SymkeyRequest (SKSML-MSG-2). */
export type SymkeyRequest = SymkeyKeyRequest | SymkeyPollRequest;
