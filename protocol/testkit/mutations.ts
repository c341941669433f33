/**
 * Named mutations of SKSML documents, as pure functions over the project's XML tree. Each
 * mutation lists the sites where it applies (in document order, so the list is deterministic)
 * and applies itself at one site, returning a new tree. Used by the differential schema corpus,
 * the conformance harness and the fuzzer; names are stable because reports count by them.
 */
import fc from 'fast-check';
import { SKSML_NS, XSI_NS } from '../model/namespaces.ts';
import type { XmlAttribute, XmlElement, XmlNode, XmlPosition } from '../xml/tree.ts';
import { childElements, directText } from '../xml/tree.ts';

/** Indexes among child *elements* from the root down; [] is the root itself. */
export type ElementPath = readonly number[];

export interface MutationSite {
  readonly path: ElementPath;
  /** Local name of the element at the path. */
  readonly target: string;
  /** Which variant of the mutation (e.g. the replacement value's kind); '' when there is one. */
  readonly variant: string;
}

export interface Mutation {
  readonly name: string;
  readonly description: string;
  /** Requirement IDs (spec/requirements.json) a document mutated this way is meant to break. */
  readonly requirements: readonly string[];
  /** Every site where the mutation applies, in document order. */
  applies(root: XmlElement): MutationSite[];
  /** The mutated tree; the input is not changed. */
  apply(root: XmlElement, site: MutationSite): XmlElement;
}

/** Structural requirements broken by dropping, repeating or reordering elements. */
const STRUCTURE_REQUIREMENTS = [
  'SKSML-MSG-2',
  'SKSML-MSG-8',
  'SKSML-MSG-9',
  'SKSML-MSG-12',
  'SKSML-MSG-13',
  'SKSML-MSG-15',
  'SKSML-MSG-19',
  'SKSML-MSG-33',
];

const ORIGIN: XmlPosition = { line: 1, column: 1, offset: 0 };
export const UNKNOWN_NS = 'urn:example:sksml:wrong-namespace';

interface Located {
  readonly element: XmlElement;
  readonly path: ElementPath;
  readonly parent: XmlElement | null;
}

/** All elements with their paths, in document order. */
export function locateElements(root: XmlElement): Located[] {
  const out: Located[] = [];
  const visit = (element: XmlElement, path: ElementPath, parent: XmlElement | null): void => {
    out.push({ element, path, parent });
    childElements(element).forEach((c, i) => visit(c, [...path, i], element));
  };
  visit(root, [], null);
  return out;
}

export function elementAt(root: XmlElement, path: ElementPath): XmlElement {
  let current = root;
  for (const i of path) {
    const next = childElements(current)[i];
    if (!next) throw new RangeError(`no element at path ${path.join('/')}`);
    current = next;
  }
  return current;
}

/** Replaces the element at `path` by the result of `edit` (which may return several nodes or none). */
export function replaceAt(
  root: XmlElement,
  path: ElementPath,
  edit: (e: XmlElement) => XmlNode[],
): XmlElement {
  if (path.length === 0) {
    const result = edit(root).filter((n): n is XmlElement => n.kind === 'element');
    if (result.length !== 1) throw new RangeError('the root must stay a single element');
    return result[0] as XmlElement;
  }
  const [head, ...rest] = path;
  let elementIndex = -1;
  const children: XmlNode[] = [];
  for (const child of root.children) {
    if (child.kind !== 'element') {
      children.push(child);
      continue;
    }
    elementIndex++;
    if (elementIndex !== head) children.push(child);
    else if (rest.length === 0) children.push(...edit(child));
    else children.push(replaceAt(child, rest, edit));
  }
  return { ...root, children };
}

function text(value: string): XmlNode {
  return { kind: 'text', value, cdata: false, position: ORIGIN };
}

function withText(element: XmlElement, value: string): XmlElement {
  return { ...element, children: value === '' ? [] : [text(value)] };
}

function isLeaf(element: XmlElement): boolean {
  return childElements(element).length === 0;
}

