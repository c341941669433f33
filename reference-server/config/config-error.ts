/**
 * Errors of the server configuration. A configuration is checked as a whole: every problem found
 * becomes one ConfigIssue (the field path and what is wrong), and one ConfigError carries them all,
 * so an operator fixes the file in one pass. Messages are for the operator's console; they may
 * name file paths, but never contain secret values (PINs, keys, connection strings).
 */
import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type ConfigErrorCode =
  /** The file could not be read (missing, a directory, unreadable, too large). */
  | 'CONFIG_UNREADABLE'
  /** The file is not JSON, or has a key twice in one object. */
  | 'CONFIG_SYNTAX'
  /** The JSON is well formed but one or more fields are wrong. */
  | 'CONFIG_INVALID'
  /** A secret named by the configuration (environment variable, key file) is missing or unusable. */
  | 'CONFIG_SECRET_UNAVAILABLE';

/** One problem, located by a field path such as `keyClasses[1].keyUsePolicy.permissions.dates[0].start`. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends SksmlError {
  declare readonly code: ConfigErrorCode;
  readonly issues: readonly ConfigIssue[];

  constructor(
    code: ConfigErrorCode,
    issues: readonly ConfigIssue[],
    options: { source?: string; cause?: unknown } = {},
  ) {
    const where = options.source === undefined ? 'server configuration' : options.source;
    const lines = issues.map((i) => `  ${i.path === '' ? '(top level)' : i.path}: ${i.message}`);
    super(
      code,
      `${where}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${lines.join('\n')}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.issues = issues;
  }
}

/** A SHOULD-level remark about a valid configuration (e.g. a policy Status of Other). */
export interface ConfigWarning {
  readonly path: string;
  readonly message: string;
}
