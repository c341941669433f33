/**
 * What a validation engine says about compiling a schema set, and how its messages become lint
 * findings. Engines: libxml2 2.9 (libxmljs2), Xerces (JDK), libxml2 2.13 (xmllint-wasm).
 */
import type { LintFinding } from './findings.ts';
import { LINT_RULES } from './findings.ts';

export interface EngineMessage {
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
}

export interface EngineVerdict {
  readonly engine: string;
  readonly status: 'compiled' | 'failed' | 'unavailable';
  readonly messages: readonly EngineMessage[];
}

/** Compiles a flattened schema set (or the folder) and reports what the engine thinks of it. */
export interface EngineCompileCheck {
  readonly engine: string;
  check(): Promise<EngineVerdict>;
}

const UPA_PATTERNS = [/cos-nonambig/i, /not determinist/i, /unique particle attribution/i];

export function isUpaMessage(message: string): boolean {
  return UPA_PATTERNS.some((p) => p.test(message));
}

/** Splits `file:line: text` (libxml2 style) into its parts. */
export function parseLocatedMessage(raw: string): EngineMessage {
  const m = /^([^:\s][^:]*):(\d+):\s*(.*)$/s.exec(raw.trim());
  if (!m) return { message: raw.trim(), file: null, line: null };
  return { file: m[1] ?? null, line: Number(m[2]), message: (m[3] ?? '').trim() };
}

export function verdictFindings(verdict: EngineVerdict): LintFinding[] {
  if (verdict.status === 'unavailable') {
    return [
      {
        rule: LINT_RULES.engineUnavailable,
        severity: 'info',
        file: null,
        line: null,
        component: null,
        engine: verdict.engine,
        message: `${verdict.engine} could not be run: ${verdict.messages.map((m) => m.message).join('; ') || 'unavailable'}`,
      },
    ];
  }
  if (verdict.status === 'compiled') return [];
  const out: LintFinding[] = [];
  const seen = new Set<string>();
  for (const m of verdict.messages) {
    const key = `${m.file ?? ''}:${m.line ?? ''}:${m.message}`;
    if (seen.has(key)) continue; // engines may repeat one message (e.g. once per including document)
    seen.add(key);
    const upa = isUpaMessage(m.message);
    out.push({
      rule: upa ? LINT_RULES.upaViolation : LINT_RULES.compileFailed,
      severity: 'error',
      file: m.file,
      line: m.line,
      component: null,
      engine: verdict.engine,
      message: upa
        ? `${verdict.engine} refuses the schema set: Unique Particle Attribution violation: ${m.message}`
        : `${verdict.engine} cannot compile the schema set: ${m.message}`,
    });
  }
  if (out.length === 0) {
    out.push({
      rule: LINT_RULES.compileFailed,
      severity: 'error',
      file: null,
      line: null,
      component: null,
      engine: verdict.engine,
      message: `${verdict.engine} cannot compile the schema set (no detail given)`,
    });
  }
  return out;
}
