/**
 * Hardened XML intake: the single entry point for every byte of XML the project reads.
 *
 * Stages: (1) the byte limit is checked before anything is decoded; (2) only UTF-8 is accepted
 * (a UTF-8 BOM is allowed, UTF-16/UTF-32 and invalid byte sequences are refused); (3) the
 * project's own strict parser (parser.ts) builds the tree of tree.ts with a position on every
 * node, rejecting DTDs, entities other than the predefined five, processing instructions,
 * several roots, namespace errors and anything over a limit. Every failure is an
 * XmlIntakeError with a stable code (spec/error-codes.md, section "XML intake").
 */
import { decodeInput } from './decode.ts';
import { parseDocument } from './parser.ts';
import type { XmlDocument } from './tree.ts';

export { XmlIntakeError } from './intake-error.ts';
/** The source characters of an element of a document's outermost levels (parser.ts). */
export { sourceSpanOf } from './parser.ts';
export type { XmlIntakeCode } from './intake-error.ts';

export interface IntakeLimits {
  /** Largest document accepted, in bytes (UTF-8). */
  readonly maxBytes: number;
  /** Deepest element nesting accepted (the root is depth 1). */
  readonly maxDepth: number;
  /** Most attributes (namespace declarations included) on one element. */
  readonly maxAttributesPerElement: number;
  /** Most namespace declarations in the whole document. */
  readonly maxNamespaceDeclarations: number;
  /** Longest text node, attribute value or comment, in characters (UTF-16 units). */
  readonly maxTextLength: number;
  /** Most elements in the whole document. */
  readonly maxElements: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxBytes: 1024 * 1024,
  maxDepth: 64,
  maxAttributesPerElement: 32,
  maxNamespaceDeclarations: 128,
  maxTextLength: 256 * 1024,
  maxElements: 20_000,
};

export interface ParseXmlOptions {
  readonly limits?: Partial<IntakeLimits>;
}

function resolveLimits(overrides: Partial<IntakeLimits> | undefined): IntakeLimits {
  const limits = { ...DEFAULT_INTAKE_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits))
    if (typeof value !== 'number' || !(value >= 0))
      throw new RangeError(`intake limit ${name} must be a non-negative number`);
  return limits;
}

/** Parses untrusted XML into the project's tree, or throws XmlIntakeError. */
export function parseXml(input: string | Uint8Array, options: ParseXmlOptions = {}): XmlDocument {
  const limits = resolveLimits(options.limits);
  const { text, start } = decodeInput(input, limits.maxBytes);
  return parseDocument(text, start, limits);
}
