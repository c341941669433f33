/** Key-use enforcement of the reference client (spec/client-usage.md). */
export { createKeyUser, type KeyUseContext, type KeyUser, type KeyUserOptions } from './key-user.ts';
export {
  createCacheStateStore,
  createMemoryKeyUseStateStore,
  type KeyUseStateStore,
} from './key-use-state-store.ts';
export type { KeyMaterial } from './key-material.ts';
export { UsableKey } from './usable-key.ts';
export {
  KeyUnavailableError,
  KeyUseDeniedError,
  type KeyUnavailableCode,
  type KeyUnavailableDetails,
} from './usage-errors.ts';
export { HeldKey } from './held-key.ts';
export { summarizeKeyUsePolicy, type KeyUsePolicySummary } from './policy-summary.ts';
