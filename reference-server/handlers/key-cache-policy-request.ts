/**
 * KeyCachePolicyRequest: the KeyCachePolicy of every key class the client may obtain keys of —
 * in this server every configured class (SKSML-SRV-51). Policies come from the store, verified.
 */
import { buildKeyCachePolicyResponse } from '../../protocol/model/serialize/serialize-messages.ts';
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { HandlerContext, HandlerResult } from './handler-types.ts';
import { loadKeyClass } from './key-classes.ts';

export async function handleKeyCachePolicyRequest(ctx: HandlerContext): Promise<HandlerResult> {
  const policies: KeyCachePolicy[] = [];
  for (const configured of ctx.services.config.keyClasses) {
    // A class whose stored row fails verification throws: the whole request is refused.
    const keyClass = await loadKeyClass(ctx.services, configured.name, ctx.store);
    if (keyClass !== undefined) policies.push(keyClass.keyCachePolicy);
  }
  // SKSML-SRV-51: one KCP per KeyClass that applies to the authenticated requester.
  return {
    payload: buildKeyCachePolicyResponse({ keyCachePolicies: policies }),
    outcome: 'success',
    errorCode: null,
    globalKeyIds: [],
  };
}
