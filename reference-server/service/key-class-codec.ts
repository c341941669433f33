/**
 * How key classes are kept in the store: the KeyUsePolicy and the KeyCachePolicy of a class as the
 * SKSML XML the server hands out (a KeyUsePolicy element; a KeyCachePolicyResponse holding the one
 * KeyCachePolicy), so a stored policy is read back with the protocol parser and every check the
 * parser makes applies to it again.
 */
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import { parseKeyCachePolicyResponse } from '../../protocol/model/parse/parse-key-cache-policy.ts';
import { parseKeyUsePolicy } from '../../protocol/model/parse/parse-key-use-policy.ts';
import { locatedRoot } from '../../protocol/model/parse/reader.ts';
import { buildKeyUsePolicy } from '../../protocol/model/serialize/build-key-use-policy.ts';
import { buildKeyCachePolicyResponse } from '../../protocol/model/serialize/serialize-messages.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { writeXml } from '../../protocol/xml/writer.ts';
import type { KeyClassConfig } from '../config/server-config.ts';
import type { NewKeyClass } from '../store/records.ts';

export function encodeKeyUsePolicy(policy: KeyUsePolicy): string {
  return writeXml(buildKeyUsePolicy(policy, '/KeyUsePolicy'));
}

export function decodeKeyUsePolicy(text: string): KeyUsePolicy {
  return parseKeyUsePolicy(locatedRoot(parseXml(text).root));
}

export function encodeKeyCachePolicy(policy: KeyCachePolicy): string {
  return writeXml(buildKeyCachePolicyResponse({ keyCachePolicies: [policy] }));
}

export function decodeKeyCachePolicy(text: string): KeyCachePolicy {
  const [policy, ...rest] = parseKeyCachePolicyResponse(parseXml(text).root).keyCachePolicies;
  if (policy === undefined || rest.length > 0)
    throw new RangeError('a stored key cache policy holds one policy');
  return policy;
}

/** The store row of a configured key class. */
export function keyClassRow(config: KeyClassConfig): NewKeyClass {
  return {
    name: config.name,
    keyUsePolicy: encodeKeyUsePolicy(config.keyUsePolicy),
    keyCachePolicy: encodeKeyCachePolicy(config.keyCachePolicy),
    requiresApproval: config.requiresApproval,
  };
}
