/**
 * Stage 6: the verified payload is checked against the SKSML schemas (libxml2) and the semantic
 * rules (protocol/validation), read into the typed model, and held to the per-request item limit.
 * Any error-level finding refuses the whole request with a Sender fault; warnings pass.
 */
import type { SksmlMessage } from '../../protocol/model/message.ts';
import type { SemanticFinding } from '../../protocol/validation/finding.ts';
import { parseSksmlMessage } from '../../protocol/model/parse/parse-message.ts';
import { serializeForSchema } from '../../protocol/validation/extract-message.ts';
import { validateMessageSemantics } from '../../protocol/validation/validate-semantics.ts';
import type { VerifiedMessage } from '../../protocol/wss/verify.ts';
import type { XmlElement } from '../../protocol/xml/tree.ts';
import type { SksServices } from '../service/services.ts';
import { ServerError } from '../errors/server-error.ts';
import { payloadMemoKey, SCHEMA_MEMO_MAX_CHARS, validateWithMemo } from './schema-memo.ts';

/** Most payloads remembered as semantically clean. */
export const SEMANTIC_MEMO_ENTRIES = 1024;

/**
 * Payloads the semantic rules found nothing in (no error, no warning), per signing certificate,
 * keyed like the schema memo (payloadMemoKey: the payload's source characters and the namespace
 * declarations of the Envelope and Body). The rules read nothing but the payload's subtree (names,
 * namespaces, attributes, text; positions only to report), have no other input (no time, no
 * configuration), and that subtree is a function of exactly the key: so a payload with a key
 * found clean before is clean again, and the rules are not run. Only the empty verdict is kept
 * (a payload with any finding is checked every time), per signer as the schema memo (a client
 * cannot learn from timing what another sent), bounded, oldest first out.
 */
const semanticallyClean = new Map<string, true>();

/**
 * validateMessageSemantics(payload), or [] without running the rules when `signer` sent a payload
 * with this memo key (payloadMemoKey; null: no memo) that they found nothing in. `check` is the
 * rule runner (the default outside tests).
 */
export function semanticFindingsWithMemo(
  signer: string,
  key: string | null,
  payload: XmlElement,
  check: (message: XmlElement) => SemanticFinding[] = validateMessageSemantics,
  maxEntries: number = SEMANTIC_MEMO_ENTRIES,
): SemanticFinding[] {
  if (key === null || key.length > SCHEMA_MEMO_MAX_CHARS) return check(payload);
  const entry = `${signer}\n${key}`;
  if (semanticallyClean.has(entry)) {
    // Most recently used last.
    semanticallyClean.delete(entry);
    semanticallyClean.set(entry, true);
    return [];
  }
  const findings = check(payload);
  if (findings.length === 0) {
    semanticallyClean.set(entry, true);
    while (semanticallyClean.size > maxEntries)
      semanticallyClean.delete(semanticallyClean.keys().next().value as string);
  }
  return findings;
}

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
  const signer = verified.certificate.fingerprint256;
  const memoKey = payloadMemoKey(payload, ancestors);
  const findings = await validateWithMemo(services.schemas, signer, memoKey, () =>
    serializeForSchema(payload, ancestors),
  );
  if (findings.length > 0)
    // SKSML-SRV-104
    throw new ServerError(
      'SRV_SCHEMA_INVALID',
      `the payload is not schema-valid (${findings.length} finding(s))`,
    );
  const semantic = semanticFindingsWithMemo(signer, memoKey, payload).filter((f) => f.severity === 'error');
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
