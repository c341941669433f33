/** Public API of the server's error registry and fault mapping (spec/error-registry.md). */
export { CERTIFICATE_FAULTS, SERVER_ERROR_FAULTS, SERVER_FAULT_REASONS, toFault } from './fault-mapping.ts';
export type { FailureClass, FaultResponse } from './fault-mapping.ts';
export { SKSML_FAULTS, SKSML_FAULT_NS, SKSML_FAULT_PREFIX } from './fault-subcodes.ts';
export type { SksmlFaultName } from './fault-subcodes.ts';
export { ServerError } from './server-error.ts';
export type { ServerErrorCode } from './server-error.ts';
export {
  SYMKEY_ERROR_CODES,
  SYMKEY_ERROR_CODE_PATTERN,
  isSymkeyErrorCode,
  symkeyErrorEntry,
} from './symkey-error-codes.ts';
export type { SymkeyErrorCode, SymkeyErrorCodeEntry } from './symkey-error-codes.ts';
export { pollItem, symkeyErrorCodeFor, toSymkeyError } from './to-symkey-error.ts';
export type { SymkeyErrorItem } from './to-symkey-error.ts';
