/**
 * Helpers for the semantic-rule tests: read the hand-written examples of spec/examples, change
 * one thing, and look at what the rules report.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseXml } from '../xml/intake.ts';
import type { SemanticFinding } from './finding.ts';
import { validateSemantics } from './validate-semantics.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../spec/examples/', import.meta.url));

export function readExample(relativePath: string): string {
  return readFileSync(`${EXAMPLES_DIR}${relativePath}`, 'utf8');
}

/** Replaces the first occurrence of `from` (which must occur, so a test cannot pass by accident). */
export function mutate(text: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? text.includes(from) : from.test(text);
  if (!found) throw new Error(`test setup: ${String(from)} does not occur in the document`);
  return text.replace(from, to);
}

export function findingsOf(xml: string): SemanticFinding[] {
  return validateSemantics(parseXml(xml));
}

export function codesOf(xml: string): string[] {
  return findingsOf(xml).map((f) => f.code);
}

/** The valid response example (restricted Symkey[1], unrestricted Symkey[2], WIP, error). */
export const RESPONSE = (): string => readExample('valid/symkey-response.xml');
export const KCP_RESPONSE = (): string => readExample('valid/kcp-response.xml');
export const NEW_KEY_REQUEST = (): string => readExample('valid/symkey-request-new-key.xml');
export const EXISTING_KEY_REQUEST = (): string => readExample('valid/symkey-request-existing-keys.xml');
export const POLL_REQUEST = (): string => readExample('valid/symkey-request-poll.xml');
