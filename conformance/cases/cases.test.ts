import { describe, expect, it } from 'vitest';
import { ATTACK_FIXTURES } from '../../protocol/testkit/attacks/catalog.ts';
import { CHECKS } from '../checks/registry.ts';
import { mutationNamed } from '../engine/mutations.ts';
import { CAPABILITIES } from '../model/case.ts';
import { ALL_CASES } from './index.ts';

describe('the cases are well-formed data', () => {
  it('there are at least 40 cases with unique kebab-case IDs', () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(40);
    const ids = ALL_CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it.each(ALL_CASES.map((c) => [c.id, c] as const))(
    '%s names known checks, mutations, attacks, steps and capabilities',
    (_id, c) => {
      expect(c.requirements.length).toBeGreaterThan(0);
      expect(c.title.length).toBeGreaterThan(5);
      const checkNames = new Set(CHECKS.map((k) => k.name));
      const expectations = [
        c.expect,
        ...c.requests.flatMap((s) => (s.expect === undefined ? [] : [s.expect])),
      ];
      for (const e of expectations) for (const name of e.checks ?? []) expect(checkNames).toContain(name);
      const stepIds = new Set<string>();
      c.requests.forEach((s, i) => {
        for (const m of s.mutate ?? []) expect(() => mutationNamed(m)).not.toThrow();
        if (s.build === 'attack') expect(ATTACK_FIXTURES.map((f) => f.name)).toContain(s.attack);
        for (const ref of [
          s.replayOf,
          s.symkeyRequestIdsFrom,
          ...(s.globalKeyIds ?? []).map((g) => ('fromStep' in g ? g.fromStep : undefined)),
        ])
          if (ref !== undefined) expect(stepIds).toContain(ref);
        stepIds.add(s.id ?? `step${i + 1}`);
      });
      for (const id of c.uniform ?? []) expect(stepIds).toContain(id);
      for (const cap of c.profile?.requires ?? []) expect(CAPABILITIES).toContain(cap);
    },
  );

  it('one case per attack family at least', () => {
    const used = new Set(
      ALL_CASES.flatMap((c) => c.requests.flatMap((s) => (s.attack === undefined ? [] : [s.attack]))),
    );
    const families = new Set(ATTACK_FIXTURES.filter((f) => used.has(f.name)).map((f) => f.category));
    const all = new Set(ATTACK_FIXTURES.map((f) => f.category));
    expect([...families].sort()).toEqual([...all].sort());
  });
});
