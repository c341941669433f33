/** Readers of simple-content SKSML elements: the element must have no attributes and no children. */
import {
  parseGlobalKeyID,
  parseSymkeyRequestID,
  parseTwoPartID,
  type GlobalKeyID,
  type SymkeyRequestID,
  type TwoPartID,
} from '../identifiers.ts';
import {
  checkMaxLength,
  collapseWhitespace,
  parseBase64,
  parseBoundedInteger,
  parseBoundedNumber,
  parseEnumeration,
} from './lexical.ts';
import { checkAttributes, lexical, simpleText, type Located } from './reader.ts';

/** An xsd:string element (whitespace preserved), at most `max` characters. */
export function readString(at: Located, max: number, requirement?: string): string {
  checkAttributes(at);
  const text = simpleText(at);
  return lexical(at, () => checkMaxLength(text, max), requirement ? { requirement } : {});
}

export function readEnumeration<T extends string>(
  at: Located,
  values: readonly T[],
  requirement?: string,
): T {
  checkAttributes(at);
  const text = simpleText(at);
  return lexical(at, () => parseEnumeration(text, values), requirement ? { requirement } : {});
}

export function readInteger(at: Located, min: bigint, max: bigint, requirement?: string): bigint {
  checkAttributes(at);
  const text = simpleText(at);
  return lexical(at, () => parseBoundedInteger(text, min, max), requirement ? { requirement } : {});
}

export function readNumber(at: Located, min: number, max: number, requirement?: string): number {
  checkAttributes(at);
  const text = simpleText(at);
  return lexical(at, () => parseBoundedNumber(text, min, max), requirement ? { requirement } : {});
}

export function readBase64(at: Located, maxBytes = Infinity, requirement?: string): Uint8Array {
  checkAttributes(at);
  const text = simpleText(at);
  return lexical(at, () => parseBase64(text, maxBytes), requirement ? { requirement } : {});
}

/** A collapsed simple value checked by `parse` (dates, URIs, decimals). */
export function readLexical<T>(at: Located, parse: (text: string) => T, requirement?: string): T {
  checkAttributes(at);
  const text = simpleText(at);
  return lexical(at, () => parse(text), requirement ? { requirement } : {});
}

export function readGlobalKeyID(at: Located, requirement = 'SKSML-MSG-5'): GlobalKeyID {
  checkAttributes(at);
  const text = collapseWhitespace(simpleText(at));
  return lexical(at, () => parseGlobalKeyID(text), { code: 'MODEL_INVALID_ID', requirement });
}

export function readSymkeyRequestID(at: Located): SymkeyRequestID {
  checkAttributes(at);
  const text = collapseWhitespace(simpleText(at));
  return lexical(at, () => parseSymkeyRequestID(text), {
    code: 'MODEL_INVALID_ID',
    requirement: 'SKSML-MSG-6',
  });
}

export function readTwoPartID(at: Located): TwoPartID {
  checkAttributes(at);
  const text = collapseWhitespace(simpleText(at));
  return lexical(at, () => parseTwoPartID(text), { code: 'MODEL_INVALID_ID', requirement: 'SKSML-MSG-30' });
}
