import { describe, expect, it } from 'vitest';
import type { CpuProfile } from './cpu-profile.ts';
import { attributeToStages, formatStageSummary, OTHER_STAGE } from './cpu-profile-stages.ts';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

/** root → pipeline → sign;  root → pipeline → sql;  root → http;  root → (idle). */
const profile: CpuProfile = {
  startTime: 0,
  endTime: 1_000,
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
    { id: 2, callFrame: frame('runPipeline', 'file:///p/run-pipeline.ts'), children: [3, 4] },
    { id: 3, callFrame: frame('signOneShot', 'node:internal/crypto/sig') },
    { id: 4, callFrame: frame('run', 'file:///p/sqlite-database.ts') },
    { id: 5, callFrame: frame('parserOnIncoming', 'node:_http_server') },
    { id: 6, callFrame: frame('(idle)') },
  ],
  // Sample times 10, 20, 40, 70, 110, 160; each gets the interval to the next sample.
  samples: [3, 4, 2, 5, 6, 3],
  timeDeltas: [10, 10, 20, 30, 40, 50],
};

const rules = [
  { label: 'RSA sign', matches: (f: { functionName: string }) => f.functionName === 'signOneShot' },
  { label: 'SQLite', matches: (f: { url: string }) => f.url.endsWith('sqlite-database.ts') },
  { label: 'pipeline', matches: (f: { functionName: string }) => f.functionName === 'runPipeline' },
];

describe('attributeToStages', () => {
  it('gives each sample to the first matching rule on its stack and the rest to other', () => {
    const s = attributeToStages(profile, rules);
    expect(s.stages.map((x) => [x.label, x.micros])).toEqual([
      ['RSA sign', 10], // the last sample has no following interval
      ['SQLite', 20],
      ['pipeline', 30],
      [OTHER_STAGE, 40],
    ]);
    // idle (50 µs) is not busy time
    expect(s.busyMicros).toBe(100);
  });

  it('prefers an earlier rule even when a later one matches a frame nearer the leaf', () => {
    const reversed = [rules[2]!, rules[0]!];
    const s = attributeToStages(profile, reversed);
    expect(s.stages.map((x) => [x.label, x.micros])).toEqual([
      ['pipeline', 60],
      ['RSA sign', 0],
      [OTHER_STAGE, 40],
    ]);
  });

  it('gives a sample no ordinary rule claims to the nearest-to-leaf area rule', () => {
    const areas = [
      { label: 'RSA sign', matches: rules[0]!.matches },
      { label: 'pipeline area', matches: rules[2]!.matches, nearest: true },
      { label: 'SQLite area', matches: rules[1]!.matches, nearest: true },
    ];
    const s = attributeToStages(profile, areas);
    expect(s.stages.map((x) => [x.label, x.micros])).toEqual([
      ['RSA sign', 10],
      ['pipeline area', 30], // the runPipeline sample itself
      ['SQLite area', 20], // nearer the leaf than runPipeline, though listed after it
      [OTHER_STAGE, 40],
    ]);
  });

  it('counts only samples inside the window', () => {
    const s = attributeToStages(profile, rules, { fromMicros: 15, toMicros: 45 });
    expect(s.busyMicros).toBe(50); // samples at 20 (SQLite, 20 µs) and 40 (pipeline, 30 µs)
  });

  it('formats µs per response and shares that add up', () => {
    const text = formatStageSummary(attributeToStages(profile, rules), 2);
    expect(text).toContain('| SQLite | 10 | 20.0 |');
    expect(text).toContain('| **busy, all stages** | **50** | 100.0 |');
  });
});
