/**
 * Effective lexical facets of a simple type: follows the restriction chain to the built-in base
 * and collects patterns (alternatives within one derivation step, all steps must match),
 * length facets, enumerations and whiteSpace, so probe values can be tested without an engine.
 */
import { attr, clarkName, resolveQName, XSD_NS, type SchemaSetModel, type XsdNode } from './schema-model.ts';
import { compileXsdPattern } from './xsd-regex.ts';

export interface EffectiveFacets {
  /** Local name of the built-in base type (string, token, positiveInteger, ...), or null if unknown. */
  readonly builtin: string | null;
  /** One entry per derivation step that has patterns: a value must match one pattern of every step. */
  readonly patternSteps: readonly (readonly RegExp[])[];
  /** Patterns that could not be translated (probing is then unreliable). */
  readonly untranslatable: readonly string[];
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly enumerations: readonly string[] | null;
  readonly whiteSpace: 'preserve' | 'replace' | 'collapse';
}

const STRING_BUILTINS = new Set(['string', 'normalizedString', 'token']);

function restrictionOf(simpleType: XsdNode): XsdNode | undefined {
  return simpleType.children.find((c) => c.kind === 'restriction');
}

/** Effective facets of a simpleType node (named or anonymous). Returns null for list/union types or cycles. */
export function effectiveFacets(model: SchemaSetModel, simpleType: XsdNode): EffectiveFacets | null {
  const patternSteps: RegExp[][] = [];
  const untranslatable: string[] = [];
  let minLength: number | null = null;
  let maxLength: number | null = null;
  let enumerations: string[] | null = null;
  let whiteSpace: EffectiveFacets['whiteSpace'] | null = null;
  let builtin: string | null = null;
  const seen = new Set<XsdNode>();
  let current: XsdNode | undefined = simpleType;
  while (current) {
    if (seen.has(current)) return null;
    seen.add(current);
    const restriction = restrictionOf(current);
    if (!restriction) return null; // list or union
    const stepPatterns: RegExp[] = [];
    for (const facet of restriction.children) {
      const value = attr(facet, 'value');
      if (value === undefined) continue;
      switch (facet.kind) {
        case 'pattern': {
          const re = compileXsdPattern(value);
          if (re) stepPatterns.push(re);
          else untranslatable.push(value);
          break;
        }
        case 'length':
          minLength = Math.max(minLength ?? 0, Number(value));
          maxLength = Math.min(maxLength ?? Infinity, Number(value));
          break;
        case 'minLength':
          minLength = Math.max(minLength ?? 0, Number(value));
          break;
        case 'maxLength':
          maxLength = Math.min(maxLength ?? Infinity, Number(value));
          break;
        case 'enumeration':
          // The most derived step with enumerations wins (they restrict the base's).
          break;
        case 'whiteSpace':
          whiteSpace ??= value as EffectiveFacets['whiteSpace'];
          break;
      }
    }
    const enums = restriction.children
      .filter((f) => f.kind === 'enumeration')
      .map((f) => attr(f, 'value') ?? '');
    if (enums.length > 0 && enumerations === null) enumerations = enums;
    if (stepPatterns.length > 0) patternSteps.push(stepPatterns);
    const base = attr(restriction, 'base');
    if (base === undefined) {
      current = restriction.children.find((c) => c.kind === 'simpleType');
      continue;
    }
    const qname = resolveQName(restriction, base);
    if (qname.namespace === XSD_NS) {
      builtin = qname.local;
      break;
    }
    current = model.components.get('simpleType')?.get(clarkName(qname));
    if (!current) break; // unresolved base: facets so far only
  }
  const defaultWs =
    builtin === 'string' ? 'preserve' : builtin === 'normalizedString' ? 'replace' : 'collapse';
  return {
    builtin,
    patternSteps,
    untranslatable,
    minLength,
    maxLength: maxLength === Infinity ? null : maxLength,
    enumerations,
    whiteSpace: whiteSpace ?? defaultWs,
  };
}

/** True when the built-in base is string-like, so the lexical probes below are meaningful. */
export function isStringBased(facets: EffectiveFacets): boolean {
  return facets.builtin === null || STRING_BUILTINS.has(facets.builtin);
}

function normalizeWhiteSpace(value: string, mode: EffectiveFacets['whiteSpace']): string {
  if (mode === 'preserve') return value;
  const replaced = value.replace(/[\t\n\r]/g, ' ');
  return mode === 'replace' ? replaced : replaced.replace(/ +/g, ' ').trim();
}

/** Whether a string-based type's facets accept a lexical value. */
export function acceptsLexical(facets: EffectiveFacets, raw: string): boolean {
  const value = normalizeWhiteSpace(raw, facets.whiteSpace);
  const length = Array.from(value).length;
  if (facets.minLength !== null && length < facets.minLength) return false;
  if (facets.maxLength !== null && length > facets.maxLength) return false;
  if (facets.enumerations !== null && !facets.enumerations.includes(value)) return false;
  return facets.patternSteps.every((step) => step.some((re) => re.test(value)));
}
