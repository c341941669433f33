import { describe, expect, it } from 'vitest';
import { createRequestGate } from './request-gate.ts';

function deferred(): { promise: Promise<string>; resolve: (v: string) => void } {
  let resolve: (v: string) => void = () => undefined;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('request gate', () => {
  it('admits up to the limit, refuses beyond it, and frees the slot when the work settles', async () => {
    const gate = createRequestGate(1);
    const work = deferred();
    const first = gate.run(() => work.promise, 60_000);
    expect(gate.inFlight).toBe(1);
    expect(await gate.run(() => Promise.resolve('x'), 60_000)).toBe('busy');
    work.resolve('done');
    expect(await first).toBe('done');
    expect(gate.inFlight).toBe(0);
    expect(await gate.run(() => Promise.resolve('y'), 60_000)).toBe('y');
  });

  it('reports a timeout but keeps the slot until the work itself ends', async () => {
    const gate = createRequestGate(1);
    const work = deferred();
    expect(await gate.run(() => work.promise, 10)).toBe('timeout');
    expect(gate.inFlight).toBe(1);
    work.resolve('late');
    await work.promise;
    await Promise.resolve();
    expect(gate.inFlight).toBe(0);
  });

  it('drains: refuses new work and waits for the work in flight', async () => {
    const gate = createRequestGate(4);
    const work = deferred();
    const running = gate.run(() => work.promise, 60_000);
    const drained = gate.drain(60_000);
    expect(await gate.run(() => Promise.resolve('z'), 60_000)).toBe('stopping');
    work.resolve('finished');
    expect(await running).toBe('finished');
    expect(await drained).toBe(true);
  });

  it("passes the work's own failure on unchanged and frees the slot", async () => {
    const gate = createRequestGate(1);
    const failure = new TypeError('work failed');
    await expect(gate.run(() => Promise.reject(failure), 60_000)).rejects.toBe(failure);
    expect(gate.inFlight).toBe(0);
    const thrown = new RangeError('thrown before a promise');
    await expect(
      gate.run(() => {
        throw thrown;
      }, 60_000),
    ).rejects.toBe(thrown);
    expect(gate.inFlight).toBe(0);
    expect(await gate.run(() => Promise.resolve('next'), 60_000)).toBe('next');
  });

  it('after a timeout, a late failure of the work only frees the slot', async () => {
    const gate = createRequestGate(1);
    let fail: (e: Error) => void = () => undefined;
    const work = new Promise<string>((_resolve, reject) => (fail = reject));
    expect(await gate.run(() => work, 10)).toBe('timeout');
    expect(await gate.run(() => Promise.resolve('x'), 60_000)).toBe('busy');
    fail(new Error('late'));
    await work.catch(() => undefined);
    await Promise.resolve();
    expect(gate.inFlight).toBe(0);
  });
});
