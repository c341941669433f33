/**
 * The static lint rules over a schema set model. Each rule looks only at documents whose target
 * namespace is analysed (the SKSML namespace by default); imported W3C schemas are compiled by
 * the engines but are not the committee's to fix.
 */
import type { LintFinding } from './findings.ts';
import { LINT_RULES } from './findings.ts';
import {
  attr,
  clarkName,
  componentPath,
  descendants,
  documentationOf,
  line,
  resolveQName,
  XSD_NS,
  type QName,
  type SchemaDocument,
  type SchemaSetModel,
  type XsdNode,
} from './schema-model.ts';
import { acceptsLexical, effectiveFacets, isStringBased } from './simple-types.ts';

export const UINT64_MAX = 18446744073709551615n;

function finding(node: XsdNode, rest: Omit<LintFinding, 'file' | 'line'>): LintFinding {
  return { file: node.document.file, line: line(node), ...rest };
}

/** Named types, groups and attribute groups that no attribute of any document refers to. */
export function findUnusedTypes(model: SchemaSetModel, analysed: readonly SchemaDocument[]): LintFinding[] {
  const referenced = new Set<string>();
  for (const doc of model.documents) {
    for (const node of descendants(doc.root)) {
      for (const name of ['type', 'base', 'itemType', 'ref', 'substitutionGroup']) {
        const v = attr(node, name);
        if (v !== undefined) referenced.add(clarkName(resolveQName(node, v)));
      }
      const members = attr(node, 'memberTypes');
      if (members !== undefined)
        for (const m of members.trim().split(/\s+/)) referenced.add(clarkName(resolveQName(node, m)));
    }
  }
  const out: LintFinding[] = [];
  for (const doc of analysed) {
    for (const top of doc.root.children) {
      if (!['simpleType', 'complexType', 'group', 'attributeGroup'].includes(top.kind)) continue;
      const name = attr(top, 'name');
      if (name === undefined) continue;
      if (referenced.has(clarkName({ namespace: doc.targetNamespace, local: name }))) continue;
      out.push(
        finding(top, {
          rule: LINT_RULES.unusedType,
          severity: 'warning',
          component: name,
          message: `${top.kind} ${name} is defined but never used by any element, attribute or type of the set`,
        }),
      );
    }
  }
  return out;
}

/** The particle (element/any/group/sequence/choice/all) children of a content-model node. */
function particles(node: XsdNode): XsdNode[] {
  return node.children.filter((c) =>
    ['element', 'any', 'group', 'sequence', 'choice', 'all'].includes(c.kind),
  );
}

function hasElementContent(model: SchemaSetModel, node: XsdNode): boolean {
  for (const d of descendants(node)) {
    if (d === node) continue;
    if (d.kind === 'element' || d.kind === 'any' || (d.kind === 'group' && attr(d, 'ref') !== undefined))
      return true;
    if (d.kind === 'complexType' || d.kind === 'simpleType') continue;
    if ((d.kind === 'extension' || d.kind === 'restriction') && d.parent?.kind === 'complexContent') {
      const base = attr(d, 'base');
      if (base !== undefined) {
        const baseType = model.components.get('complexType')?.get(clarkName(resolveQName(d, base)));
        if (baseType && hasElementContent(model, baseType)) return true;
      }
    }
  }
  return false;
}

/** Complex types with element content that also allow free text (mixed="true"). */
export function findMixedContent(model: SchemaSetModel, analysed: readonly SchemaDocument[]): LintFinding[] {
  const out: LintFinding[] = [];
  for (const doc of analysed) {
    for (const node of descendants(doc.root)) {
      if (node.kind !== 'complexType') continue;
      const complexContent = node.children.find((c) => c.kind === 'complexContent');
      const mixed =
        attr(node, 'mixed') === 'true' || (complexContent && attr(complexContent, 'mixed') === 'true');
      if (!mixed || !hasElementContent(model, node)) continue;
      out.push(
        finding(node, {
          rule: LINT_RULES.mixedContent,
          severity: 'warning',
          component: componentPath(node),
          message:
            'mixed="true" on a data-carrying type: free text may appear between its child elements and has no defined meaning',
        }),
      );
    }
  }
  return out;
}

function minOccurs(node: XsdNode): number {
  const v = attr(node, 'minOccurs');
  return v === undefined ? 1 : Number(v);
}

/** Elements that must occur but may be nil. */
export function findRequiredNillable(
  model: SchemaSetModel,
  analysed: readonly SchemaDocument[],
): LintFinding[] {
  const out: LintFinding[] = [];
  for (const doc of analysed) {
    for (const node of descendants(doc.root)) {
      if (node.kind !== 'element' || node.parent === doc.root) continue; // local declarations and references
      let nillable = attr(node, 'nillable') === 'true';
      const ref = attr(node, 'ref');
      if (ref !== undefined) {
        const target = model.components.get('element')?.get(clarkName(resolveQName(node, ref)));
        nillable = target !== undefined && attr(target, 'nillable') === 'true';
      }
      if (!nillable || minOccurs(node) < 1) continue;
      out.push(
        finding(node, {
          rule: LINT_RULES.requiredNillable,
          severity: 'warning',
          component: componentPath(node),
          message:
            'element is required (minOccurs >= 1) and nillable: "absent" and "nil" are two spellings of one state, and an empty required element carries no data',
        }),
      );
    }
  }
  return out;
}

