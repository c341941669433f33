/** Stage 7: dispatch the validated message to its handler. */
import type { SksmlMessage } from '../../protocol/model/message.ts';
import type { HandlerContext, HandlerResult } from '../handlers/handler-types.ts';
import { handleKeyCachePolicyRequest } from '../handlers/key-cache-policy-request.ts';
import { handleSymkeyRequest } from '../handlers/symkey-request.ts';

export function handleMessage(ctx: HandlerContext, message: SksmlMessage): Promise<HandlerResult> {
  switch (message.type) {
    case 'SymkeyRequest':
      return handleSymkeyRequest(ctx, message.message);
    case 'KeyCachePolicyRequest':
      return handleKeyCachePolicyRequest(ctx);
    default:
      // checkEnvelopeBinding admits only the two request messages.
      throw new Error(`no handler for ${message.type}`);
  }
}
