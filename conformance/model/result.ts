/** The one result model every report is written from. */

export type CaseStatus = 'pass' | 'fail' | 'error' | 'skip';

/** The bytes and headers of one HTTP exchange, exactly as sent and received. */
export interface HttpEvidence {
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    /** The body as text (UTF-8); cut at EVIDENCE_TEXT_LIMIT characters when `truncated`. */
    readonly body: string;
    readonly bodyBytes: number;
    readonly bodySha256: string;
    readonly truncated: boolean;
  };
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    readonly bodyBytes: number;
    readonly bodySha256: string;
    readonly truncated: boolean;
  } | null;
  /** Why no response was received (network error, timeout). */
  readonly transportError?: string;
}

export interface StepEvidence {
  readonly step: string;
  readonly exchange: HttpEvidence;
  /** The full request body, kept in memory so reports can save it for a curl replay. */
  readonly requestBody: Uint8Array;
}

/** One broken requirement found while judging a case. */
export interface Finding {
  readonly requirements: readonly string[];
  readonly step: string;
  /** Name of the check or expectation part that failed. */
  readonly check: string;
  readonly message: string;
}

export interface CaseResult {
  readonly id: string;
  readonly title: string;
  readonly requirements: readonly string[];
  readonly status: CaseStatus;
  /** Pass: empty. Fail: the broken requirements. Error/skip: the reason. */
  readonly findings: readonly Finding[];
  readonly reason?: string;
  readonly durationMs: number;
  readonly evidence: readonly StepEvidence[];
}

export interface RunSummary {
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  readonly error: number;
  readonly skip: number;
  readonly durationMs: number;
}

export interface RunResult {
  readonly startedAt: string;
  readonly target: { readonly name: string; readonly url: string };
  readonly profile: ProfileSummary;
  readonly results: readonly CaseResult[];
  /** Cases of the suite that were not selected (--only): reported as untested. */
  readonly unselected: readonly { readonly id: string; readonly title: string }[];
  readonly summary: RunSummary;
}

/** What reports say about the profile (never private keys). */
export interface ProfileSummary {
  readonly soapVersion: '1.1' | '1.2';
  readonly domainId: string;
  readonly keyClasses: readonly string[];
  readonly clients: readonly { readonly subject: string; readonly fingerprint256: string }[];
  readonly capabilities: readonly string[];
}

export const EVIDENCE_TEXT_LIMIT = 65_536;

export function summarize(results: readonly CaseResult[], durationMs: number): RunSummary {
  const count = (s: CaseResult['status']): number => results.filter((r) => r.status === s).length;
  return {
    total: results.length,
    pass: count('pass'),
    fail: count('fail'),
    error: count('error'),
    skip: count('skip'),
    durationMs,
  };
}
