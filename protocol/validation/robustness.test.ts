import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexRequirements, loadRequirements } from '../requirements/load-requirements.ts';
import type { XmlAttribute, XmlElement, XmlNode } from '../xml/tree.ts';
import { PERMITTED_ELEMENTS, SKSML_MESSAGE_ROOTS, SKSML_NS, XSI_NS } from './sksml-names.ts';
import { SEMANTIC_RULES, validateSemantics } from './validate-semantics.ts';

const NAMES = [
  ...SKSML_MESSAGE_ROOTS,
  ...PERMITTED_ELEMENTS,
  'Symkey',
  'SymkeyError',
  'SymkeyWorkInProgress',
  'GlobalKeyID',
  'RequestedGlobalKeyID',
  'SymkeyRequestID',
  'KeyClasses',
  'KeyClass',
  'RequestedKeyClass',
  'X509EncryptionCertificate',
  'KeyUsePolicy',
  'KeyUsePolicyID',
  'KeyAlgorithm',
  'KeySize',
  'Status',
  'Permissions',
  'PermittedDate',
  'StartDate',
  'EndDate',
  'PermittedTime',
  'StartTime',
  'EndTime',
  'PermittedApplication',
  'ApplicationID',
  'DigestAlgorithm',
  'DigestValue',
  'Latitude',
  'Longitude',
  'KeyCachePolicy',
  'KeyCachePolicyID',
  'PolicyCheckInterval',
  'NewKeysCacheDetail',
  'MaximumKeys',
  'MaximumDuration',
  'RequestCheckInterval',
  'PermittedDuration',
  'Other',
  'Envelope',
  'Body',
];
const TEXTS = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '10514-0-0',
    '10514-0-5',
    '1-2',
    '00-1',
    '18446744073709551616',
    '-1',
    '2026-02-30',
    '2026-01-01',
    '25:00:00',
    '12:00:00',
    '2026-01-01T00:00:00Z',
    'x',
    'AAAA',
    '=',
    '90.5',
    'true',
    'false',
    'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
    '256',
    'Other',
  ),
);
const pos = { line: 1, column: 1, offset: 0 };

function attribute(ns: string | null, local: string, value: string): XmlAttribute {
  return {
    name: ns ? `p:${local}` : local,
    prefix: ns ? 'p' : null,
    localName: local,
    namespaceURI: ns,
    value,
    position: pos,
  };
}

const arbAttributes = fc
  .subarray([
    ['sksml-any', SKSML_NS, 'any'],
    ['xsi-nil', XSI_NS, 'nil'],
    ['bare-any', null, 'any'],
  ] as const)
  .chain((kinds) => fc.tuple(...kinds.map(([, ns, local]) => TEXTS.map((v) => attribute(ns, local, v)))));

const { tree } = fc.letrec<{ tree: XmlElement; node: XmlNode }>((tie) => ({
  tree: fc
    .record({
      local: fc.constantFrom(...NAMES),
      ns: fc.constantFrom<string | null>(
        SKSML_NS,
        SKSML_NS,
        SKSML_NS,
        null,
        'http://www.w3.org/2003/05/soap-envelope',
      ),
      attributes: arbAttributes,
      children: fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'tree' }),
    })
    .map(({ local, ns, attributes, children }): XmlElement => ({
      kind: 'element',
      name: local,
      prefix: null,
      localName: local,
      namespaceURI: ns,
      attributes,
      namespaceDeclarations: [],
      children,
      position: pos,
    })),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    TEXTS.map((value): XmlNode => ({ kind: 'text', value, cdata: false, position: pos })),
    tie('tree'),
  ),
}));

const catalogue = indexRequirements(loadRequirements());
const knownCodes = new Set([
  ...SEMANTIC_RULES.flatMap((r) => r.codes),
  'SEM_NOT_SKSML_MESSAGE',
  'SEM_ENVELOPE_NO_BODY',
  'SEM_ENVELOPE_BODY_CONTENT',
]);

const emptyRoot: XmlElement = {
  kind: 'element',
  name: 'x',
  prefix: null,
  localName: 'x',
  namespaceURI: null,
  attributes: [],
  namespaceDeclarations: [],
  children: [],
  position: pos,
};
let seen = 0;

describe('semantic rules on arbitrary trees', () => {
  it('never throw, never fail internally, and report only catalogued requirements and known codes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SKSML_MESSAGE_ROOTS), fc.array(tree, { maxLength: 4 }), (name, kids) => {
        const root: XmlElement = {
          ...(kids[0] ?? emptyRoot),
          localName: name,
          name,
          namespaceURI: SKSML_NS,
          children: kids,
        };
        const findings = validateSemantics({ declaration: null, root, prolog: [], epilog: [] });
        seen += findings.length;
        for (const f of findings) {
          expect(f.code).not.toBe('SEM_RULE_FAILED');
          expect(knownCodes.has(f.code), f.code).toBe(true);
          expect(catalogue.has(f.requirement), f.requirement).toBe(true);
          expect(['error', 'warning']).toContain(f.severity);
        }
      }),
      { numRuns: 400 },
    );
    expect(seen).toBeGreaterThan(100); // the generator reaches the rules
  });

  it('every rule declares catalogued requirements', () => {
    for (const rule of SEMANTIC_RULES)
      for (const id of rule.requirements) expect(catalogue.has(id), id).toBe(true);
  });
});
