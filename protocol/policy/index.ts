/** Policy evaluation as pure functions: KeyUsePolicy decisions and KeyCachePolicy decisions. */
export * from './key-use-types.ts';
export * from './cache-types.ts';
export { evaluateKeyUse } from './evaluate-key-use.ts';
export { chooseCachePolicy, selectCachePolicy } from './select-cache-policy.ts';
export { decideCaching } from './decide-caching.ts';
export { decidePolicyRefresh, isPolicyRefreshDue } from './policy-refresh.ts';
export { decidePoll, nextPollNotBefore } from './poll-interval.ts';
export { PolicyError, type PolicyErrorCode } from './policy-error.ts';
export { DEFAULT_TIME_ZONE, readZonedTime, type ZonedTime } from './zoned-time.ts';
export { DEFAULT_LOCATION_TOLERANCE_METRES } from './geo-distance.ts';
