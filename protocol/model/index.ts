/** The typed SKSML message model: types, parse… (tree -> value) and serialize… (value -> XML). */
export * from './namespaces.ts';
export * from './model-error.ts';
export * from './identifiers.ts';
export * from './enumerations.ts';
export type * from './key-use-policy.ts';
export { PERMISSION_NAMES } from './key-use-policy.ts';
export type * from './symkey.ts';
export type * from './symkey-request.ts';
export type * from './symkey-response.ts';
export type * from './key-cache-policy.ts';
export type * from './message.ts';
export { SKSML_MESSAGE_TYPES } from './message.ts';
export { parseSymkeyRequest } from './parse/parse-symkey-request.ts';
export { parseSymkeyResponse } from './parse/parse-symkey-response.ts';
export { parseKeyCachePolicyRequest, parseKeyCachePolicyResponse } from './parse/parse-key-cache-policy.ts';
export { parseSksmlMessage } from './parse/parse-message.ts';
export * from './serialize/serialize-messages.ts';