function site(l: Located, variant = ''): MutationSite {
  return { path: l.path, target: l.element.localName, variant };
}

/** Builds a mutation that replaces the text of leaf elements chosen by name. */
function valueMutation(
  name: string,
  description: string,
  requirements: readonly string[],
  values: Readonly<
    Record<string, readonly (readonly [variant: string, value: (current: string) => string])[]>
  >,
): Mutation {
  const lookup = (variantKey: string, element: XmlElement): ((c: string) => string) | undefined =>
    values[element.localName]?.find(([v]) => v === variantKey)?.[1];
  return {
    name,
    description,
    requirements,
    applies: (root) =>
      locateElements(root).flatMap((l) =>
        l.element.namespaceURI === SKSML_NS && isLeaf(l.element) && values[l.element.localName]
          ? (values[l.element.localName] ?? []).map(([variant]) => site(l, variant))
          : [],
      ),
    apply: (root, s) =>
      replaceAt(root, s.path, (e) => {
        const make = lookup(s.variant, e);
        if (!make) throw new RangeError(`${name} does not apply to ${e.localName}/${s.variant}`);
        return [withText(e, make(directText(e)))];
      }),
  };
}

const THREE_PART_IDS = ['GlobalKeyID', 'RequestedGlobalKeyID', 'SymkeyRequestID'];
const TWO_PART_IDS = ['KeyUsePolicyID', 'KeyCachePolicyID', 'ApplicationID'];
const ALL_IDS = [...THREE_PART_IDS, ...TWO_PART_IDS];

function forIds(
  names: readonly string[],
  variants: readonly (readonly [string, (c: string) => string])[],
): Record<string, readonly (readonly [string, (c: string) => string])[]> {
  return Object.fromEntries(names.map((n) => [n, variants]));
}

function replaceLastPart(id: string, part: string): string {
  const parts = id.trim().split('-');
  parts[parts.length - 1] = part;
  return parts.join('-');
}

function replaceFirstPart(id: string, part: string): string {
  const parts = id.trim().split('-');
  parts[0] = part;
  return parts.join('-');
}

const dropElement: Mutation = {
  name: 'drop-element',
  description: 'removes one element (with its content)',
  requirements: STRUCTURE_REQUIREMENTS,
  applies: (root) =>
    locateElements(root)
      .filter((l) => l.parent !== null)
      .map((l) => site(l)),
  apply: (root, s) => replaceAt(root, s.path, () => []),
};

const duplicateElement: Mutation = {
  name: 'duplicate-element',
  description: 'repeats one element right after itself',
  requirements: STRUCTURE_REQUIREMENTS,
  applies: (root) =>
    locateElements(root)
      .filter((l) => l.parent !== null)
      .map((l) => site(l)),
  apply: (root, s) => replaceAt(root, s.path, (e) => [e, e]),
};

const swapSiblings: Mutation = {
  name: 'swap-siblings',
  description: 'swaps an element with its next sibling element of a different name',
  requirements: STRUCTURE_REQUIREMENTS,
  applies: (root) =>
    locateElements(root).flatMap((l) => {
      if (!l.parent) return [];
      const siblings = childElements(l.parent);
      const index = l.path[l.path.length - 1] as number;
      const next = siblings[index + 1];
      return next && next.localName !== l.element.localName ? [site(l, next.localName)] : [];
    }),
  apply: (root, s) => {
    const parentPath = s.path.slice(0, -1);
    const index = s.path[s.path.length - 1] as number;
    return replaceAt(root, parentPath, (parent) => {
      const elements = childElements(parent);
      const a = elements[index];
      const b = elements[index + 1];
      if (!a || !b) throw new RangeError('swap-siblings: no next sibling');
      const children = parent.children.map((n) => (n === a ? b : n === b ? a : n));
      return [{ ...parent, children }];
    });
  },
};

