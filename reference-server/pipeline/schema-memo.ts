/**
 * A memo of schema-valid payloads. libxml2 through libxmljs2 compiles the whole schema set again
 * on every validate() call (~1.5–3 ms of CPU, the largest single cost of a request in the server
 * benchmark), while most requests repeat a payload the same client sent before: every new-key
 * request for the same classes has the same payload. Validation is a pure function of the text
 * for a given validator, so the payloads a validator found valid are remembered and answered valid
 * again without recompiling.
 *
 * The key (payloadMemoKey) is the payload's own source characters, as parseXml read them, plus
 * the namespace declarations of its ancestors, without serializing anything. It identifies the
 * text the schema engine would be given: serializeForSchema(payload, ancestors) is computed from
 * the payload's tree, which the parser builds from exactly those characters (its namespace
 * bindings from its own declarations and those of the ancestors), and from the source lines of
 * its elements. Relative to the payload's first line those lines are fixed by the characters
 * too; only the number of blank lines before the document element can differ, and white space
 * there changes no verdict. So same key => same schema verdict. A payload without a source span
 * (a tree built in memory) is keyed on its serialized text itself, as before.
 *
 * Safety: only valid payloads are remembered (an invalid one is refused anyway, and remembering it
 * would let a client fill the memo); entries are per validator and per signing certificate, so a
 * client cannot learn from response timing which payloads another client sent; the memo is a
 * bounded LRU of short texts. Only the schema step is skipped: semantic checks still run.
 */
import type { SchemaFinding, SchemaValidator } from '../../protocol/schema/engine.ts';
import { sourceSpanOf } from '../../protocol/xml/intake.ts';
import type { XmlElement } from '../../protocol/xml/tree.ts';

/** Most payloads remembered per validator. */
export const SCHEMA_MEMO_ENTRIES = 1024;
/** Longer payloads (e.g. with an X509EncryptionCertificate) are always validated. */
export const SCHEMA_MEMO_MAX_CHARS = 4096;

const memos = new WeakMap<SchemaValidator, Map<string, true>>();

/**
 * The memo key of `payload` under `ancestors` (outermost first: the elements whose namespace
 * declarations serializeForSchema copies in): its source characters and those declarations, or
 * null when parseXml recorded no source for it.
 */
export function payloadMemoKey(payload: XmlElement, ancestors: readonly XmlElement[]): string | null {
  const span = sourceSpanOf(payload);
  if (span === null) return null;
  const bindings: string[] = [];
  for (const a of ancestors) for (const d of a.namespaceDeclarations) bindings.push(d.prefix ?? '', d.uri);
  return `source\n${JSON.stringify(bindings)}\n${span}`;
}

/**
 * `validator.validate(serialize())`, answered from the memo when `signer` (the verified signing
 * certificate's fingerprint) had a payload with this key found valid before. `key` is
 * payloadMemoKey(...) or null (then the serialized text is the key).
 */
export async function validateWithMemo(
  validator: SchemaValidator,
  signer: string,
  key: string | null,
  serialize: () => string,
  maxEntries: number = SCHEMA_MEMO_ENTRIES,
): Promise<readonly SchemaFinding[]> {
  let text: string | null = null;
  if (key === null) {
    text = serialize();
    key = `text\n${text}`;
  }
  if (key.length > SCHEMA_MEMO_MAX_CHARS) return validator.validate(text ?? serialize());
  let memo = memos.get(validator);
  if (memo === undefined) {
    memo = new Map();
    memos.set(validator, memo);
  }
  const entry = `${signer}\n${key}`;
  if (memo.has(entry)) {
    // Most recently used last.
    memo.delete(entry);
    memo.set(entry, true);
    return [];
  }
  const findings = await validator.validate(text ?? serialize());
  if (findings.length === 0) {
    memo.set(entry, true);
    while (memo.size > maxEntries) memo.delete(memo.keys().next().value as string);
  }
  return findings;
}
