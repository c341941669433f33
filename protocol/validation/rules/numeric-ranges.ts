/**
 * Whole-number fields and their documented ranges, checked with exact integers (the 2^64 - 1
 * bounds exceed what some engines compare exactly).
 */
import { findAttribute } from '../../xml/tree.ts';
import { collapsedText, quote } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';
import { XSI_NS } from '../sksml-names.ts';
import { MAX_UNSIGNED_64, parseXsdBoolean, parseXsdInteger } from '../values.ts';

interface RangeSpec {
  readonly min: bigint;
  readonly max: bigint;
  readonly requirement: string;
  readonly unit: string;
}

const RANGES: Readonly<Record<string, RangeSpec>> = {
  PermittedDuration: { min: 1n, max: MAX_UNSIGNED_64, requirement: 'SKSML-MSG-26', unit: 'seconds' }, // SKSML-MSG-26
  PermittedNumberOfTransactions: {
    min: 1n,
    max: MAX_UNSIGNED_64,
    requirement: 'SKSML-MSG-26',
    unit: 'encryptions',
  }, // SKSML-MSG-26
  MaximumKeys: { min: 0n, max: MAX_UNSIGNED_64, requirement: 'SKSML-MSG-35', unit: 'keys' }, // SKSML-MSG-35
  MaximumDuration: { min: 0n, max: MAX_UNSIGNED_64, requirement: 'SKSML-MSG-35', unit: 'seconds' }, // SKSML-MSG-35
  RequestCheckInterval: { min: 60n, max: 604800n, requirement: 'SKSML-MSG-14', unit: 'seconds' }, // SKSML-MSG-14
  PolicyCheckInterval: { min: 0n, max: 2592000n, requirement: 'SKSML-MSG-34', unit: 'seconds' }, // SKSML-MSG-34
};

export const numericRangesRule: SemanticRule = {
  name: 'numeric-ranges',
  requirements: ['SKSML-MSG-14', 'SKSML-MSG-26', 'SKSML-MSG-34', 'SKSML-MSG-35'],
  codes: ['SEM_VALUE_NOT_INTEGER', 'SEM_VALUE_OUT_OF_RANGE'],
  check(ctx) {
    for (const [name, spec] of Object.entries(RANGES)) {
      for (const at of ctx.sksml(name)) {
        const nil = findAttribute(at.element, XSI_NS, 'nil');
        if (nil && parseXsdBoolean(nil.value) === true) continue; // the any/nil rule covers nil elements
        const text = collapsedText(at.element);
        if (text === '' && name.startsWith('Permitted')) continue; // empty permission: any/nil rule
        const value = parseXsdInteger(text);
        if (value === null) {
          ctx.report(at, {
            code: 'SEM_VALUE_NOT_INTEGER',
            requirement: spec.requirement,
            severity: 'error',
            message: `${name} ${quote(text)} is not a whole number of ${spec.unit}`,
          });
        } else if (value < spec.min || value > spec.max) {
          ctx.report(at, {
            code: 'SEM_VALUE_OUT_OF_RANGE',
            requirement: spec.requirement,
            severity: 'error',
            message: `${name} ${quote(text)} is outside ${spec.min}..${spec.max} ${spec.unit}`,
          });
        }
      }
    }
  },
};
