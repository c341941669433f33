/**
 * Compares the codes the scanner found with those spec/error-codes.md documents, and checks the
 * naming convention. Pure: the test and the CLI feed it a scan and the document's text.
 */
import { readDocumentedCodes } from './documented-codes.ts';
import type { CodeSourceKind, ScanResult } from './scan.ts';

/** Where a code is raised says more than where it is declared. */
const KIND_ORDER: readonly CodeSourceKind[] = ['thrown', 'reported', 'table', 'declared'];

/** Upper-case words joined by underscores, at least two words. */
export const CODE_NAME_PATTERN = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
/** The SymkeyError ErrorCode format of spec/error-registry.md (`SKS-` and hyphenated words). */
export const SYMKEY_CODE_PATTERN = /^SKS-[A-Z0-9]+(-[A-Z0-9]+)*$/;

export function isWellNamedCode(code: string): boolean {
  return CODE_NAME_PATTERN.test(code) || SYMKEY_CODE_PATTERN.test(code);
}

export interface CodeCheck {
  /** Found in the code base, missing from the document (with where it was found). */
  readonly undocumented: readonly string[];
  /** Documented, but found nowhere in the code base any more. */
  readonly stale: readonly string[];
  /** Found or documented, but not following the naming convention. */
  readonly badlyNamed: readonly string[];
  /** Documented in more than one row. */
  readonly duplicated: readonly string[];
  /** Rows of a code table without a backquoted code (line numbers). */
  readonly rowsWithoutCode: readonly number[];
  /** Code arguments the scanner could not narrow to literals (file:line and text). */
  readonly unresolved: readonly string[];
}

export function checkCodes(scan: ScanResult, markdown: string): CodeCheck {
  const doc = readDocumentedCodes(markdown);
  const documented = new Map<string, number>();
  for (const d of doc.codes) documented.set(d.code, (documented.get(d.code) ?? 0) + 1);
  const undocumented = [...scan.codes.entries()]
    .filter(([code]) => !documented.has(code))
    .map(([code, sources]) => {
      const ordered = [...sources].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
      const where = [...new Set(ordered.map((s) => `${s.kind} ${s.file}:${s.line}`))].slice(0, 3).join(', ');
      return `${code} (${where})`;
    });
  const stale = [...documented.keys()].filter((code) => !scan.codes.has(code)).sort();
  const all = new Set([...scan.codes.keys(), ...documented.keys()]);
  const badlyNamed = [...all].filter((code) => !isWellNamedCode(code)).sort();
  const duplicated = [...documented.entries()].filter(([, n]) => n > 1).map(([code]) => code);
  const unresolved = scan.unresolved.map((u) => `${u.file}:${u.line} (${u.via}): ${u.text}`);
  return { undocumented, stale, badlyNamed, duplicated, rowsWithoutCode: doc.rowsWithoutCode, unresolved };
}
