import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommitScope, type DeferredWrite, ScopeKey } from './commit-scope.ts';

/** A deferred value that records its writes in `log`. */
class Recorded implements DeferredWrite {
  constructor(
    readonly label: string,
    readonly pending: boolean,
    private readonly log: string[],
  ) {}
  flush(): Promise<Recorded> {
    this.log.push(this.label);
    return Promise.resolve(new Recorded(this.label, false, this.log));
  }
}

const A = new ScopeKey<Recorded>('a');
const B = new ScopeKey<Recorded>('b');

describe('CommitScope', () => {
  it('writes each pending value once, in the order first set, and keeps what the write returns', async () => {
    const log: string[] = [];
    const scope = new CommitScope();
    scope.set(B, new Recorded('b1', true, log));
    scope.set(A, new Recorded('a1', true, log));
    scope.set(B, new Recorded('b2', true, log));
    expect(scope.pending).toBe(true);
    await scope.flush();
    expect(log).toEqual(['b2', 'a1']);
    expect(scope.pending).toBe(false);
    expect(scope.get(A)?.label).toBe('a1');
    await scope.flush();
    expect(log).toEqual(['b2', 'a1']);
  });

  it('puts the values back when a savepoint rolls back, so undone work is never written', async () => {
    const log: string[] = [];
    const scope = new CommitScope();
    scope.set(A, new Recorded('kept', true, log));
    const mark = scope.mark();
    scope.set(A, new Recorded('undone', true, log));
    scope.set(B, new Recorded('undone too', true, log));
    scope.restore(mark);
    await scope.flush();
    expect(log).toEqual(['kept']);
    expect(scope.get(B)).toBeUndefined();
  });

  it('forgets everything after flushAndClear', async () => {
    const log: string[] = [];
    const scope = new CommitScope();
    scope.set(A, new Recorded('a', true, log));
    await scope.flushAndClear();
    expect(log).toEqual(['a']);
    expect(scope.get(A)).toBeUndefined();
  });

  it('after nested marks and rollbacks, flushes exactly the last value set outside every rolled-back savepoint (property)', async () => {
    type Op =
      { kind: 'set'; key: 0 | 1; n: number } | { kind: 'open' } | { kind: 'close'; rollback: boolean };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom<0 | 1>(0, 1), n: fc.nat(99) }),
      fc.constant({ kind: 'open' as const }),
      fc.record({ kind: fc.constant('close' as const), rollback: fc.boolean() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 30 }), async (ops) => {
        const log: string[] = [];
        const keys = [A, B] as const;
        const scope = new CommitScope();
        // The model: a stack of plain maps, copied on open, dropped or kept on close.
        let model = new Map<number, string>();
        const marks: { mark: ReturnType<CommitScope['mark']>; saved: Map<number, string> }[] = [];
        for (const op of ops) {
          if (op.kind === 'set') {
            scope.set(keys[op.key], new Recorded(`${op.key}:${op.n}`, true, log));
            model.set(op.key, `${op.key}:${op.n}`);
          } else if (op.kind === 'open') {
            marks.push({ mark: scope.mark(), saved: new Map(model) });
          } else {
            const top = marks.pop();
            if (top !== undefined && op.rollback) {
              scope.restore(top.mark);
              model = top.saved;
            }
          }
        }
        await scope.flush();
        expect([...log].sort()).toEqual([...model.values()].sort());
      }),
      { numRuns: 200 },
    );
  });
});
