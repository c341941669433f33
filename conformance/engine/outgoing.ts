/** A request as the engine prepares it, before it becomes a fetch Request. */
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';
import type { ClientCredential } from '../model/profile.ts';

export interface OutgoingRequest {
  method: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** What the engine knows about a prepared request, for the checks that judge its answer. */
export interface RequestFacts {
  readonly soapVersion: SoapVersion;
  readonly message: 'SymkeyRequest' | 'KeyCachePolicyRequest' | 'SymkeyResponse' | 'attack';
  readonly signer: ClientCredential | undefined;
  /** Whose key the delivered keys must decrypt with (the X509EncryptionCertificate's, else the signer's). */
  readonly recipient: ClientCredential | undefined;
  readonly globalKeyIds: readonly GlobalKeyID[];
  /** Requested KeyClasses; empty = the default class. */
  readonly keyClasses: readonly string[];
}
