/**
 * The action URI of each SKSML message (a project decision, spec/binding.md SKSML-BIND-15): the
 * SKSML namespace, a slash, and the message's element name.
 */
import type { XmlElement } from '../xml/tree.ts';
import { SKSML_NS } from './namespaces.ts';

export type SksmlMessageName =
  'SymkeyRequest' | 'SymkeyResponse' | 'KeyCachePolicyRequest' | 'KeyCachePolicyResponse';

export const SKSML_MESSAGES: readonly SksmlMessageName[] = [
  'SymkeyRequest',
  'SymkeyResponse',
  'KeyCachePolicyRequest',
  'KeyCachePolicyResponse',
];

/** The messages a client sends to an SKS server. */
export const SKSML_REQUEST_MESSAGES: readonly SksmlMessageName[] = ['SymkeyRequest', 'KeyCachePolicyRequest'];

// SKSML-BIND-15
export const SKSML_ACTIONS: Readonly<Record<SksmlMessageName, string>> = Object.freeze({
  SymkeyRequest: `${SKSML_NS}/SymkeyRequest`,
  SymkeyResponse: `${SKSML_NS}/SymkeyResponse`,
  KeyCachePolicyRequest: `${SKSML_NS}/KeyCachePolicyRequest`,
  KeyCachePolicyResponse: `${SKSML_NS}/KeyCachePolicyResponse`,
});

/** The SKSML message whose action is `uri` (exact comparison), or null. */
export function messageForAction(uri: string): SksmlMessageName | null {
  return SKSML_MESSAGES.find((m) => SKSML_ACTIONS[m] === uri) ?? null;
}

/** The SKSML message `payload` is (by namespace and local name), or null. */
export function messageOfPayload(payload: XmlElement): SksmlMessageName | null {
  if (payload.namespaceURI !== SKSML_NS) return null;
  return SKSML_MESSAGES.find((m) => m === payload.localName) ?? null;
}

/** True when `message` is one a client sends. */
export function isRequestMessage(message: SksmlMessageName): boolean {
  return SKSML_REQUEST_MESSAGES.includes(message);
}
