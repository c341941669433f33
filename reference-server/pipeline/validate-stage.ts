/**
 * Stage 6: the verified payload is checked against the SKSML schemas (libxml2) and the semantic
 * rules (protocol/validation), read into the typed model, and held to the per-request item limit.
 * Any error-level finding refuses the whole request with a Sender fault; warnings pass.
 */
import type { SksmlMessage } from '../../protocol/model/message.ts';
import { parseSksmlMessage } from '../../protocol/model/parse/parse-message.ts';
import { serializeForSchema } from '../../protocol/validation/extract-message.ts';
import { validateMessageSemantics } from '../../protocol/validation/validate-semantics.ts';
import type { VerifiedMessage } from '../../protocol/wss/verify.ts';
import type { XmlElement } from '../../protocol/xml/tree.ts';
import type { SksServices } from '../service/services.ts';
import { ServerError } from '../errors/server-error.ts';
import { payloadMemoKey, validateWithMemo } from './schema-memo.ts';

function itemCount(message: SksmlMessage): number {
  if (message.type !== 'SymkeyRequest') return 0;
  const m = message.message;
  return m.kind === 'poll'
    ? m.symkeyRequestIds.length
    : m.globalKeyIds.length * Math.max(1, m.keyClasses?.length ?? 0);
}

/** `verified` comes from the WS-Security stage; `root` is its document's Envelope element. */
export async function validatePayload(
  services: SksServices,
  verified: VerifiedMessage,
  root: XmlElement,
): Promise<SksmlMessage> {
  // SKSML-WSS-27: only the verified Body's payload is read.
  const payload = verified.payload;
  // Repeated payloads of the same client skip libxml2's per-call schema compilation (schema-memo.ts),
  // recognized by their source characters without serializing them.
  const ancestors = [root, verified.body];
  const findings = await validateWithMemo(
    services.schemas,
    verified.certificate.fingerprint256,
    payloadMemoKey(payload, ancestors),
    () => serializeForSchema(payload, ancestors),
  );
  if (findings.length > 0)
    // SKSML-SRV-104
    throw new ServerError(
      'SRV_SCHEMA_INVALID',
      `the payload is not schema-valid (${findings.length} finding(s))`,
    );
  const semantic = validateMessageSemantics(payload).filter((f) => f.severity === 'error');
  if (semantic.length > 0)
    throw new ServerError('SRV_SEMANTIC_INVALID', `semantic rule ${semantic[0]?.code ?? ''} failed`, {
      requirement: semantic[0]?.requirement,
    });
  // A ModelError here is answered as an invalid request (sksml:InvalidRequest).
  const message = parseSksmlMessage(payload);
  if (itemCount(message) > services.config.limits.maxItemsPerRequest)
    // SKSML-SRV-113
    throw new ServerError('SRV_TOO_MANY_ITEMS', 'the request asks for too many items');
  return message;
}