const idPartOverUint64 = valueMutation(
  'id-part-over-uint64',
  'an identifier part just above 2^64-1, or a 20-digit value far above it',
  ['SKSML-MSG-5', 'SKSML-MSG-30', 'SKSML-MSG-101'],
  forIds(ALL_IDS, [
    ['18446744073709551616', (c) => replaceLastPart(c, '18446744073709551616')],
    ['99999999999999999999', (c) => replaceFirstPart(c, '99999999999999999999')],
  ]),
);

const idTooManyDigits = valueMutation(
  'id-too-many-digits',
  'an identifier part with 21 digits',
  ['SKSML-MSG-5', 'SKSML-MSG-30', 'SKSML-MSG-115'],
  forIds(ALL_IDS, [['21-digits', (c) => replaceLastPart(c, '100000000000000000000')]]),
);

const idLeadingZero = valueMutation(
  'id-leading-zero',
  'an identifier part written with a leading zero',
  ['SKSML-MSG-30', 'SKSML-MSG-105', 'SKSML-MSG-115'],
  forIds(ALL_IDS, [['leading-zero', (c) => replaceFirstPart(c, `0${c.trim().split('-')[0] ?? '1'}`)]]),
);

const idZeroPart = valueMutation(
  'id-zero-part',
  'an identifier part that is zero (allowed only in the new-key sentinel)',
  ['SKSML-MSG-6', 'SKSML-MSG-30', 'SKSML-MSG-116'],
  forIds([...TWO_PART_IDS, 'SymkeyRequestID'], [['zero', (c) => replaceLastPart(c, '0')]]),
);

const integerOutOfRange = valueMutation(
  'integer-out-of-range',
  'a number just outside its documented range',
  ['SKSML-MSG-14', 'SKSML-MSG-17', 'SKSML-MSG-26', 'SKSML-MSG-27', 'SKSML-MSG-34', 'SKSML-MSG-35'],
  {
    RequestCheckInterval: [
      ['59', () => '59'],
      ['604801', () => '604801'],
    ],
    PolicyCheckInterval: [
      ['2592001', () => '2592001'],
      ['-1', () => '-1'],
    ],
    KeySize: [
      ['64', () => '64'],
      ['512', () => '512'],
    ],
    PermittedDuration: [
      ['0', () => '0'],
      ['18446744073709551616', () => '18446744073709551616'],
    ],
    PermittedNumberOfTransactions: [
      ['0', () => '0'],
      ['18446744073709551616', () => '18446744073709551616'],
    ],
    MaximumKeys: [
      ['-1', () => '-1'],
      ['18446744073709551616', () => '18446744073709551616'],
    ],
    MaximumDuration: [
      ['-1', () => '-1'],
      ['18446744073709551616', () => '18446744073709551616'],
    ],
    Latitude: [['11-digits', () => '1234.5678901']],
    Longitude: [['8-fraction-digits', () => '1.12345678']],
  },
);

const MAX_LENGTHS: Record<string, number> = {
  KeyClass: 255,
  RequestedKeyClass: 255,
  PolicyName: 255,
  ErrorCode: 255,
  ErrorMessage: 1024,
  Description: 2048,
  ApplicationName: 256,
  LocationName: 256,
  PermittedUse: 256,
  Version: 32,
};

const stringTooLong = valueMutation(
  'string-too-long',
  'a string one character longer than its maxLength',
  ['SKSML-MSG-4', 'SKSML-MSG-12', 'SKSML-MSG-15', 'SKSML-MSG-29', 'SKSML-MSG-33'],
  Object.fromEntries(
    Object.entries(MAX_LENGTHS).map(([n, max]) => [
      n,
      [[`${max + 1}-chars`, () => 'k'.repeat(max + 1)]] as const,
    ]),
  ),
);

