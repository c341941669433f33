import { describe, expect, it } from 'vitest';
import { SksmlError } from '../protocol/errors/sksml-error.ts';
import * as api from './index.ts';

describe('reference-client public API (index.ts)', () => {
  it('exports the entry points of every part as functions', () => {
    const functions = [
      api.createClient,
      api.createSkcl,
      api.createKeyCache,
      api.createFileKeyCacheStore,
      api.createMemoryKeyCacheStore,
      api.createKeyUser,
      api.createCacheStateStore,
      api.createMemoryKeyUseStateStore,
      api.summarizeKeyUsePolicy,
      api.encryptData,
      api.decryptData,
      api.buildEncryptedDataXml,
      api.readEncryptedData,
      api.chooseDataAlgorithm,
      api.isClientError,
      api.backoffDelay,
    ];
    for (const f of functions) expect(typeof f).toBe('function');
  });

  it('exports every error class as a SksmlError subclass', () => {
    for (const ErrorClass of [
      api.ClientError,
      api.KeyCacheError,
      api.KeyUseDeniedError,
      api.KeyUnavailableError,
      api.DataEncryptionError,
    ])
      expect(ErrorClass.prototype).toBeInstanceOf(SksmlError);
  });

  it('exports the data algorithm identifiers', () => {
    expect(api.AES256_GCM).toBe('http://www.w3.org/2009/xmlenc11#aes256-gcm');
    expect(api.DATA_ALGORITHM_URIS).toContain(api.AES256_CBC);
  });
});
