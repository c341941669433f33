import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/intake.ts';
import {
  isRequestMessage,
  messageForAction,
  messageOfPayload,
  SKSML_ACTIONS,
  SKSML_MESSAGES,
} from './actions.ts';
import { SKSML_NS } from './namespaces.ts';

describe('SKSML actions', () => {
  it('gives every message a distinct action under the SKSML namespace that maps back', () => {
    const uris = SKSML_MESSAGES.map((m) => SKSML_ACTIONS[m]);
    expect(new Set(uris).size).toBe(SKSML_MESSAGES.length);
    for (const m of SKSML_MESSAGES) {
      expect(SKSML_ACTIONS[m]).toBe(`${SKSML_NS}/${m}`);
      expect(messageForAction(SKSML_ACTIONS[m])).toBe(m);
    }
    expect(SKSML_ACTIONS.SymkeyRequest).toBe('http://docs.oasis-open.org/ekmi/2008/01/SymkeyRequest');
  });

  it('compares action URIs exactly', () => {
    expect(messageForAction(`${SKSML_ACTIONS.SymkeyRequest}/`)).toBeNull();
    expect(messageForAction(SKSML_ACTIONS.SymkeyRequest.toUpperCase())).toBeNull();
    expect(messageForAction('')).toBeNull();
  });

  it('knows which messages are requests', () => {
    expect(SKSML_MESSAGES.filter(isRequestMessage)).toEqual(['SymkeyRequest', 'KeyCachePolicyRequest']);
  });

  it('identifies payloads by namespace and local name', () => {
    expect(messageOfPayload(parseXml(`<e:SymkeyResponse xmlns:e="${SKSML_NS}"/>`).root)).toBe(
      'SymkeyResponse',
    );
    expect(messageOfPayload(parseXml(`<SymkeyRequest xmlns="${SKSML_NS}"/>`).root)).toBe('SymkeyRequest');
    expect(messageOfPayload(parseXml('<SymkeyRequest/>').root)).toBeNull();
    expect(messageOfPayload(parseXml(`<e:Symkey xmlns:e="${SKSML_NS}"/>`).root)).toBeNull();
  });
});
