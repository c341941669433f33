import { describe, expect, it } from 'vitest';
import { loadRequirements } from '../../protocol/requirements/load-requirements.ts';
import type { Requirement } from '../../protocol/requirements/requirement.ts';
import type { CliIo } from '../io.ts';
import { runCli } from '../main.ts';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await runCli(['requirements', ...args], io);
  return { code, out, err };
}

describe('sksml requirements', () => {
  it('prints every requirement as markdown tables grouped by target', async () => {
    const { code, out } = await run();
    expect(code).toBe(0);
    for (const r of loadRequirements()) expect(out).toContain(`| ${r.id} | ${r.level} |`);
    expect(out).toMatch(/## message \(\d+\)[\s\S]*## server \(\d+\)[\s\S]*## client \(\d+\)/);
  });

  it('filters by target and level, as JSON', async () => {
    const { code, out } = await run('--json', '--target', 'client', '--level=should');
    expect(code).toBe(0);
    const list = JSON.parse(out) as Requirement[];
    const expected = loadRequirements().filter((r) => r.target === 'client' && r.level === 'SHOULD');
    expect(list.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(list.length).toBeGreaterThan(0);
  });

  it('accepts repeated filters as alternatives', async () => {
    const { out } = await run('--json', '--level', 'MAY', '--level', 'SHOULD');
    const levels = new Set((JSON.parse(out) as Requirement[]).map((r) => r.level));
    expect(levels).toEqual(new Set(['MAY', 'SHOULD']));
  });

  it.each([
    [['--target', 'proxy'], /unknown target 'proxy'/],
    [['--level'], /--level needs a value/],
    [['--verbose'], /unknown option '--verbose'/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