/** What can start a particle: element names or wildcards. */
type FirstItem =
  { kind: 'element'; name: QName } | { kind: 'wildcard'; namespaces: string; target: string | null };

function emptiable(model: SchemaSetModel, node: XsdNode, depth = 0): boolean {
  if (minOccurs(node) === 0) return true;
  if (depth > 32) return false;
  if (node.kind === 'sequence' || node.kind === 'all')
    return particles(node).every((p) => emptiable(model, p, depth + 1));
  if (node.kind === 'choice') return particles(node).some((p) => emptiable(model, p, depth + 1));
  if (node.kind === 'group') {
    const target = groupTarget(model, node);
    return target ? particles(target).every((p) => emptiable(model, p, depth + 1)) : false;
  }
  return false;
}

function groupTarget(model: SchemaSetModel, node: XsdNode): XsdNode | undefined {
  const ref = attr(node, 'ref');
  if (ref === undefined) return undefined;
  return model.components.get('group')?.get(clarkName(resolveQName(node, ref)));
}

function elementName(node: XsdNode): QName {
  const ref = attr(node, 'ref');
  if (ref !== undefined) return resolveQName(node, ref);
  const form = attr(node, 'form') ?? attr(node.document.root, 'elementFormDefault') ?? 'unqualified';
  return {
    namespace: form === 'qualified' ? node.document.targetNamespace : null,
    local: attr(node, 'name') ?? '',
  };
}

function firstSet(model: SchemaSetModel, node: XsdNode, depth = 0): FirstItem[] {
  if (depth > 32) return [];
  switch (node.kind) {
    case 'element':
      return [{ kind: 'element', name: elementName(node) }];
    case 'any':
      return [
        {
          kind: 'wildcard',
          namespaces: attr(node, 'namespace') ?? '##any',
          target: node.document.targetNamespace,
        },
      ];
    case 'group': {
      const target = groupTarget(model, node);
      return target ? particles(target).flatMap((p) => firstSet(model, p, depth + 1)) : [];
    }
    case 'choice':
    case 'all':
      return particles(node).flatMap((p) => firstSet(model, p, depth + 1));
    case 'sequence': {
      const out: FirstItem[] = [];
      for (const p of particles(node)) {
        out.push(...firstSet(model, p, depth + 1));
        if (!emptiable(model, p)) break;
      }
      return out;
    }
    default:
      return [];
  }
}

function wildcardMatches(w: Extract<FirstItem, { kind: 'wildcard' }>, ns: string | null): boolean {
  const tokens = w.namespaces.trim().split(/\s+/);
  if (tokens.includes('##any')) return true;
  if (tokens.includes('##other')) return ns !== null && ns !== w.target;
  return tokens.some((t) =>
    t === '##targetNamespace' ? ns === w.target : t === '##local' ? ns === null : t === (ns ?? ''),
  );
}

function overlap(a: FirstItem, b: FirstItem): boolean {
  if (a.kind === 'element' && b.kind === 'element')
    return a.name.local === b.name.local && a.name.namespace === b.name.namespace;
  if (a.kind === 'wildcard' && b.kind === 'element') return wildcardMatches(a, b.name.namespace);
  if (a.kind === 'element' && b.kind === 'wildcard') return wildcardMatches(b, a.name.namespace);
  return true; // two wildcards in one choice: treat as overlapping
}

function describe(item: FirstItem): string {
  return item.kind === 'element' ? item.name.local : `xsd:any namespace="${item.namespaces}"`;
}

/** Choices whose branches can start with the same element (a UPA violation), wildcards in particular. */
export function findAmbiguousChoices(
  model: SchemaSetModel,
  analysed: readonly SchemaDocument[],
): LintFinding[] {
  const out: LintFinding[] = [];
  for (const doc of analysed) {
    for (const node of descendants(doc.root)) {
      if (node.kind !== 'choice') continue;
      const branches = particles(node).map((p) => firstSet(model, p));
      const clashes: { a: FirstItem; b: FirstItem }[] = [];
      for (let i = 0; i < branches.length; i++)
        for (let j = i + 1; j < branches.length; j++)
          for (const a of branches[i] ?? [])
            for (const b of branches[j] ?? []) if (overlap(a, b)) clashes.push({ a, b });
      if (clashes.length === 0) continue;
      const withWildcard = clashes.filter((c) => c.a.kind === 'wildcard' || c.b.kind === 'wildcard');
      const shown = (withWildcard.length > 0 ? withWildcard : clashes)
        .slice(0, 4)
        .map((c) => `${describe(c.a)} / ${describe(c.b)}`)
        .join('; ');
      out.push(
        finding(node, {
          rule: withWildcard.length > 0 ? LINT_RULES.wildcardBesideElements : LINT_RULES.ambiguousChoice,
          severity: 'error',
          component: componentPath(node.parent ?? node),
          message:
            withWildcard.length > 0
              ? `a wildcard in this choice can match the same elements as another branch (Unique Particle Attribution violation; strict XSD 1.0 processors refuse the schema): ${shown}`
              : `two branches of this choice can start with the same element (Unique Particle Attribution violation): ${shown}`,
        }),
      );
    }
  }
  return out;
}

