/**
 * A memo of schema-valid payloads. libxml2 through libxmljs2 compiles the whole schema set again
 * on every validate() call (~1.5–3 ms of CPU, the largest single cost of a request in the server
 * benchmark), while most requests repeat a payload the same client sent before: every new-key
 * request for the same classes serializes to the same text. Validation is a pure function of the
 * text for a given validator, so the texts a validator found valid are remembered and answered
 * valid again without recompiling.
 *
 * Safety: only valid texts are remembered (an invalid one is refused anyway, and remembering it
 * would let a client fill the memo); entries are per validator and per signing certificate, so a
 * client cannot learn from response timing which payloads another client sent; the memo is a
 * bounded LRU of short texts. Only the schema step is skipped: semantic checks still run.
 */
import type { SchemaFinding, SchemaValidator } from '../../protocol/schema/engine.ts';

/** Most texts remembered per validator. */
export const SCHEMA_MEMO_ENTRIES = 1024;
/** Longer payloads (e.g. with an X509EncryptionCertificate) are always validated. */
export const SCHEMA_MEMO_MAX_CHARS = 4096;

const memos = new WeakMap<SchemaValidator, Map<string, true>>();

/**
 * `validator.validate(xml)`, answered from the memo when `signer` (the verified signing
 * certificate's fingerprint) had this exact text found valid before.
 */
export async function validateWithMemo(
  validator: SchemaValidator,
  signer: string,
  xml: string,
  maxEntries: number = SCHEMA_MEMO_ENTRIES,
): Promise<readonly SchemaFinding[]> {
  if (xml.length > SCHEMA_MEMO_MAX_CHARS) return validator.validate(xml);
  let memo = memos.get(validator);
  if (memo === undefined) {
    memo = new Map();
    memos.set(validator, memo);
  }
  const key = `${signer}\n${xml}`;
  if (memo.has(key)) {
    // Most recently used last.
    memo.delete(key);
    memo.set(key, true);
    return [];
  }
  const findings = await validator.validate(xml);
  if (findings.length === 0) {
    memo.set(key, true);
    while (memo.size > maxEntries) memo.delete(memo.keys().next().value as string);
  }
  return findings;
}
