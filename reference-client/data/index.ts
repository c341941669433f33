/** Data encryption helpers of the reference client (spec/client-usage.md §3). */
export * from './algorithms.ts';
export { encryptOctets, decryptOctets } from './cipher.ts';
export { DataEncryptionError, type DataErrorCode } from './data-error.ts';
export {
  buildEncryptedDataXml,
  detectPlaintextType,
  readEncryptedData,
  DEFAULT_MAX_ENCRYPTED_DATA_BYTES,
  OCTET_STREAM,
  TYPE_CONTENT,
  TYPE_ELEMENT,
  type EncryptedDataFields,
  type ReadEncryptedDataOptions,
} from './encrypted-data-xml.ts';
export { encryptData, type EncryptOptions, type EncryptResult, type PlaintextType } from './encrypt-data.ts';
export { decryptData, type DecryptOptions, type DecryptResult } from './decrypt-data.ts';
export type { DataKeySource } from './key-source.ts';
