/**
 * Runs the differential corpus: every document through our schemas and the draft-8.0 reference
 * working copy (UPA fix only), each on libxml2 and Xerces; classifies and explains the results.
 * Shared by differential.test.ts and tools/run-differential.ts.
 */
import type { SchemaEngineName, SchemaValidator } from '../../protocol/schema/engine.ts';
import { loadDraft8WorkingCopy, loadSksmlSchemas } from '../../protocol/schema/load.ts';
import { buildCorpus, DEFAULT_CORPUS_SIZE, DEFAULT_SEED, type CorpusSize } from './corpus.ts';
import { ENGINE_EXPLANATIONS, ERRATA_EXPLANATIONS, explain } from './explanations.ts';
import { buildReport, outcomeOf, type DifferentialReport, type DocumentOutcome } from './report.ts';
import { CELLS, type Cell, type CellVerdict, type Verdicts } from './verdicts.ts';

export interface DifferentialRun {
  readonly report: DifferentialReport;
  readonly outcomes: readonly DocumentOutcome[];
}

/** The seed: SKSML_SEED when set (an integer), otherwise the fixed CI seed. */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SKSML_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new RangeError(`SKSML_SEED must be an integer, got ${raw}`);
  return n;
}

async function openValidators(): Promise<Record<Cell, SchemaValidator>> {
  const engineOf = (cell: Cell): SchemaEngineName => (cell.endsWith('libxml2') ? 'libxml2' : 'xerces');
  const opened: Partial<Record<Cell, SchemaValidator>> = {};
  try {
    for (const cell of CELLS) {
      opened[cell] = cell.startsWith('ours')
        ? await loadSksmlSchemas(engineOf(cell))
        : await loadDraft8WorkingCopy(engineOf(cell));
    }
  } catch (e) {
    await Promise.all(Object.values(opened).map((v) => v.close()));
    throw e;
  }
  return opened as Record<Cell, SchemaValidator>;
}

async function verdictOf(v: SchemaValidator, xml: string): Promise<CellVerdict> {
  const findings = await v.validate(xml);
  return { valid: findings.length === 0, message: findings[0]?.message ?? null };
}

export async function runDifferential(
  seed: number = DEFAULT_SEED,
  size: CorpusSize = DEFAULT_CORPUS_SIZE,
): Promise<DifferentialRun> {
  const started = performance.now();
  const corpus = buildCorpus(seed, size);
  const validators = await openValidators();
  const outcomes: DocumentOutcome[] = [];
  try {
    // Xerces answers from its own process: send a batch first, then do the in-process libxml2
    // work while the JVM validates, then collect.
    const BATCH = 256;
    for (let i = 0; i < corpus.length; i += BATCH) {
      const batch = corpus.slice(i, i + BATCH);
      const xerces = batch.map((doc) =>
        Promise.all([
          verdictOf(validators['ours/xerces'], doc.xml),
          verdictOf(validators['reference/xerces'], doc.xml),
        ]),
      );
      const libxml2: [CellVerdict, CellVerdict][] = [];
      for (const doc of batch) {
        libxml2.push([
          await verdictOf(validators['ours/libxml2'], doc.xml),
          await verdictOf(validators['reference/libxml2'], doc.xml),
        ]);
      }
      const remote = await Promise.all(xerces);
      batch.forEach((doc, k) => {
        const [oursLib, refLib] = libxml2[k] as [CellVerdict, CellVerdict];
        const [oursXer, refXer] = remote[k] as [CellVerdict, CellVerdict];
        const verdicts: Verdicts = {
          'ours/libxml2': oursLib,
          'ours/xerces': oursXer,
          'reference/libxml2': refLib,
          'reference/xerces': refXer,
        };
        outcomes.push(
          outcomeOf(doc, verdicts, (d, v, cls) =>
            explain(cls === 'engine-disagreement' ? ENGINE_EXPLANATIONS : ERRATA_EXPLANATIONS, d, v),
          ),
        );
      });
    }
  } finally {
    await Promise.all(CELLS.map((c) => validators[c].close()));
  }
  const report = buildReport(
    seed,
    outcomes,
    [...ERRATA_EXPLANATIONS, ...ENGINE_EXPLANATIONS],
    performance.now() - started,
  );
  return { report, outcomes };
}
