/** The four SKSML messages as one tagged union, keyed by root element name. */
import type { KeyCachePolicyRequest, KeyCachePolicyResponse } from './key-cache-policy.ts';
import type { SymkeyRequest } from './symkey-request.ts';
import type { SymkeyResponse } from './symkey-response.ts';

export type SksmlMessage =
  | { readonly type: 'SymkeyRequest'; readonly message: SymkeyRequest }
  | { readonly type: 'SymkeyResponse'; readonly message: SymkeyResponse }
  | { readonly type: 'KeyCachePolicyRequest'; readonly message: KeyCachePolicyRequest }
  | { readonly type: 'KeyCachePolicyResponse'; readonly message: KeyCachePolicyResponse };

export type SksmlMessageType = SksmlMessage['type'];

export const SKSML_MESSAGE_TYPES: readonly SksmlMessageType[] = [
  'SymkeyRequest',
  'SymkeyResponse',
  'KeyCachePolicyRequest',
  'KeyCachePolicyResponse',
];
