/** Dispatch on the root element of an SKSML message. */
import type { XmlElement } from '../../xml/tree.ts';
import type { SksmlMessage } from '../message.ts';
import { ModelError } from '../model-error.ts';
import { SKSML_NS } from '../namespaces.ts';
import { parseKeyCachePolicyRequest, parseKeyCachePolicyResponse } from './parse-key-cache-policy.ts';
import { parseSymkeyRequest } from './parse-symkey-request.ts';
import { parseSymkeyResponse } from './parse-symkey-response.ts';

/** Parses any of the four SKSML messages into a tagged union; throws ModelError. */
export function parseSksmlMessage(root: XmlElement): SksmlMessage {
  if (root.namespaceURI === SKSML_NS) {
    switch (root.localName) {
      case 'SymkeyRequest':
        return { type: 'SymkeyRequest', message: parseSymkeyRequest(root) };
      case 'SymkeyResponse':
        return { type: 'SymkeyResponse', message: parseSymkeyResponse(root) };
      case 'KeyCachePolicyRequest':
        return { type: 'KeyCachePolicyRequest', message: parseKeyCachePolicyRequest(root) };
      case 'KeyCachePolicyResponse':
        return { type: 'KeyCachePolicyResponse', message: parseKeyCachePolicyResponse(root) };
    }
  }
  throw new ModelError(
    'MODEL_UNEXPECTED_ELEMENT',
    root.namespaceURI === SKSML_NS
      ? `${root.localName} is not an SKSML message`
      : `root element ${root.localName} is not in the SKSML namespace ${SKSML_NS}`,
    `/${root.localName}`,
    { position: root.position, ...(root.namespaceURI !== SKSML_NS ? { requirement: 'SKSML-MSG-1' } : {}) },
  );
}