/** The documented maximum of a type's numeric parts: the largest long integer in its documentation. */
export function documentedMaximum(documentation: string): bigint | null {
  let max: bigint | null = null;
  for (const m of documentation.matchAll(/(?<![0-9])[0-9]{10,}(?![0-9])/g)) {
    const v = BigInt(m[0]);
    if (max === null || v > max) max = v;
  }
  return max;
}

/** Documentation wording that says a bound is enforced outside the schema on purpose. */
const DEFERRAL =
  /semantic (rule|check|validation)s?|checked (by|outside|elsewhere|in code)|enforced (by|outside|elsewhere|in code)|not (expressed|enforced|expressible) (by|in) (the |this )?(schema|pattern)/i;

const SYNTHETIC_SEEDS = ['1', '1-1', '1-1-1', '1-1-1-1', '10514-2-3', '12', '12-34', '12-34-56'];

/** Simple types whose patterns admit numbers above the documented range, or leading zeros. */
export function findPatternRangeDefects(
  model: SchemaSetModel,
  analysed: readonly SchemaDocument[],
): LintFinding[] {
  const out: LintFinding[] = [];
  for (const doc of analysed) {
    for (const node of descendants(doc.root)) {
      if (node.kind !== 'simpleType') continue;
      const restriction = node.children.find((c) => c.kind === 'restriction');
      if (!restriction?.children.some((c) => c.kind === 'pattern')) continue;
      const facets = effectiveFacets(model, node);
      if (!facets || !isStringBased(facets)) continue;
      const component = componentPath(node);
      if (facets.untranslatable.length > 0) {
        out.push(
          finding(node, {
            rule: LINT_RULES.patternNotAnalysed,
            severity: 'info',
            component,
            message: `pattern not analysed (unsupported regular-expression construct): ${facets.untranslatable.join(' | ')}`,
          }),
        );
        continue;
      }
      const documentation = documentationOf(node) + ' ' + documentationOf(node.parent ?? node);
      const documented = documentedMaximum(documentation);
      const seeds = [...(documentation.match(/[0-9]+(?:-[0-9]+)*/g) ?? []), ...SYNTHETIC_SEEDS];
      const seed = seeds.filter((s) => acceptsLexical(facets, s)).sort((a, b) => a.length - b.length)[0];
      if (seed === undefined) continue;
      const runs = [...seed.matchAll(/[0-9]+/g)];
      // Without a documented maximum, a part long enough for 20 digits is taken as a 64-bit value.
      const maximum = documented ?? UINT64_MAX;
      const tooBig: string[] = [];
      const leadingZeros: string[] = [];
      runs.forEach((run, k) => {
        const at = run.index;
        const replace = (v: string): string => seed.slice(0, at) + v + seed.slice(at + run[0].length);
        // Only digit-only parts are numbers; a free-text pattern that happens to accept digits is not probed.
        if (acceptsLexical(facets, replace('x'))) return;
        const above = (maximum + 1n).toString();
        if (acceptsLexical(facets, replace(above))) {
          const twentyNines = '9'.repeat(above.length);
          const worst = acceptsLexical(facets, replace(twentyNines)) ? twentyNines : above;
          tooBig.push(`part ${k + 1} accepts ${worst} (e.g. "${replace(above)}")`);
        }
        const padded = `0${run[0]}`;
        if (acceptsLexical(facets, replace(padded)))
          leadingZeros.push(`part ${k + 1} ("${replace(padded)}")`);
      });
      if (tooBig.length > 0) {
        // An error when the documentation states the maximum as part of the type and does not say
        // that something other than the schema enforces it; otherwise a warning.
        const deferred = DEFERRAL.test(documentation);
        const severity = documented !== null && !deferred ? 'error' : 'warning';
        const basis =
          documented === null
            ? 'assumed 64-bit'
            : deferred
              ? 'documented (enforced outside the schema)'
              : 'documented';
        out.push(
          finding(node, {
            rule: LINT_RULES.patternExceedsRange,
            severity,
            component,
            message: `pattern admits values above the ${basis} maximum ${maximum}: ${tooBig.join('; ')}`,
          }),
        );
      }
      if (leadingZeros.length > 0) {
        out.push(
          finding(node, {
            rule: LINT_RULES.patternLeadingZeros,
            severity: 'warning',
            component,
            message: `pattern admits leading zeros, so one number has several spellings: ${leadingZeros.join('; ')}`,
          }),
        );
      }
    }
  }
  return out;
}

/** Documents whose target namespace is analysed. */
export function analysedDocuments(model: SchemaSetModel, namespaces: readonly string[]): SchemaDocument[] {
  return model.documents.filter((d) => d.targetNamespace !== null && namespaces.includes(d.targetNamespace));
}

export { XSD_NS };
