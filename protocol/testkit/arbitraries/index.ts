/** fast-check arbitraries that generate VALID values of every SKSML message and sub-structure. */
export * from './primitives.ts';
export * from './raw-elements.ts';
export * from './key-use-policy.ts';
export * from './symkey.ts';
export * from './messages.ts';
