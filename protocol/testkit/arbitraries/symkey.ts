/** Arbitraries of Symkey, SymkeyError, SymkeyWorkInProgress and their parts. */
import fc from 'fast-check';
import { KEY_TRANSPORT_ALGORITHMS } from '../../model/enumerations.ts';
import type {
  CipherData,
  EncryptionMethod,
  Symkey,
  SymkeyError,
  SymkeyWorkInProgress,
} from '../../model/symkey.ts';
import {
  arbitraryBytes,
  arbitraryExistingGlobalKeyID,
  arbitraryRequestedGlobalKeyID,
  arbitrarySymkeyRequestID,
  arbitraryXmlString,
} from './primitives.ts';
import { arbitraryEncryptionMethodExtension, arbitraryTransformElement } from './raw-elements.ts';
import { arbitraryKeyUsePolicy } from './key-use-policy.ts';

const DIGEST_METHODS = [
  'http://www.w3.org/2000/09/xmldsig#sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512',
] as const;

/**
 * An EncryptionMethod. `xenc11:MGF` is left out by default because the draft schema set
 * processes EncryptionMethod's wildcard strictly and has no xenc11 schema.
 */
export function arbitraryEncryptionMethod(
  options: { withMgf?: boolean } = {},
): fc.Arbitrary<EncryptionMethod> {
  return fc.record(
    {
      algorithm: fc.oneof(
        fc.constantFrom(...Object.values(KEY_TRANSPORT_ALGORITHMS)),
        fc.integer({ min: 1, max: 99 }).map((n) => `urn:example:key-transport:${n}`),
      ),
      keySize: fc.integer({ min: 1, max: 16384 }),
      oaepParams: arbitraryBytes(0, 64),
      digestMethod: fc.constantFrom(...DIGEST_METHODS),
      ...(options.withMgf ? { mgf: fc.constant('http://www.w3.org/2009/xmlenc11#mgf1sha256') } : {}),
      extensions: fc.array(arbitraryEncryptionMethodExtension(), { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['algorithm'] },
  );
}

export function arbitraryCipherData(): fc.Arbitrary<CipherData> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: arbitraryBytes(1, 512).map((cipherValue) => ({ kind: 'value' as const, cipherValue })),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          kind: fc.constant('reference' as const),
          uri: fc.oneof(
            fc.constant('#encrypted-key'),
            fc.integer({ min: 1, max: 999 }).map((n) => `https://keys.example.com/cipher/${n}`),
          ),
          transforms: fc.array(arbitraryTransformElement(), { minLength: 1, maxLength: 2 }),
        },
        { requiredKeys: ['kind', 'uri'] },
      ),
    },
  );
}

/** A Symkey for an existing key (never the new-key sentinel, SKSML-MSG-10). */
export function arbitrarySymkey(): fc.Arbitrary<Symkey> {
  return fc.record({
    symkeyRequestId: arbitrarySymkeyRequestID(),
    globalKeyId: arbitraryExistingGlobalKeyID(),
    keyUsePolicy: arbitraryKeyUsePolicy(),
    encryptionMethod: arbitraryEncryptionMethod(),
    cipherData: arbitraryCipherData(),
  });
}

export function arbitrarySymkeyError(): fc.Arbitrary<SymkeyError> {
  return fc.record(
    {
      symkeyRequestId: arbitrarySymkeyRequestID(),
      requestedGlobalKeyId: arbitraryRequestedGlobalKeyID(),
      requestedKeyClass: arbitraryXmlString(255, 1),
      errorCode: fc.oneof(fc.constant('SKS-100004'), arbitraryXmlString(255)),
      errorMessage: arbitraryXmlString(1024),
    },
    { requiredKeys: ['symkeyRequestId', 'requestedGlobalKeyId', 'errorCode', 'errorMessage'] },
  );
}

export function arbitrarySymkeyWorkInProgress(): fc.Arbitrary<SymkeyWorkInProgress> {
  return fc.record(
    {
      requestedGlobalKeyId: arbitraryRequestedGlobalKeyID(),
      requestedKeyClass: arbitraryXmlString(255, 1),
      symkeyRequestId: arbitrarySymkeyRequestID(),
      requestCheckInterval: fc.oneof(fc.constantFrom(60, 604800), fc.integer({ min: 60, max: 604800 })),
    },
    { requiredKeys: ['requestedGlobalKeyId', 'symkeyRequestId', 'requestCheckInterval'] },
  );
}
