/**
 * Small typed readers for JSON values with error collection: each reader returns the value or
 * undefined and records a ConfigIssue naming the field path. Unknown keys are issues too.
 */
import type { ConfigIssue, ConfigWarning } from './config-error.ts';

const MAX_U64 = 18446744073709551615n;

/** What every reader needs: where problems go, and the folder relative paths start from. */
export interface ReadContext {
  readonly issues: ConfigIssue[];
  readonly warnings: ConfigWarning[];
  readonly baseDir: string;
}

export function createReadContext(baseDir: string): ReadContext {
  return { issues: [], warnings: [], baseDir };
}

export function report(ctx: ReadContext, path: string, message: string): undefined {
  ctx.issues.push({ path, message });
  return undefined;
}

export function warn(ctx: ReadContext, path: string, message: string): void {
  ctx.warnings.push({ path, message });
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

export type JsonObject = Readonly<Record<string, unknown>>;

/** Keys that point operators at the right field instead of a bare "unknown key". */
const HINTS: Readonly<Record<string, string>> = {
  pin: 'PINs are never written in the configuration: name an environment variable with "pinEnv"',
  password: 'passwords are never written in the configuration: use an environment variable',
  connectionString:
    'connection strings may hold passwords and are never written in the configuration: use "connectionStringEnv"',
  key: 'key material is never written in the configuration: use "file" or "env"',
  tls: 'TLS is not supported by the reference server yet: terminate TLS in front of it',
};

/**
 * Reads an object whose keys must be among `required` and `optional` (plus `$comment`, ignored).
 * Missing required keys and unknown keys are issues. Returns undefined when `value` is not an object.
 */
export function readObject(
  ctx: ReadContext,
  path: string,
  value: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): JsonObject | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return report(ctx, path, `must be an object, found ${describe(value)}`);
  const obj = value as JsonObject;
  for (const key of Object.keys(obj)) {
    if (key === '$comment' || required.includes(key) || optional.includes(key)) continue;
    const hint = Object.hasOwn(HINTS, key) ? `: ${HINTS[key]}` : '';
    const allowed = [...required, ...optional].map((k) => `"${k}"`).join(', ');
    report(ctx, join(path, key), `unknown key${hint} (allowed here: ${allowed})`);
  }
  for (const key of required) if (!Object.hasOwn(obj, key)) report(ctx, join(path, key), 'is required');
  return obj;
}

/** The value of `key` when present (own property), else undefined. */
export function field(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function readString(
  ctx: ReadContext,
  path: string,
  value: unknown,
  options: { maxLength?: number; allowBlank?: boolean; pattern?: RegExp; patternText?: string } = {},
): string | undefined {
  if (typeof value !== 'string') return report(ctx, path, `must be a string, found ${describe(value)}`);
  if (!options.allowBlank && value.trim() === '') return report(ctx, path, 'must not be empty');
  if (options.maxLength !== undefined && [...value].length > options.maxLength)
    return report(ctx, path, `must be at most ${options.maxLength} characters`);
  if (options.pattern !== undefined && !options.pattern.test(value))
    return report(ctx, path, `must be ${options.patternText ?? `of the form ${String(options.pattern)}`}`);
  return value;
}

export function readBoolean(ctx: ReadContext, path: string, value: unknown): boolean | undefined {
  if (typeof value !== 'boolean') return report(ctx, path, `must be true or false, found ${describe(value)}`);
  return value;
}

/** An integer given as a JSON number (safe integer) in [min, max]. */
export function readInteger(
  ctx: ReadContext,
  path: string,
  value: unknown,
  min: number,
  max: number,
): number | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    return report(
      ctx,
      path,
      `must be a whole number, found ${typeof value === 'number' ? String(value) : describe(value)}`,
    );
  if (value < min || value > max)
    return report(ctx, path, `must be between ${min} and ${max}, found ${value}`);
  return value;
}

/**
 * An unsigned 64-bit integer in [min, max]: a JSON number that is a safe integer, or a decimal
 * string without sign or leading zeros (for values above 2^53).
 */
export function readU64(
  ctx: ReadContext,
  path: string,
  value: unknown,
  min: bigint,
  max: bigint = MAX_U64,
): bigint | undefined {
  let n: bigint;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      return report(
        ctx,
        path,
        `must be a whole number; write values above ${Number.MAX_SAFE_INTEGER} as a decimal string`,
      );
    n = BigInt(value);
  } else if (typeof value === 'string') {
    if (!/^(?:0|[1-9][0-9]{0,19})$/.test(value))
      return report(ctx, path, 'must be a decimal number without sign, spaces or leading zeros');
    n = BigInt(value);
  } else {
    return report(ctx, path, `must be a number or a decimal string, found ${describe(value)}`);
  }
  if (n < min || n > max) return report(ctx, path, `must be between ${min} and ${max}, found ${n}`);
  return n;
}

export function readEnum<T extends string>(
  ctx: ReadContext,
  path: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    return report(
      ctx,
      path,
      `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, found ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`,
    );
  return value as T;
}

export function readArray(
  ctx: ReadContext,
  path: string,
  value: unknown,
  options: { minItems?: number; maxItems?: number } = {},
): readonly unknown[] | undefined {
  if (!Array.isArray(value)) return report(ctx, path, `must be an array, found ${describe(value)}`);
  if (options.minItems !== undefined && value.length < options.minItems)
    return report(
      ctx,
      path,
      `must have at least ${options.minItems} item${options.minItems === 1 ? '' : 's'}`,
    );
  if (options.maxItems !== undefined && value.length > options.maxItems)
    return report(ctx, path, `must have at most ${options.maxItems} items`);
  return value as readonly unknown[];
}

/** Names of environment variables: letters, digits and underscores, not starting with a digit. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readEnvName(ctx: ReadContext, path: string, value: unknown): string | undefined {
  return readString(ctx, path, value, {
    maxLength: 128,
    pattern: ENV_NAME,
    patternText: 'an environment variable name (letters, digits, underscore; not starting with a digit)',
  });
}
