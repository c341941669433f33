/** Checks of identifiers and per-item answers: GlobalKeyID form, sentinel, SymkeyError, WIP, KCP. */
import {
  formatGlobalKeyID,
  formatSymkeyRequestID,
  isNewKeyRequest,
  parseGlobalKeyID,
  parseSymkeyRequestID,
  sameGlobalKeyID,
  sameSymkeyRequestID,
} from '../../protocol/model/identifiers.ts';
import { SKSML_NS } from '../../protocol/model/namespaces.ts';
import { childElements, directText, type XmlElement } from '../../protocol/xml/tree.ts';
import type { CheckDefinition, CheckFailure } from './check.ts';

function elementsNamed(root: XmlElement, names: readonly string[]): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    if (e.namespaceURI === SKSML_NS && names.includes(e.localName)) out.push(e);
    childElements(e).forEach(visit);
  };
  visit(root);
  return out;
}

export const ITEM_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'gkid-format',
    description:
      'every GlobalKeyID-like value is three canonical decimal parts within 0..2^64-1, DomainID not 0',
    requirements: ['SKSML-MSG-5', 'SKSML-MSG-101', 'SKSML-MSG-105', 'SKSML-MSG-115'],
    run: ({ observation }) => {
      if (observation.payload === null) return [{ message: 'no SKSML payload' }];
      const out: CheckFailure[] = [];
      for (const e of elementsNamed(observation.payload, [
        'GlobalKeyID',
        'RequestedGlobalKeyID',
        'SymkeyRequestID',
      ])) {
        const text = directText(e);
        try {
          const canonical =
            e.localName === 'SymkeyRequestID'
              ? formatSymkeyRequestID(parseSymkeyRequestID(text))
              : formatGlobalKeyID(parseGlobalKeyID(text));
          if (canonical !== text)
            out.push({ message: `${e.localName} ${JSON.stringify(text.slice(0, 80))} is not canonical` });
          else if (e.localName !== 'SymkeyRequestID' && parseGlobalKeyID(text).domainId === 0n)
            out.push({ message: `${e.localName} ${text} has DomainID 0`, requirements: ['SKSML-MSG-105'] });
        } catch (err) {
          out.push({
            message: `${e.localName} ${JSON.stringify(text.slice(0, 80))}: ${(err as Error).message}`,
          });
        }
      }
      return out;
    },
  },
  {
    name: 'gkid-not-sentinel',
    description: 'no delivered key carries the new-key sentinel (ServerID 0, KeyID 0) or a half-zero ID',
    requirements: ['SKSML-MSG-10', 'SKSML-SRV-40'],
    run: ({ observation }) =>
      (observation.symkeyResponse?.symkeys ?? [])
        .filter(
          (k) =>
            isNewKeyRequest(k.globalKeyId) || k.globalKeyId.serverId === 0n || k.globalKeyId.keyId === 0n,
        )
        .map((k) => ({ message: `delivered key has GlobalKeyID ${formatGlobalKeyID(k.globalKeyId)}` })),
  },
  {
    name: 'gkid-domain-matches',
    description: 'new keys carry the DomainID the client asked in',
    requirements: ['SKSML-SRV-40', 'SKSML-SRV-50'],
    run: ({ observation, state }) =>
      (observation.symkeyResponse?.symkeys ?? [])
        .filter((k) => k.globalKeyId.domainId !== state.profile.domainId)
        .map((k) => ({
          message: `key ${formatGlobalKeyID(k.globalKeyId)} is not in DomainID ${state.profile.domainId}`,
        })),
  },
  {
    name: 'request-ids-unique',
    description: 'SymkeyRequestIDs of this response were not used by the server for any earlier request',
    requirements: ['SKSML-SRV-49'],
    run: ({ observation, state }) => {
      const r = observation.symkeyResponse;
      if (r === null) return [];
      const ids = new Set(
        [...r.symkeys, ...r.workInProgress, ...r.errors].map((i) => formatSymkeyRequestID(i.symkeyRequestId)),
      );
      return [...ids]
        .filter((id) => state.requestIds.has(id))
        .map((id) => ({
          message: `SymkeyRequestID ${id} was already used for ${state.requestIds.get(id) ?? ''}`,
        }));
    },
  },
  {
    name: 'each-item-answered',
    description: 'every requested existing key is answered by exactly one Symkey or SymkeyError',
    requirements: ['SKSML-SRV-45', 'SKSML-SRV-41'],
    run: ({ observation, facts }) => {
      const r = observation.symkeyResponse;
      if (r === null) return [{ message: 'no SymkeyResponse' }];
      const out: CheckFailure[] = [];
      for (const id of facts.globalKeyIds.filter((g) => !isNewKeyRequest(g))) {
        const n =
          r.symkeys.filter((k) => sameGlobalKeyID(k.globalKeyId, id)).length +
          r.errors.filter((e) => sameGlobalKeyID(e.requestedGlobalKeyId, id)).length;
        if (n !== 1) out.push({ message: `requested key ${formatGlobalKeyID(id)} is answered ${n} times` });
      }
      return out;
    },
  },
  {
    name: 'known-items-served',
    description:
      'requested keys already delivered to this client in the run are served again beside refused items',
    requirements: ['SKSML-SRV-102'],
    run: ({ observation, facts, state }) => {
      const r = observation.symkeyResponse;
      if (r === null) return [{ message: 'no SymkeyResponse' }];
      return facts.globalKeyIds
        .filter((id) => state.keys.has(formatGlobalKeyID(id)))
        .filter((id) => !r.symkeys.some((k) => sameGlobalKeyID(k.globalKeyId, id)))
        .map((id) => ({
          message: `known key ${formatGlobalKeyID(id)} was not served beside the refused items`,
        }));
    },
  },
  {
    name: 'symkey-error-for-item',
    description: 'a SymkeyError names the requested GlobalKeyID, and no key is delivered for it',
    requirements: ['SKSML-SRV-45', 'SKSML-SRV-48'],
    run: ({ observation, facts }) => {
      const r = observation.symkeyResponse;
      if (r === null) return [{ message: 'no SymkeyResponse' }];
      const out: CheckFailure[] = [];
      for (const id of facts.globalKeyIds) {
        const text = formatGlobalKeyID(id);
        if (!r.errors.some((e) => sameGlobalKeyID(e.requestedGlobalKeyId, id)))
          out.push({ message: `no SymkeyError names RequestedGlobalKeyID ${text}` });
        if (!isNewKeyRequest(id) && r.symkeys.some((k) => sameGlobalKeyID(k.globalKeyId, id)))
          out.push({
            message: `key ${text} was delivered although it must be refused`,
            requirements: ['SKSML-SRV-41'],
          });
      }
      return out;
    },
  },
  {
    name: 'work-in-progress-valid',
    description: 'pending items carry distinct SymkeyRequestIDs and a RequestCheckInterval of 60..604800 s',
    requirements: ['SKSML-SRV-47', 'SKSML-MSG-14'],
    run: ({ observation }) => {
      const wip = observation.symkeyResponse?.workInProgress ?? [];
      if (wip.length === 0) return [{ message: 'no SymkeyWorkInProgress for an asynchronous request' }];
      const out: CheckFailure[] = [];
      wip.forEach((w, i) => {
        if (w.requestCheckInterval < 60 || w.requestCheckInterval > 604800)
          out.push({
            message: `RequestCheckInterval ${w.requestCheckInterval} outside 60..604800`,
            requirements: ['SKSML-MSG-14'],
          });
        if (wip.slice(0, i).some((o) => sameSymkeyRequestID(o.symkeyRequestId, w.symkeyRequestId)))
          out.push({ message: `SymkeyRequestID ${formatSymkeyRequestID(w.symkeyRequestId)} used twice` });
      });
      return out;
    },
  },
  {
    name: 'poll-answered',
    description: 'a poll is answered for each polled request: the key, an error or another pending entry',
    requirements: ['SKSML-SRV-47'],
    run: ({ observation }) => {
      const r = observation.symkeyResponse;
      if (r === null) return [{ message: 'no SymkeyResponse to a poll' }];
      return r.symkeys.length + r.workInProgress.length + r.errors.length > 0
        ? []
        : [{ message: 'empty answer to a poll' }];
    },
  },
  {
    name: 'kcp-response-valid',
    description: 'a KeyCachePolicyResponse with at least one policy and at most one policy per KeyClass',
    requirements: ['SKSML-SRV-51', 'SKSML-MSG-32'],
    run: ({ observation }) => {
      if (observation.message !== 'KeyCachePolicyResponse')
        return [
          {
            message: `Body holds ${observation.message ?? 'no SKSML message'}, expected KeyCachePolicyResponse`,
          },
        ];
      const r = observation.keyCachePolicyResponse;
      if (r === null)
        return [{ message: `KeyCachePolicyResponse does not parse: ${observation.modelError ?? ''}` }];
      const classes = r.keyCachePolicies.map((p) => p.keyClass);
      const dupes = classes.filter((c, i) => classes.indexOf(c) !== i);
      return dupes.length === 0
        ? []
        : [{ message: `several policies for KeyClass ${JSON.stringify(dupes[0])}` }];
    },
  },
];
