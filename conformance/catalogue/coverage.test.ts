import { describe, expect, it } from 'vitest';
import { SEMANTIC_RULES } from '../../protocol/validation/validate-semantics.ts';
import { ALL_CASES } from '../cases/index.ts';
import { SEMANTIC_CHECK_REQUIREMENTS } from '../checks/response-checks.ts';
import { computeCoverage } from './coverage.ts';
import { loadCatalogue } from './load-catalogue.ts';
import { loadUntestable } from './untestable.ts';

const catalogue = loadCatalogue();
const untestable = loadUntestable();
const coverage = computeCoverage(catalogue, ALL_CASES, untestable);

describe('requirement coverage gate', () => {
  it('every MUST of the catalogue has a case or a recorded reason in untestable.json', () => {
    // The message lists the uncovered IDs.
    expect(coverage.uncoveredMusts, `uncovered MUSTs: ${coverage.uncoveredMusts.join(', ')}`).toEqual([]);
  });

  it('cases, checks and untestable.json name only catalogued requirements', () => {
    expect(coverage.unknownIds).toEqual([]);
  });

  it('untestable.json records only MUSTs, once each, that no case covers', () => {
    const byId = new Map(catalogue.map((r) => [r.id, r]));
    expect(untestable.filter((u) => byId.get(u.id)?.level !== 'MUST').map((u) => u.id)).toEqual([]);
    expect(new Set(untestable.map((u) => u.id)).size).toBe(untestable.length);
    expect(coverage.untestableButCovered).toEqual([]);
  });

  it('the catalogue merges requirements.json with the requirements-*.json files', () => {
    const families = new Set(catalogue.map((r) => r.id.split('-')[1]));
    expect([...families].sort()).toEqual(expect.arrayContaining(['BIND', 'MSG', 'SRV', 'WSS']));
  });

  it('the explicit semantic-check map claims only requirements the semantic rules report', () => {
    const reported = new Set(SEMANTIC_RULES.flatMap((r) => r.requirements));
    expect(SEMANTIC_CHECK_REQUIREMENTS.filter((id) => !reported.has(id))).toEqual([]);
  });

  it('the gate would notice a MUST without a case', () => {
    const extra = {
      id: 'SKSML-SRV-999',
      level: 'MUST' as const,
      target: 'server' as const,
      statement: 'x',
      source: 'test',
    };
    expect(computeCoverage([...catalogue, extra], ALL_CASES, untestable).uncoveredMusts).toEqual([
      'SKSML-SRV-999',
    ]);
  });
});
