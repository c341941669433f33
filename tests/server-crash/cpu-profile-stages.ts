/**
 * Attributes a V8 CPU profile's samples to named stages. A sample goes to the FIRST ordinary stage
 * (in the order given) that matches any frame on its stack; when none does, to the `nearest`
 * stage that matches the frame closest to the leaf (code areas: the folder of the function that
 * is running, not of a caller that wraps everything, such as a transaction runner); else to
 * "other". Idle samples are left out. Listing the specific stages first (the RSA signature, the
 * SQLite calls) and the broad ones after splits the busy time into disjoint parts that add up to
 * the whole, which a per-function self-time table cannot do for a pipeline of async functions.
 */
import type { CpuProfile, CpuProfileNode, ProfileWindow } from './cpu-profile.ts';

export interface StageRule {
  readonly label: string;
  /** True when this frame belongs to the stage. */
  readonly matches: (frame: CpuProfileNode['callFrame']) => boolean;
  /** Matched only after every ordinary rule failed, by the frame nearest the leaf. */
  readonly nearest?: boolean;
}

export interface StageShare {
  readonly label: string;
  readonly micros: number;
}

export interface StageSummary {
  /** Busy (non-idle) sampled time in the window, microseconds. */
  readonly busyMicros: number;
  /** Every stage in rule order, then "other"; stages with no sample are kept (0). */
  readonly stages: readonly StageShare[];
}

export const OTHER_STAGE = 'other';

export function attributeToStages(
  profile: CpuProfile,
  rules: readonly StageRule[],
  window?: ProfileWindow,
): StageSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
  // The stage of a node depends only on its stack: computed once per node.
  const stageOfNode = new Map<number, number>();
  const stageOf = (id: number): number => {
    const known = stageOfNode.get(id);
    if (known !== undefined) return known;
    let best = rules.length;
    let nearest = rules.length;
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const node = byId.get(at);
      if (node === undefined) break;
      rules.forEach((r, index) => {
        if (!r.matches(node.callFrame)) return;
        if (r.nearest === true) {
          if (nearest === rules.length) nearest = index;
        } else if (index < best) best = index;
      });
    }
    const stage = best < rules.length ? best : nearest;
    stageOfNode.set(id, stage);
    return stage;
  };
  const micros = new Array<number>(rules.length + 1).fill(0);
  let busy = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (window !== undefined && (at < window.fromMicros || at > window.toMicros)) continue;
    const id = samples[i] as number;
    if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
    const spent = Math.max(0, deltas[i + 1] ?? 0);
    const stage = stageOf(id);
    micros[stage] = (micros[stage] ?? 0) + spent;
    busy += spent;
  }
  return {
    busyMicros: busy,
    stages: [...rules.map((r) => r.label), OTHER_STAGE].map((label, i) => ({
      label,
      micros: micros[i] ?? 0,
    })),
  };
}

/** A markdown table: stage, µs per response, share of busy time. */
export function formatStageSummary(summary: StageSummary, responses: number): string {
  const lines = ['| stage | µs per response | % of busy |', '|---|---:|---:|'];
  for (const s of summary.stages) {
    const per = responses === 0 ? 0 : s.micros / responses;
    const pct = summary.busyMicros === 0 ? 0 : (100 * s.micros) / summary.busyMicros;
    lines.push(`| ${s.label} | ${per.toFixed(0)} | ${pct.toFixed(1)} |`);
  }
  const total = responses === 0 ? 0 : summary.busyMicros / responses;
  lines.push(`| **busy, all stages** | **${total.toFixed(0)}** | 100.0 |`);
  return lines.join('\n');
}