const malformedValue = valueMutation(
  'malformed-value',
  'a value that is not in its lexical space',
  [
    'SKSML-MSG-5',
    'SKSML-MSG-7',
    'SKSML-MSG-16',
    'SKSML-MSG-18',
    'SKSML-MSG-24',
    'SKSML-MSG-25',
    'SKSML-MSG-28',
  ],
  {
    StartDate: [
      ['bad-date', () => '2024-13-45'],
      ['timezone', (c) => (c.includes('T') ? `${c.trim()}+25:00` : `${c.trim()}Z`)],
    ],
    EndDate: [['bad-date', () => '2024-02-30T25:61:00']],
    StartTime: [['bad-time', () => '24:61:00']],
    EndTime: [['fraction', () => '12:00:00.5']],
    CipherValue: [['bad-base64', () => '!!!not base64!!!']],
    X509EncryptionCertificate: [['bad-base64', () => 'A===']],
    DigestValue: [['bad-base64', () => '#']],
    KeyAlgorithm: [['unknown-uri', () => 'http://www.w3.org/2009/xmlenc11#aes256-gcm']],
    Status: [['lowercase', (c) => c.toLowerCase()]],
    PermittedDay: [['abbreviation', () => 'Mon']],
    PermittedLevel: [['unknown-level', () => 'Restricted']],
    GlobalKeyID: [['two-parts', () => '10514-1']],
  },
);

const emptyValue: Mutation = {
  name: 'empty-value',
  description: 'empties the text of a leaf element that has text',
  requirements: ['SKSML-MSG-7', 'SKSML-MSG-106'],
  applies: (root) =>
    locateElements(root)
      .filter((l) => l.parent !== null && isLeaf(l.element) && directText(l.element).trim() !== '')
      .map((l) => site(l)),
  apply: (root, s) => replaceAt(root, s.path, (e) => [withText(e, '')]),
};

const wrongNamespace: Mutation = {
  name: 'wrong-namespace',
  description: 'moves one SKSML element into another namespace',
  requirements: ['SKSML-MSG-1'],
  applies: (root) =>
    locateElements(root)
      .filter((l) => l.element.namespaceURI === SKSML_NS)
      .map((l) => site(l)),
  apply: (root, s) =>
    replaceAt(root, s.path, (e) => [
      { ...e, namespaceURI: UNKNOWN_NS, prefix: 'wrong', name: `wrong:${e.localName}` },
    ]),
};

function unknownElement(): XmlElement {
  return {
    kind: 'element',
    name: 'ekmi:UnknownElement',
    prefix: 'ekmi',
    localName: 'UnknownElement',
    namespaceURI: SKSML_NS,
    attributes: [],
    namespaceDeclarations: [],
    children: [text('unexpected')],
    position: ORIGIN,
  };
}

const insertUnknownElement: Mutation = {
  name: 'insert-unknown-element',
  description:
    'inserts an undeclared SKSML element as first or last child of an element with element content',
  requirements: ['SKSML-MSG-9', 'SKSML-MSG-19', 'SKSML-MSG-31', 'SKSML-MSG-114'],
  applies: (root) =>
    locateElements(root)
      .filter((l) => !isLeaf(l.element))
      .flatMap((l) => [site(l, 'first'), site(l, 'last')]),
  apply: (root, s) =>
    replaceAt(root, s.path, (e) => [
      {
        ...e,
        children:
          s.variant === 'first' ? [unknownElement(), ...e.children] : [...e.children, unknownElement()],
      },
    ]),
};

const dropAttribute: Mutation = {
  name: 'drop-attribute',
  description: 'removes one attribute (ekmi:any, Algorithm, ...)',
  requirements: ['SKSML-MSG-11', 'SKSML-MSG-20'],
  applies: (root) =>
    locateElements(root).flatMap((l) =>
      l.element.attributes.map((a) =>
        site(l, a.namespaceURI === null ? a.localName : `{${a.namespaceURI}}${a.localName}`),
      ),
    ),
  apply: (root, s) =>
    replaceAt(root, s.path, (e) => [
      {
        ...e,
        attributes: e.attributes.filter(
          (a) => (a.namespaceURI === null ? a.localName : `{${a.namespaceURI}}${a.localName}`) !== s.variant,
        ),
      },
    ]),
};

function isAnyAttribute(a: XmlAttribute): boolean {
  return a.namespaceURI === SKSML_NS && a.localName === 'any';
}

