/**
 * Base of every error the project throws on purpose. `code` is stable (documented in
 * spec/error-codes.md) so callers, reports and tests match on it rather than on messages.
 */
export class SksmlError extends Error {
  readonly code: string;
  /** Requirement ID from spec/requirements.json that the failure relates to, when there is one. */
  readonly requirement: string | undefined;

  constructor(code: string, message: string, options?: { requirement?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.requirement = options?.requirement;
  }
}
