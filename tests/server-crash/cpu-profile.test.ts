import { describe, expect, it } from 'vitest';
import { formatProfileSummary, summarizeCpuProfile, type CpuProfile } from './cpu-profile.ts';

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber });

/** root → a (file:///x/a.ts, reported on line 1) and b (node:internal/b, line 42), plus idle. */
const profile: CpuProfile = {
  startTime: 1_000,
  endTime: 1_000 + 1_000,
  nodes: [
    { id: 1, callFrame: frame('(root)') },
    { id: 2, callFrame: frame('a', 'file:///x/a.ts', 0) },
    { id: 3, callFrame: frame('b', 'node:internal/b', 41) },
    { id: 4, callFrame: frame('(idle)') },
    { id: 5, callFrame: frame('', 'file:///x/a.ts', 9) },
  ],
  // Samples at 1100, 1200, 1500, 1600, 1900, 2000: each gets the interval up to the next one.
  samples: [2, 3, 2, 4, 5, 2],
  timeDeltas: [100, 100, 300, 100, 300, 100],
};

describe('summarizeCpuProfile', () => {
  it('adds self time per frame from the sample intervals, largest first', () => {
    const s = summarizeCpuProfile(profile);
    expect(s.windowed).toBe(false);
    expect(s.entries.map((e) => [e.frame, e.selfMs])).toEqual([
      ['(idle)', 0.3],
      ['b (b:42)', 0.3],
      ['a (a.ts)', 0.2],
      ['(anonymous) (a.ts:10)', 0.1],
    ]);
    expect(s.totalMs).toBeCloseTo(0.9);
    expect(s.idleMs).toBeCloseTo(0.3);
  });

  it('counts only the samples inside a window', () => {
    const s = summarizeCpuProfile(profile, { window: { fromMicros: 1_450, toMicros: 1_950 } });
    expect(s.windowed).toBe(true);
    expect(Object.fromEntries(s.entries.map((e) => [e.frame, e.selfMs]))).toEqual({
      'a (a.ts)': 0.1,
      '(idle)': 0.3,
      '(anonymous) (a.ts:10)': 0.1,
    });
  });

  it('falls back to hit counts when there are no samples', () => {
    const s = summarizeCpuProfile({
      startTime: 0,
      endTime: 3_000,
      nodes: [
        { id: 1, callFrame: frame('x', 'file:///x.ts', 4), hitCount: 2 },
        { id: 2, callFrame: frame('y', 'file:///y.ts', 4), hitCount: 1 },
      ],
    });
    expect(s.entries.map((e) => [e.frame, e.selfMs])).toEqual([
      ['x (x.ts:5)', 2],
      ['y (y.ts:5)', 1],
    ]);
  });
});

describe('summarizeCpuProfile by area', () => {
  it('adds up the self time of a project folder, a package, a Node.js internal folder', () => {
    const s = summarizeCpuProfile(
      {
        startTime: 0,
        endTime: 6_000,
        nodes: [
          { id: 1, callFrame: frame('f', 'file:///p/reference-server/store/ops/keys.ts', 3), hitCount: 1 },
          {
            id: 2,
            callFrame: frame('g', 'file:///p/reference-server/store/ops/sequences.ts', 3),
            hitCount: 1,
          },
          {
            id: 3,
            callFrame: frame('h', 'file:///p/node_modules/better-sqlite3/lib/wrappers.js', 8),
            hitCount: 1,
          },
          {
            id: 4,
            callFrame: frame('i', 'file:///p/node_modules/@hono/node-server/dist/index.mjs', 1),
            hitCount: 1,
          },
          { id: 5, callFrame: frame('j', 'node:internal/crypto/sig', 142), hitCount: 1 },
          { id: 6, callFrame: frame('k', 'file:///elsewhere/tool/x.js', 1), hitCount: 1 },
        ],
      },
      { by: 'area', root: '/p' },
    );
    expect(s.entries.map((e) => e.frame).sort()).toEqual(
      [
        '@hono/node-server',
        'better-sqlite3',
        'node:internal/crypto',
        'reference-server/store/ops',
        'tool',
      ].sort(),
    );
    expect(s.entries.find((e) => e.frame === 'reference-server/store/ops')?.share).toBeCloseTo(2 / 6);
  });
});

describe('formatProfileSummary', () => {
  it('lists the top entries without idle, as shares of busy time', () => {
    const text = formatProfileSummary(summarizeCpuProfile(profile), 2);
    expect(text).not.toContain('(idle) |');
    const rows = text.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe('| 1 | b (b:42) | 0 | 50.0 |');
    expect(rows[1]).toBe('| 2 | a (a.ts) | 0 | 33.3 |');
  });
});
