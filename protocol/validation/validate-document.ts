/**
 * Full validation of one document: hardened intake, locating the SKSML message (bare or in a
 * SOAP Body), schema validation with the given engines, then the semantic rules. Every problem
 * becomes a finding; only engine failures throw.
 */
import type { SchemaEngineName, SchemaFinding, SchemaValidator } from '../schema/engine.ts';
import { parseXml, XmlIntakeError } from '../xml/intake.ts';
import type { XmlElement } from '../xml/tree.ts';
import { elementChain, serializeForSchema } from './extract-message.ts';
import type { FindingSeverity } from './finding.ts';
import { locateSksmlMessage, type SoapVersion } from './locate-message.ts';
import { locateElements, type LocatedElement } from './rule-context.ts';
import { validateMessageSemantics } from './validate-semantics.ts';

/** Where a finding comes from: reading the file, the XML intake, a schema engine, the semantic rules. */
export type FindingSource = 'file' | 'intake' | 'schema' | 'semantic';

export interface DocumentFinding {
  readonly source: FindingSource;
  /** The schema engine, for schema findings. */
  readonly engine: SchemaEngineName | null;
  readonly code: string;
  /** Requirement ID, when the finding maps to one (schema findings do not). */
  readonly requirement: string | null;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly path: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

export interface DocumentReport {
  readonly status: 'valid' | 'invalid';
  /** Local name of the SKSML message root, when one was found. */
  readonly message: string | null;
  /** SOAP version of the envelope the message was taken from, or null for a bare message. */
  readonly soap: SoapVersion | null;
  readonly findings: readonly DocumentFinding[];
}

function report(
  message: string | null,
  soap: SoapVersion | null,
  findings: DocumentFinding[],
): DocumentReport {
  return {
    status: findings.some((f) => f.severity === 'error') ? 'invalid' : 'valid',
    message,
    soap,
    findings,
  };
}

/**
 * Best-effort element path for a schema finding: an element starting on the finding's line
 * (the one the message names, if several); otherwise the nearest earlier element the message
 * names (Xerces reports some errors at the end tag).
 */
function pathFinder(message: XmlElement, basePath: string): (finding: SchemaFinding) => string | null {
  let byLine: Map<number, LocatedElement[]> | undefined;
  let all: LocatedElement[] = [];
  return (finding) => {
    const line = finding.line;
    if (line === null) return null;
    if (!byLine) {
      all = locateElements(message, basePath);
      byLine = new Map();
      for (const l of all) {
        const list = byLine.get(l.element.position.line);
        if (list) list.push(l);
        else byLine.set(l.element.position.line, [l]);
      }
    }
    const names = (l: LocatedElement): boolean =>
      finding.message.includes(`}${l.element.localName}'`) || finding.message.includes(`'${l.element.name}'`);
    const onLine = byLine.get(line) ?? [];
    let pick = onLine.filter(names).at(-1) ?? onLine.at(-1);
    if (!pick) {
      // The nearest earlier element the message names; elements are in line order, so find the
      // last one before the line by bisection and look back a bounded distance.
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((all[mid] as LocatedElement).element.position.line < line) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo - 1; i >= 0 && i >= lo - 64 && !pick; i--)
        if (names(all[i] as LocatedElement)) pick = all[i];
    }
    return pick?.path ?? null;
  };
}

/**
 * Validates one document given as bytes (decoded and checked by the intake). `validators` may be
 * empty (semantic rules only).
 */
export async function validateDocument(
  input: Uint8Array | string,
  validators: readonly SchemaValidator[],
): Promise<DocumentReport> {
  let doc;
  try {
    doc = parseXml(input);
  } catch (e) {
    if (!(e instanceof XmlIntakeError)) throw e;
    return report(null, null, [
      {
        source: 'intake',
        engine: null,
        code: e.code,
        requirement: null,
        severity: 'error',
        message: e.message,
        path: null,
        line: e.position?.line ?? null,
        column: e.position?.column ?? null,
      },
    ]);
  }
  const located = locateSksmlMessage(doc);
  if (!located.ok) {
    const f = located.finding;
    return report(null, null, [{ source: 'semantic', engine: null, ...f }]);
  }
  const findings: DocumentFinding[] = [];
  if (validators.length > 0) {
    let schemaText: string;
    if (located.soap === null) {
      schemaText = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
      if (schemaText.startsWith('\uFEFF')) schemaText = schemaText.slice(1);
    } else {
      const chain = elementChain(doc.root, located.message) ?? [located.message];
      schemaText = serializeForSchema(located.message, chain.slice(0, -1));
    }
    const pathFor = pathFinder(located.message, located.basePath);
    for (const validator of validators) {
      for (const s of await validator.validate(schemaText)) {
        findings.push({
          source: 'schema',
          engine: s.engine,
          code: 'SCHEMA_INVALID',
          requirement: null,
          severity: 'error',
          message: s.message,
          path: pathFor(s),
          line: s.line,
          // Columns of an extracted message do not match the original file; lines do.
          column: located.soap === null ? s.column : null,
        });
      }
    }
  }
  for (const f of validateMessageSemantics(located.message, located.basePath))
    findings.push({ source: 'semantic', engine: null, ...f });
  return report(located.message.localName, located.soap, findings);
}
