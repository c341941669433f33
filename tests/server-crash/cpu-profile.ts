/**
 * Summarises a V8 CPU profile (the `.cpuprofile` JSON that `node --cpu-prof` writes) by function:
 * self time per (function name, file, line), largest first. Self time comes from the sample list
 * and its time deltas; when a profile has no samples, hit counts times the mean interval are used.
 * A window (monotonic microseconds, the clock of the profile's timestamps and of
 * `process.hrtime` on Linux) restricts the summary to a measured phase, e.g. without start-up.
 * Line 1 is not printed: tsx-compiled TypeScript reports every function on line 1.
 */
import { basename, dirname, isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface SelfTimeEntry {
  /** `name (file:line)`, or a V8 pseudo-frame such as `(garbage collector)`. */
  readonly frame: string;
  readonly selfMs: number;
  /** Share of all sampled time, 0..1 (idle included). */
  readonly share: number;
}

export interface ProfileWindow {
  readonly fromMicros: number;
  readonly toMicros: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** True when only the samples inside the requested window were counted. */
  readonly windowed: boolean;
  /** `(idle)` time: the process waited (e.g. for the network or a slow client). */
  readonly idleMs: number;
  readonly entries: readonly SelfTimeEntry[];
}

/**
 * Group self time by function (name, file, line) or by area: the folder of a project file
 * relative to `root` (`reference-server/store/ops`), the package of a file under node_modules
 * (`better-sqlite3`), the folder of a Node.js internal module (`node:internal/crypto`).
 */
export type ProfileGrouping = 'function' | 'area';

export interface SummaryOptions {
  /** Only samples inside this window count. */
  readonly window?: ProfileWindow;
  readonly by?: ProfileGrouping;
  /** The project folder, for areas (default: none, the file's folder name is used). */
  readonly root?: string;
}

function areaOf(url: string, root: string | undefined): string {
  const clean = url.replace(/[?#].*$/, '');
  const modules = clean.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const [scope, name] = clean.slice(modules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') === true ? `${scope}/${name ?? ''}` : (scope ?? clean);
  }
  if (clean.startsWith('node:')) {
    const slash = clean.lastIndexOf('/');
    return slash === -1 ? clean : clean.slice(0, slash);
  }
  const path = clean.startsWith('file://') ? fileURLToPath(clean) : clean;
  if (root !== undefined) {
    const inside = relative(root, dirname(path));
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return inside;
  }
  return basename(dirname(path));
}

function frameName(node: CpuProfileNode, options: SummaryOptions): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName === '' ? '(anonymous)' : functionName;
  if (url === '') return name;
  if (options.by === 'area') return areaOf(url, options.root);
  const file = basename(url.replace(/[?#].*$/, ''));
  return lineNumber <= 0 ? `${name} (${file})` : `${name} (${file}:${lineNumber + 1})`;
}

/** Self time by frame (or area), largest first (all of them; slice for a top N). */
export function summarizeCpuProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const { window } = options;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let windowed = false;
  if (samples.length > 0 && deltas.length === samples.length) {
    // timeDeltas[i] is the time before sample i; attribute the interval after a sample to it.
    let at = profile.startTime;
    for (let i = 0; i < samples.length; i++) {
      at += deltas[i] as number;
      if (window !== undefined && (at < window.fromMicros || at > window.toMicros)) continue;
      const id = samples[i] as number;
      const next = i + 1 < deltas.length ? (deltas[i + 1] as number) : 0;
      selfMicros.set(id, (selfMicros.get(id) ?? 0) + Math.max(0, next));
    }
    windowed = window !== undefined;
  } else {
    const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
    const interval = hits === 0 ? 0 : (profile.endTime - profile.startTime) / hits;
    for (const n of profile.nodes) selfMicros.set(n.id, (n.hitCount ?? 0) * interval);
  }
  const byFrame = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    if (node === undefined || micros === 0) continue;
    const frame = frameName(node, options);
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + micros);
    total += micros;
  }
  const entries = [...byFrame]
    .map(([frame, micros]) => ({ frame, selfMs: micros / 1000, share: total === 0 ? 0 : micros / total }))
    .sort((a, b) => b.selfMs - a.selfMs || a.frame.localeCompare(b.frame));
  return { totalMs: total / 1000, windowed, idleMs: (byFrame.get('(idle)') ?? 0) / 1000, entries };
}

/** A markdown table of the `top` largest self-time entries, idle excluded. */
export function formatProfileSummary(
  summary: ProfileSummary,
  top = 10,
  heading = 'function (file:line)',
): string {
  const busyMs = summary.totalMs - summary.idleMs;
  const lines = [
    `sampled ${summary.totalMs.toFixed(0)} ms${summary.windowed ? ' (measured window only)' : ' (whole process, start-up included)'}, of which busy ${busyMs.toFixed(0)} ms (idle ${summary.idleMs.toFixed(0)} ms)`,
    '',
    `| # | ${heading} | self ms | % of busy |`,
    '|---:|---|---:|---:|',
  ];
  summary.entries
    .filter((e) => e.frame !== '(idle)')
    .slice(0, top)
    .forEach((e, i) => {
      const pct = busyMs === 0 ? 0 : (100 * e.selfMs) / busyMs;
      lines.push(
        `| ${i + 1} | ${e.frame.replace(/\|/g, '\\|')} | ${e.selfMs.toFixed(0)} | ${pct.toFixed(1)} |`,
      );
    });
  return lines.join('\n');
}
