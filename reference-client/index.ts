/**
 * Public API of the reference client (SKCL): the SKSML client core (spec/client.md), the SKCL
 * facade that applications link, the encrypted key cache (spec/client-cache.md), KeyUsePolicy
 * enforcement and the data encryption helpers (spec/client-usage.md).
 */

// Client core: verified key requests, failover, polling.
export { createClient } from './client/create-client.ts';
export type { SksmlClient } from './client/create-client.ts';
export type { ClientCredentials, ClientOptions } from './client/options.ts';
export { DeliveredKey } from './client/results.ts';
export type { KeyCachePolicyResult, KeyResults, WorkInProgress } from './client/results.ts';
export type { WaitOptions } from './client/wait-for-keys.ts';
export { ClientError, isClientError } from './errors/client-error.ts';
export type { AttemptRecord, ClientErrorCode, ReceivedFault } from './errors/client-error.ts';
export type { Fetcher, ServerEndpoint } from './transport/server-endpoint.ts';
export { backoffDelay } from './transport/failover.ts';
export type { RetryPolicy, Sleep } from './transport/failover.ts';

// SKCL facade: useKey, encrypt, decrypt over a client and a cache.
export { createSkcl } from './skcl.ts';
export type { NewKeysOutcome, Skcl, SkclOptions, SkclWarning } from './skcl.ts';

// Key cache.
export * from './cache/index.ts';

// KeyUsePolicy enforcement.
export * from './usage/index.ts';

// Data encryption.
export * from './data/index.ts';
