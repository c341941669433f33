/**
 * Proof that the conformance suite catches defects: each deliberately broken variant of the
 * reference server (test-only switches, reference-server/defects/) fails the cases that target its
 * defect, and those failures name the right requirements; the correct server passes the same
 * cases. Variants run only their relevant cases (tests/certification/variants.ts) to stay fast;
 * reference-server.test.ts runs ALL cases against the correct server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CASES } from '../../conformance/index.ts';
import { DEFECT_NAMES } from '../../reference-server/defects/index.ts';
import { createCertificationBench, type CertificationBench } from './certification-fixture.ts';
import { VARIANTS } from './variants.ts';

let bench: CertificationBench;

beforeAll(async () => {
  bench = await createCertificationBench();
}, 60_000);

afterAll(async () => {
  await bench.dispose();
});

const relevant = [...new Set(VARIANTS.flatMap((v) => v.catches.map((c) => c.case)))];

describe('defective variants of the reference server', () => {
  it('has at least 15 variants, one per defect switch, each aimed at cases that exist', () => {
    expect(VARIANTS.length).toBeGreaterThanOrEqual(15);
    expect(VARIANTS.map((v) => v.defect).sort()).toEqual([...DEFECT_NAMES].sort());
    const known = new Set(ALL_CASES.map((c) => c.id));
    expect(relevant.filter((id) => !known.has(id))).toEqual([]);
  });

  it('the correct server passes every case the variants are judged by', async () => {
    const correct = await bench.open();
    try {
      const run = await correct.run(relevant);
      expect(run.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status}`)).toEqual([]);
      expect(run.summary.pass).toBe(relevant.length);
    } finally {
      await correct.close();
    }
  });

  it.each(VARIANTS.map((v) => [v.defect, v] as const))('%s is caught', async (_name, variant) => {
    const target = await bench.open({ [variant.defect]: true });
    try {
      const run = await target.run(variant.catches.map((c) => c.case));
      expect(run.summary.fail).toBeGreaterThanOrEqual(1);
      for (const expected of variant.catches) {
        const result = run.results.find((r) => r.id === expected.case);
        const where = `${expected.case} against ${variant.defect}`;
        expect(result?.status, where).toBe('fail');
        const named = [...new Set(result?.findings.flatMap((f) => f.requirements))];
        for (const requirement of expected.requirements)
          expect(named, `${where} names ${requirement}`).toContain(requirement);
      }
    } finally {
      await target.close();
    }
  });
});