const unprefixAnyAttribute: Mutation = {
  name: 'unprefixed-any-attribute',
  description: 'writes ekmi:any without its namespace (a common mistake: the attribute is global)',
  requirements: ['SKSML-MSG-20'],
  applies: (root) =>
    locateElements(root)
      .filter((l) => l.element.attributes.some(isAnyAttribute))
      .map((l) => site(l)),
  apply: (root, s) =>
    replaceAt(root, s.path, (e) => [
      {
        ...e,
        attributes: e.attributes.map((a) =>
          isAnyAttribute(a) ? { ...a, name: 'any', prefix: null, namespaceURI: null } : a,
        ),
      },
    ]),
};

function isNil(a: XmlAttribute): boolean {
  return a.namespaceURI === XSI_NS && a.localName === 'nil';
}

const nilAttribute: XmlAttribute = {
  name: 'xsi:nil',
  prefix: 'xsi',
  localName: 'nil',
  namespaceURI: XSI_NS,
  value: 'true',
  position: ORIGIN,
};

const toggleNil: Mutation = {
  name: 'toggle-nil',
  description: 'removes xsi:nil where present, or adds xsi:nil="true" to a non-root element',
  requirements: ['SKSML-MSG-21', 'SKSML-MSG-22'],
  applies: (root) =>
    locateElements(root)
      .filter((l) => l.parent !== null)
      .map((l) => site(l, l.element.attributes.some(isNil) ? 'remove' : 'add')),
  apply: (root, s) =>
    replaceAt(root, s.path, (e) => [
      {
        ...e,
        attributes:
          s.variant === 'remove' ? e.attributes.filter((a) => !isNil(a)) : [...e.attributes, nilAttribute],
      },
    ]),
};

const injectText: Mutation = {
  name: 'inject-text',
  description: 'puts non-whitespace text into an element that has element children',
  requirements: ['SKSML-MSG-113'],
  applies: (root) =>
    locateElements(root)
      .filter((l) => !isLeaf(l.element))
      .map((l) => site(l)),
  apply: (root, s) =>
    replaceAt(root, s.path, (e) => [{ ...e, children: [text('stray text'), ...e.children] }]),
};

/** Every mutation, in a fixed order. */
export const MUTATIONS: readonly Mutation[] = [
  dropElement,
  duplicateElement,
  swapSiblings,
  idPartOverUint64,
  idTooManyDigits,
  idLeadingZero,
  idZeroPart,
  integerOutOfRange,
  stringTooLong,
  malformedValue,
  emptyValue,
  wrongNamespace,
  insertUnknownElement,
  dropAttribute,
  unprefixAnyAttribute,
  toggleNil,
  injectText,
];

export function mutationByName(name: string): Mutation {
  const m = MUTATIONS.find((x) => x.name === name);
  if (!m) throw new RangeError(`unknown mutation ${name}`);
  return m;
}

export interface AppliedMutation {
  readonly mutation: string;
  readonly site: MutationSite;
  readonly tree: XmlElement;
}

/** Every (mutation, site) pair that applies to the tree, in a deterministic order. */
export function mutationCandidates(
  root: XmlElement,
  mutations: readonly Mutation[] = MUTATIONS,
): { readonly mutation: Mutation; readonly site: MutationSite }[] {
  return mutations.flatMap((mutation) => mutation.applies(root).map((s) => ({ mutation, site: s })));
}

/**
 * An arbitrary mutation of the tree: first a mutation (uniformly among those that apply, so
 * rare mutations are not drowned by common ones), then one of its sites.
 */
export function arbitraryMutation(
  root: XmlElement,
  mutations: readonly Mutation[] = MUTATIONS,
): fc.Arbitrary<AppliedMutation> {
  const usable = mutations.map((m) => ({ m, sites: m.applies(root) })).filter((x) => x.sites.length > 0);
  if (usable.length === 0) throw new RangeError('no mutation applies to this tree');
  return fc
    .constantFrom(...usable)
    .chain(({ m, sites }) =>
      fc.constantFrom(...sites).map((s) => ({ mutation: m.name, site: s, tree: m.apply(root, s) })),
    );
}
