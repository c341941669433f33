/** Public API of the reference client core (spec/client.md). */
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
