/**
 * Journal entries are buffered and inserted several per statement (journal.ts): before any read,
 * savepoint or head write. Whatever mix of writes, reads and nested savepoints (failing or not) a
 * transaction runs, every read sees the transaction's own writes verified, the rows that commit
 * are exactly the model's, and the journal passes the full scan. Key classes are also held by the
 * verified-read cache, so this checks the cache against the same model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoreTransaction } from './store.ts';
import { makeSqliteHarness } from './testing/sqlite-harness.ts';

type Step =
  | { kind: 'put'; name: string; policy: string }
  | { kind: 'get'; name: string }
  | { kind: 'nested'; steps: Step[]; fail: boolean };

const names = fc.constantFrom('a', 'b', 'c');
const stepArb: fc.Arbitrary<Step> = fc.letrec<{ step: Step }>((tie) => ({
  step: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('put' as const), name: names, policy: fc.string({ maxLength: 3 }) }),
    fc.record({ kind: fc.constant('get' as const), name: names }),
    fc.record({
      kind: fc.constant('nested' as const),
      steps: fc.array(tie('step'), { maxLength: 4 }),
      fail: fc.boolean(),
    }),
  ),
})).step;

async function run(tx: StoreTransaction, steps: readonly Step[], model: Map<string, string>): Promise<void> {
  for (const step of steps) {
    if (step.kind === 'put') {
      await tx.putKeyClass({
        name: step.name,
        keyUsePolicy: step.policy,
        keyCachePolicy: '{}',
        requiresApproval: false,
      });
      model.set(step.name, step.policy);
    } else if (step.kind === 'get') {
      expect((await tx.getKeyClass(step.name))?.keyUsePolicy).toBe(model.get(step.name));
    } else {
      const inner = new Map(model);
      const done = tx.withTransaction(async (nested) => {
        await run(nested, step.steps, inner);
        if (step.fail) throw new Error('nested fails');
      });
      if (step.fail) await expect(done).rejects.toThrow('nested fails');
      else {
        await done;
        for (const [k, v] of inner) model.set(k, v);
      }
    }
  }
}

describe('buffered journal entries', () => {
  it('keep reads, savepoints and the journal consistent (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(stepArb, { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        async (txs) => {
          const h = await makeSqliteHarness();
          try {
            const model = new Map<string, string>();
            for (const steps of txs) {
              const working = new Map(model);
              await h.store.withTransaction((tx) => run(tx, steps, working));
              for (const [k, v] of working) model.set(k, v);
              for (const [name, policy] of model)
                expect((await h.store.getKeyClass(name))?.keyUsePolicy).toBe(policy);
            }
            expect((await h.store.listKeyClasses()).map((k) => [k.name, k.keyUsePolicy])).toEqual(
              [...model].sort((x, y) => (x[0] < y[0] ? -1 : 1)),
            );
            expect((await h.store.verifyIntegrity()).problems).toEqual([]);
            expect(h.alarms).toEqual([]);
          } finally {
            await h.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
