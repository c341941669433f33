/** Runs a list of cases against one target and profile, reporting progress as it goes. */
import { loadSksmlSchemas } from '../../protocol/schema/load.ts';
import type { SchemaValidator } from '../../protocol/schema/engine.ts';
import type { ConformanceCase } from '../model/case.ts';
import { summarizeProfile, type ConformanceProfile } from '../model/profile.ts';
import { summarize, type CaseResult, type RunResult } from '../model/result.ts';
import type { Target } from '../model/target.ts';
import { runCase } from './run-case.ts';
import { createRunState } from './run-state.ts';

export interface RunOptions {
  /** Run only these case IDs (the others are reported as untested). */
  readonly only?: readonly string[];
  /** Called after each case (live progress). */
  readonly onResult?: (result: CaseResult, index: number, total: number) => void;
}

export async function runSuite(
  cases: readonly ConformanceCase[],
  target: Target,
  profile: ConformanceProfile,
  options: RunOptions = {},
): Promise<RunResult> {
  const startedAt = new Date();
  const started = performance.now();
  const only = options.only === undefined ? null : new Set(options.only);
  const selected = only === null ? cases : cases.filter((c) => only.has(c.id));
  const unselected =
    only === null ? [] : cases.filter((c) => !only.has(c.id)).map((c) => ({ id: c.id, title: c.title }));
  const state = createRunState(profile, target);
  let validator: Promise<SchemaValidator> | undefined;
  const schemaValidator = (): Promise<SchemaValidator> => (validator ??= loadSksmlSchemas('libxml2'));
  const results: CaseResult[] = [];
  try {
    for (const [i, c] of selected.entries()) {
      const result = await runCase(c, state, { schemaValidator });
      results.push(result);
      options.onResult?.(result, i, selected.length);
    }
  } finally {
    if (validator !== undefined) await (await validator).close();
  }
  return {
    startedAt: startedAt.toISOString(),
    target: { name: target.name, url: target.url },
    profile: summarizeProfile(profile),
    results,
    unselected,
    summary: summarize(results, Math.round(performance.now() - started)),
  };
}
