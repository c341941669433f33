/** Checks applied while serializing a typed value, so that only valid messages are written. */
import { isXmlText } from '../../xml/writer.ts';
import { ModelError } from '../model-error.ts';
import { LexicalError, characterCount } from '../parse/lexical.ts';
import { InvalidIdentifierError } from '../identifiers.ts';

export function invalid(path: string, detail: string, requirement?: string): ModelError {
  return new ModelError(
    'MODEL_INVALID_VALUE',
    `cannot serialize: ${detail}`,
    path,
    requirement ? { requirement } : {},
  );
}

/** A string of XML characters with at most `max` characters. */
export function checkString(path: string, value: string, max: number, requirement?: string): string {
  if (typeof value !== 'string') throw invalid(path, 'not a string', requirement);
  if (!isXmlText(value)) throw invalid(path, 'contains characters XML does not allow', requirement);
  if (characterCount(value) > max) throw invalid(path, `longer than ${max} characters`, requirement);
  return value;
}

export function checkOneOf<T>(path: string, value: T, values: readonly T[], requirement?: string): T {
  if (!values.includes(value)) throw invalid(path, `not one of ${values.join(', ')}`, requirement);
  return value;
}

export function checkBigint(
  path: string,
  value: bigint,
  min: bigint,
  max: bigint,
  requirement?: string,
): string {
  if (typeof value !== 'bigint' || value < min || value > max)
    throw invalid(path, `not in ${min}..${max}`, requirement);
  return value.toString();
}

export function checkInteger(
  path: string,
  value: number,
  min: number,
  max: number,
  requirement?: string,
): string {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw invalid(path, `not an integer in ${min}..${max}`, requirement);
  return String(value);
}

export function checkNonEmpty<T>(
  path: string,
  list: readonly T[] | undefined,
  requirement?: string,
): readonly T[] {
  if (list === undefined || list.length === 0) throw invalid(path, 'needs at least one item', requirement);
  return list;
}

/** Runs a lexical/identifier check (from the parse side) and reports failure at `path`. */
export function checkLexical<T>(
  path: string,
  run: () => T,
  requirement?: string,
  code: 'MODEL_INVALID_VALUE' | 'MODEL_INVALID_ID' = 'MODEL_INVALID_VALUE',
): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof LexicalError || e instanceof InvalidIdentifierError)
      throw new ModelError(code, `cannot serialize: ${e.message}`, path, requirement ? { requirement } : {});
    throw e;
  }
}

export function checkBytes(
  path: string,
  value: Uint8Array,
  maxBytes = Infinity,
  requirement?: string,
): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalid(path, 'not bytes', requirement);
  if (value.length > maxBytes) throw invalid(path, `longer than ${maxBytes} bytes`, requirement);
  return value;
}
