/**
 * The KeyCachePolicies the cache obeys and when they were fetched, persisted inside the signed
 * index (as the KeyCachePolicyResponse XML the model writes) so that a restarted client keeps
 * obeying them and knows when to refresh them (SKSML-CLT-65).
 */
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import { parseKeyCachePolicyResponse } from '../../protocol/model/parse/parse-key-cache-policy.ts';
import { serializeKeyCachePolicyResponse } from '../../protocol/model/serialize/serialize-messages.ts';
import { parseXml } from '../../protocol/xml/intake.ts';

export interface PolicySnapshot {
  readonly policies: readonly KeyCachePolicy[];
  readonly fetchedAt: Date;
}

export interface StoredPolicies {
  readonly xml: string;
  readonly fetchedAt: number;
}

export function storePolicies(snapshot: PolicySnapshot): StoredPolicies {
  const xml =
    snapshot.policies.length === 0
      ? ''
      : serializeKeyCachePolicyResponse({ keyCachePolicies: snapshot.policies });
  return { xml, fetchedAt: snapshot.fetchedAt.getTime() };
}

/** The stored snapshot, or undefined when it cannot be read (then the policies must be fetched). */
export function restorePolicies(stored: StoredPolicies | undefined): PolicySnapshot | undefined {
  if (stored === undefined) return undefined;
  try {
    const policies =
      stored.xml === '' ? [] : parseKeyCachePolicyResponse(parseXml(stored.xml).root).keyCachePolicies;
    return { policies, fetchedAt: new Date(stored.fetchedAt) };
  } catch {
    return undefined;
  }
}
