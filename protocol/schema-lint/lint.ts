/**
 * `sksml schema lint`: reads every *.xsd of a folder, compiles the set with each available engine
 * and runs the static rules. The result is a list of findings; severity `error` means the
 * committee should not publish the set as is.
 */
import { readCatalog } from '../schema/catalog.ts';
import { existsSync } from 'node:fs';
import {
  flattenSchemaSet,
  mainNamespace,
  SKSML_NAMESPACE,
  type FlatSchemaSet,
  type LocationResolver,
} from './driver.ts';
import type { EngineCompileCheck, EngineVerdict } from './engine-verdict.ts';
import { verdictFindings } from './engine-verdict.ts';
import type { LintFinding, LintSummary } from './findings.ts';
import { LINT_RULES, sortFindings, summarizeFindings } from './findings.ts';
import {
  analysedDocuments,
  findAmbiguousChoices,
  findMixedContent,
  findPatternRangeDefects,
  findRequiredNillable,
  findUnusedTypes,
} from './rules.ts';
import { readSchemaDir, SchemaReadError, type SchemaSetModel } from './schema-model.ts';
import { projectEngineChecks } from './project-engines.ts';
import { xmllintWasmCheck } from './xmllint-wasm-engine.ts';

export interface LintOptions {
  /** OASIS XML catalog mapping remote schema locations to local files. */
  readonly catalog?: string;
  /**
   * Engine checks to run, built from the model and its flattened copy. Defaults to
   * `defaultEngines`.
   */
  readonly engines?: (input: EngineInput) => readonly EngineCompileCheck[];
}

export interface EngineInput {
  readonly model: SchemaSetModel;
  readonly flat: FlatSchemaSet;
  readonly catalogFile: string | null;
}

export interface LintReport {
  readonly dir: string;
  readonly documents: readonly string[];
  readonly analysedNamespace: string | null;
  readonly engines: readonly { readonly engine: string; readonly status: EngineVerdict['status'] }[];
  readonly findings: readonly LintFinding[];
  readonly summary: LintSummary;
}

/** The static rules alone (no engines): used by tests and by the full lint. */
export function staticFindings(model: SchemaSetModel): LintFinding[] {
  const main = mainNamespace(model);
  const namespaces = main === null ? [] : [main];
  const analysed = analysedDocuments(model, namespaces);
  const out: LintFinding[] = [];
  for (const doc of model.documents) {
    if (doc.hadDoctype)
      out.push({
        rule: LINT_RULES.doctypePresent,
        severity: 'info',
        file: doc.file,
        line: 1,
        component: null,
        message:
          'document has a DOCTYPE; it was removed before analysis (validators that read DTDs may fetch it)',
      });
    if (!analysed.includes(doc))
      out.push({
        rule: LINT_RULES.foreignDocument,
        severity: 'info',
        file: doc.file,
        line: 1,
        component: null,
        message: `target namespace ${doc.targetNamespace ?? '(none)'} is not ${main ?? 'analysed'}: compiled by the engines, not analysed`,
      });
  }
  out.push(
    ...findAmbiguousChoices(model, analysed),
    ...findPatternRangeDefects(model, analysed),
    ...findUnusedTypes(model, analysed),
    ...findMixedContent(model, analysed),
    ...findRequiredNillable(model, analysed),
  );
  return out;
}

/** libxml2 2.9 and Xerces (the project's engines) plus libxml2 2.13 in WebAssembly. */
export function defaultEngines(input: EngineInput): EngineCompileCheck[] {
  return [...projectEngineChecks(input.model, input.catalogFile), xmllintWasmCheck(input.flat)];
}

function catalogResolver(file: string | undefined): LocationResolver {
  if (file === undefined) return () => null;
  if (!existsSync(file)) throw new SchemaReadError(file, `cannot read catalog ${file}: no such file`);
  let catalog;
  try {
    catalog = readCatalog(file);
  } catch (e) {
    throw new SchemaReadError(file, `cannot read catalog ${file}: ${(e as Error).message}`);
  }
  return (location) => catalog.resolveLocation(location);
}

/**
 * Xerces reports a line but not the document. When the static rules found a content-model
 * ambiguity within two lines of it in exactly one document, the engine finding is placed there.
 */
function locateEngineFinding(finding: LintFinding, staticOnes: readonly LintFinding[]): LintFinding {
  if (finding.file !== null || finding.line === null || finding.rule !== LINT_RULES.upaViolation)
    return finding;
  const near = staticOnes.filter(
    (s) =>
      (s.rule === LINT_RULES.wildcardBesideElements || s.rule === LINT_RULES.ambiguousChoice) &&
      s.line !== null &&
      Math.abs(s.line - (finding.line ?? 0)) <= 2,
  );
  const files = new Set(near.map((s) => s.file));
  return files.size === 1 ? { ...finding, file: [...files][0] ?? null } : finding;
}

export async function lintSchemaDir(dir: string, options: LintOptions = {}): Promise<LintReport> {
  const model = readSchemaDir(dir);
  const flat = flattenSchemaSet(model, catalogResolver(options.catalog));
  const findings = staticFindings(model);
  const checks = (options.engines ?? defaultEngines)({ model, flat, catalogFile: options.catalog ?? null });
  const verdicts = await Promise.all(checks.map((c) => c.check()));
  for (const v of verdicts) findings.push(...verdictFindings(v).map((f) => locateEngineFinding(f, findings)));
  return {
    dir,
    documents: model.documents.map((d) => d.file),
    analysedNamespace: mainNamespace(model),
    engines: verdicts.map((v) => ({ engine: v.engine, status: v.status })),
    findings: sortFindings(findings),
    summary: summarizeFindings(findings),
  };
}

export { SKSML_NAMESPACE };
