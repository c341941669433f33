import { describe, expect, it } from 'vitest';
import type { SchemaFinding, SchemaValidator } from '../../protocol/schema/engine.ts';
import { SCHEMA_MEMO_MAX_CHARS, validateWithMemo } from './schema-memo.ts';

const finding: SchemaFinding = { engine: 'libxml2', message: 'bad', line: 1, column: 1 };

/** A validator that counts its calls; texts containing "bad" are invalid. */
function countingValidator(): SchemaValidator & { calls: string[] } {
  const calls: string[] = [];
  return {
    engine: 'libxml2',
    calls,
    validate(xml) {
      calls.push(xml);
      return Promise.resolve(xml.includes('bad') ? [finding] : []);
    },
    close: () => Promise.resolve(),
  };
}

describe('validateWithMemo', () => {
  it('answers a valid text seen before for the same signer without validating again', async () => {
    const v = countingValidator();
    expect(await validateWithMemo(v, 'A', '<ok/>')).toEqual([]);
    expect(await validateWithMemo(v, 'A', '<ok/>')).toEqual([]);
    expect(v.calls).toEqual(['<ok/>']);
  });

  it('keeps signers apart, and validators apart', async () => {
    const v = countingValidator();
    const w = countingValidator();
    await validateWithMemo(v, 'A', '<ok/>');
    await validateWithMemo(v, 'B', '<ok/>');
    await validateWithMemo(w, 'A', '<ok/>');
    expect(v.calls).toHaveLength(2);
    expect(w.calls).toHaveLength(1);
  });

  it('never remembers an invalid text', async () => {
    const v = countingValidator();
    expect(await validateWithMemo(v, 'A', '<bad/>')).toEqual([finding]);
    expect(await validateWithMemo(v, 'A', '<bad/>')).toEqual([finding]);
    expect(v.calls).toHaveLength(2);
  });

  it('always validates long texts', async () => {
    const v = countingValidator();
    const long = `<ok>${'x'.repeat(SCHEMA_MEMO_MAX_CHARS)}</ok>`;
    await validateWithMemo(v, 'A', long);
    await validateWithMemo(v, 'A', long);
    expect(v.calls).toHaveLength(2);
  });

  it('forgets the least recently used text beyond its size', async () => {
    const v = countingValidator();
    await validateWithMemo(v, 'A', '<one/>', 2);
    await validateWithMemo(v, 'A', '<two/>', 2);
    await validateWithMemo(v, 'A', '<one/>', 2); // <one/> is now the most recent
    await validateWithMemo(v, 'A', '<three/>', 2); // evicts <two/>
    await validateWithMemo(v, 'A', '<one/>', 2);
    await validateWithMemo(v, 'A', '<two/>', 2);
    expect(v.calls).toEqual(['<one/>', '<two/>', '<three/>', '<two/>']);
  });
});
