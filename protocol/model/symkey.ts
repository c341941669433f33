/** Symkey, SymkeyError and SymkeyWorkInProgress: the items of a SymkeyResponse. */
import type { XmlElement } from '../xml/tree.ts';
import type { GlobalKeyID, SymkeyRequestID } from './identifiers.ts';
import type { KeyUsePolicy } from './key-use-policy.ts';

/**
 * The key-transport method of a Symkey (element `ekmi:EncryptionMethod` of type
 * xenc:EncryptionMethodType).
 */
export interface EncryptionMethod {
  /** `@Algorithm`, a URI such as xmlenc#rsa-oaep-mgf1p (SKSML-MSG-11). */
  readonly algorithm: string;
  /** `xenc:KeySize`, a positive integer. */
  readonly keySize?: number;
  /** `xenc:OAEPparams` bytes. */
  readonly oaepParams?: Uint8Array;
  /** `ds:DigestMethod/@Algorithm` (RSA-OAEP digest); first of the extension elements. */
  readonly digestMethod?: string;
  /** `xenc11:MGF/@Algorithm` (XML Encryption 1.1 RSA-OAEP mask generation function). */
  readonly mgf?: string;
  /** Further elements from namespaces other than xenc, kept raw, after the ones above. */
  readonly extensions?: readonly XmlElement[];
}

/** `xenc:CipherData`: the encrypted key inline, or a reference to it. */
export type CipherData =
  | { readonly kind: 'value'; readonly cipherValue: Uint8Array }
  | {
      readonly kind: 'reference';
      readonly uri: string;
      /** The `ds:Transform` elements of `xenc:Transforms`, raw; absent when there is no Transforms. */
      readonly transforms?: readonly XmlElement[];
    };

export interface Symkey {
  readonly symkeyRequestId: SymkeyRequestID;
  /** A real key ID, never the new-key sentinel (SKSML-MSG-10). */
  readonly globalKeyId: GlobalKeyID;
  readonly keyUsePolicy: KeyUsePolicy;
  readonly encryptionMethod: EncryptionMethod;
  readonly cipherData: CipherData;
}

export interface SymkeyError {
  readonly symkeyRequestId: SymkeyRequestID;
  readonly requestedGlobalKeyId: GlobalKeyID;
  readonly requestedKeyClass?: string;
  /** At most 255 characters. */
  readonly errorCode: string;
  /** At most 1024 characters. */
  readonly errorMessage: string;
}

export interface SymkeyWorkInProgress {
  readonly requestedGlobalKeyId: GlobalKeyID;
  readonly requestedKeyClass?: string;
  readonly symkeyRequestId: SymkeyRequestID;
  /** Seconds, 60..604800 (SKSML-MSG-14). */
  readonly requestCheckInterval: number;
}
