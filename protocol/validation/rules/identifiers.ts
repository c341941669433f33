/**
 * Identifier checks beyond the draft 8.0 patterns: numeric range of every part (2^64 - 1),
 * canonical spelling (no leading zeros), zero parts, the new-key sentinel and half-zero IDs.
 */
import type { LocatedElement, RuleContext } from '../rule-context.ts';
import { collapsedText, quote } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';
import { hasLeadingZero, MAX_UNSIGNED_64, splitIdParts } from '../values.ts';

const GLOBAL_KEY_IDS = ['GlobalKeyID', 'RequestedGlobalKeyID'] as const;
const TWO_PART_IDS = ['KeyUsePolicyID', 'KeyCachePolicyID', 'ApplicationID'] as const;

function canonical(parts: readonly string[]): string {
  const shown = parts.map((p) => p.replace(/^0+(?=[0-9])/, '')).join('-');
  return shown.length > 70 ? `${shown.slice(0, 70)}...` : shown;
}

/** Reports range and spelling problems common to every ID; returns the part values when usable. */
function checkParts(
  ctx: RuleContext,
  at: LocatedElement,
  name: string,
  text: string,
  parts: readonly string[],
  rangeRequirement: string,
): bigint[] | null {
  const tooBig = parts.filter((p) => p.length > 20 || BigInt(p) > MAX_UNSIGNED_64);
  if (tooBig.length > 0) {
    // SKSML-MSG-5 (GlobalKeyID) / SKSML-MSG-115 (other IDs)
    ctx.report(at, {
      code: 'SEM_ID_OUT_OF_RANGE',
      requirement: rangeRequirement,
      severity: 'error',
      message: `${name} ${quote(text, 70)} has a part above 18446744073709551615 (2^64-1), the largest allowed value`,
    });
  }
  if (parts.some(hasLeadingZero)) {
    // SKSML-MSG-101
    ctx.report(at, {
      code: 'SEM_ID_LEADING_ZERO',
      requirement: 'SKSML-MSG-101',
      severity: 'error',
      message: `${name} ${quote(text, 70)} has a part with a leading zero: write it as '${canonical(parts)}'`,
    });
  }
  return tooBig.length > 0 ? null : parts.map((p) => BigInt(p));
}

export const identifiersRule: SemanticRule = {
  name: 'identifiers',
  requirements: [
    'SKSML-MSG-5',
    'SKSML-MSG-10',
    'SKSML-MSG-30',
    'SKSML-MSG-101',
    'SKSML-MSG-105',
    'SKSML-MSG-115',
    'SKSML-MSG-116',
  ],
  codes: [
    'SEM_ID_MALFORMED',
    'SEM_ID_OUT_OF_RANGE',
    'SEM_ID_LEADING_ZERO',
    'SEM_ID_DOMAIN_ZERO',
    'SEM_ID_HALF_ZERO',
    'SEM_ID_ZERO_PART',
    'SEM_SENTINEL_IN_SYMKEY',
  ],
  check(ctx) {
    for (const name of GLOBAL_KEY_IDS) {
      for (const at of ctx.sksml(name)) {
        const text = collapsedText(at.element);
        const parts = splitIdParts(text, 3);
        if (!parts) {
          // SKSML-MSG-5
          ctx.report(at, {
            code: 'SEM_ID_MALFORMED',
            requirement: 'SKSML-MSG-5',
            severity: 'error',
            message: `${name} ${quote(text, 70)} is not DomainID-ServerID-KeyID (three decimal numbers joined by hyphens, e.g. 10514-2-16777215)`,
          });
          continue;
        }
        const values = checkParts(ctx, at, name, text, parts, 'SKSML-MSG-5');
        if (!values) continue;
        const [domain, server, key] = values as [bigint, bigint, bigint];
        if (domain === 0n) {
          // SKSML-MSG-105
          ctx.report(at, {
            code: 'SEM_ID_DOMAIN_ZERO',
            requirement: 'SKSML-MSG-105',
            severity: 'error',
            message: `${name} ${quote(text)} has DomainID 0: the DomainID is the organisation's IANA Private Enterprise Number and is never 0`,
          });
        }
        if ((server === 0n) !== (key === 0n)) {
          // SKSML-MSG-105 (project decision: half-zero IDs name neither a new nor an existing key)
          ctx.report(at, {
            code: 'SEM_ID_HALF_ZERO',
            requirement: 'SKSML-MSG-105',
            severity: 'error',
            message: `${name} ${quote(text)} has exactly one of ServerID and KeyID equal to 0: use ${domain}-0-0 to ask for a new key, or the full ID of an existing key (both parts non-zero)`,
          });
        }
        if (
          name === 'GlobalKeyID' &&
          server === 0n &&
          key === 0n &&
          at.parent?.element.localName === 'Symkey'
        ) {
          // SKSML-MSG-10
          ctx.report(at, {
            code: 'SEM_SENTINEL_IN_SYMKEY',
            requirement: 'SKSML-MSG-10',
            severity: 'error',
            message: `Symkey carries GlobalKeyID ${quote(text)}, the new-key sentinel (ServerID 0, KeyID 0): a delivered key must carry the real ID the server assigned to it`,
          });
        }
      }
    }
    for (const at of ctx.sksml('SymkeyRequestID')) {
      const text = collapsedText(at.element);
      const parts = splitIdParts(text, 3);
      if (!parts) {
        // SKSML-MSG-115
        ctx.report(at, {
          code: 'SEM_ID_MALFORMED',
          requirement: 'SKSML-MSG-115',
          severity: 'error',
          message: `SymkeyRequestID ${quote(text, 70)} is not DomainID-ServerID-RequestID (three decimal numbers joined by hyphens)`,
        });
        continue;
      }
      const values = checkParts(ctx, at, 'SymkeyRequestID', text, parts, 'SKSML-MSG-115');
      if (values?.some((v) => v === 0n)) {
        // SKSML-MSG-116 (tightens SKSML-MSG-6)
        ctx.report(at, {
          code: 'SEM_ID_ZERO_PART',
          requirement: 'SKSML-MSG-116',
          severity: 'error',
          message: `SymkeyRequestID ${quote(text)} has a part equal to 0: every part of a request ID is at least 1`,
        });
      }
    }
    for (const name of TWO_PART_IDS) {
      for (const at of ctx.sksml(name)) {
        const text = collapsedText(at.element);
        const parts = splitIdParts(text, 2);
        if (!parts) {
          // SKSML-MSG-30
          ctx.report(at, {
            code: 'SEM_ID_MALFORMED',
            requirement: 'SKSML-MSG-30',
            severity: 'error',
            message: `${name} ${quote(text, 70)} is not DomainID-LocalID (two decimal numbers joined by a hyphen, e.g. 10514-7)`,
          });
          continue;
        }
        const values = checkParts(ctx, at, name, text, parts, 'SKSML-MSG-115');
        if (values?.some((v) => v === 0n)) {
          // SKSML-MSG-30
          ctx.report(at, {
            code: 'SEM_ID_ZERO_PART',
            requirement: 'SKSML-MSG-30',
            severity: 'error',
            message: `${name} ${quote(text)} has a part equal to 0: both parts are at least 1`,
          });
        }
      }
    }
  },
};
