/**
 * Semantic validation of SKSML messages beyond what XSD 1.0 can check, on the XML tree (so it
 * also reports problems a typed model cannot represent). Runs on schema-invalid documents too.
 */
import type { XmlDocument, XmlElement } from '../xml/tree.ts';
import type { SemanticFinding } from './finding.ts';
import { locateSksmlMessage } from './locate-message.ts';
import { createRuleContext } from './rule-context.ts';
import type { SemanticRule } from './rule.ts';
import { anyNilRule } from './rules/any-nil.ts';
import { applicationDigestRule } from './rules/application-digest.ts';
import { cachePolicyRule } from './rules/cache-policy.ts';
import { coordinatesRule } from './rules/coordinates.ts';
import { duplicatesRule } from './rules/duplicates.ts';
import { encryptionCertificateRule } from './rules/encryption-certificate.ts';
import { identifiersRule } from './rules/identifiers.ts';
import { keyAlgorithmSizeRule } from './rules/key-algorithm-size.ts';
import { keyClassesRule } from './rules/key-classes.ts';
import { mixedTextRule } from './rules/mixed-text.ts';
import { namespacesRule } from './rules/namespaces.ts';
import { numericRangesRule } from './rules/numeric-ranges.ts';
import { permittedDatesRule } from './rules/permitted-dates.ts';
import { permittedTimesRule } from './rules/permitted-times.ts';
import { responseContentRule } from './rules/response-content.ts';
import { statusOtherRule } from './rules/status-other.ts';

export const SEMANTIC_RULES: readonly SemanticRule[] = [
  namespacesRule,
  responseContentRule,
  identifiersRule,
  keyClassesRule,
  duplicatesRule,
  encryptionCertificateRule,
  mixedTextRule,
  keyAlgorithmSizeRule,
  statusOtherRule,
  anyNilRule,
  applicationDigestRule,
  permittedDatesRule,
  coordinatesRule,
  numericRangesRule,
  permittedTimesRule,
  cachePolicyRule,
];

/**
 * Runs every rule on one SKSML message element. `basePath` is the path of its parent
 * ('' when it is the document root). Findings come in document order.
 */
export function validateMessageSemantics(message: XmlElement, basePath = ''): SemanticFinding[] {
  const findings: SemanticFinding[] = [];
  const ctx = createRuleContext(message, findings, basePath);
  for (const rule of SEMANTIC_RULES) {
    try {
      rule.check(ctx);
    } catch (e) {
      // Fail closed: a rule that cannot finish makes the document invalid rather than silently passing.
      findings.push({
        code: 'SEM_RULE_FAILED',
        requirement: rule.requirements[0] ?? 'SKSML-MSG-1',
        severity: 'error',
        message: `semantic rule '${rule.name}' could not check this document: ${e instanceof Error ? e.message : String(e)}`,
        path: `${basePath}/${message.localName}`,
        line: message.position.line,
        column: message.position.column,
      });
    }
  }
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.line - b.f.line || a.f.column - b.f.column || a.i - b.i)
    .map(({ f }) => f);
}

/**
 * Semantic findings for a parsed document: a bare SKSML message, or a SOAP envelope whose Body
 * holds one (paths then start at /Envelope/Body). [] means no problem found.
 */
export function validateSemantics(doc: XmlDocument): SemanticFinding[] {
  const located = locateSksmlMessage(doc);
  if (!located.ok) return [located.finding];
  return validateMessageSemantics(located.message, located.basePath);
}
