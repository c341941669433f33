/**
 * Every disagreement the differential corpus may show must be explained here. Ours-vs-reference
 * disagreements map to a numbered erratum (spec/errata.md; the same numbers annotate
 * schemas/*.xsd) through a predicate over the document's content and the direction of the
 * disagreement; engine disagreements (libxml2 vs Xerces on one schema set) map to a documented
 * engine difference with its reason. Anything unexplained fails the test.
 */
import { SKSML_NS } from '../../protocol/model/namespaces.ts';
import { locateElements } from '../../protocol/testkit/mutations.ts';
import { childElements, directText, type XmlElement } from '../../protocol/xml/tree.ts';
import type { CorpusDocument, Verdicts } from './verdicts.ts';

export interface Explanation {
  /** Erratum ID (E1, E2, ...) or engine-difference ID (ENG-1, ...). */
  readonly id: string;
  readonly summary: string;
  explains(doc: CorpusDocument, v: Verdicts): boolean;
}

/** Both reference engines accept and both of ours reject: the project's schemas are stricter. */
function oursStricter(v: Verdicts): boolean {
  return (
    v['reference/libxml2'].valid &&
    v['reference/xerces'].valid &&
    !v['ours/libxml2'].valid &&
    !v['ours/xerces'].valid
  );
}

/** SKSML elements of the document with one of the given local names, with their parents. */
function sksmlElements(
  doc: CorpusDocument,
  names: readonly string[],
): { element: XmlElement; parent: XmlElement | null }[] {
  return locateElements(doc.tree).filter(
    (l) => l.element.namespaceURI === SKSML_NS && names.includes(l.element.localName),
  );
}

/** Identifier parts after whiteSpace="collapse" (both sets collapse identifier values). */
function idParts(e: XmlElement): string[] {
  return directText(e).replace(/\s+/g, ' ').trim().split('-');
}

const hasLeadingZero = (part: string): boolean => part.length > 1 && part.startsWith('0');
const isZero = (part: string): boolean => /^0+$/.test(part);

function leafOnly(e: XmlElement): boolean {
  return childElements(e).length === 0;
}

/** Identifier elements whose text is compared part by part. */
const THREE_PART_IDS = ['GlobalKeyID', 'RequestedGlobalKeyID', 'SymkeyRequestID'];

/** GlobalKeyIDs a client sends or a server echoes (GlobalKeyIDType); not the one inside a Symkey. */
function requestedGlobalKeyIds(doc: CorpusDocument): XmlElement[] {
  return sksmlElements(doc, ['GlobalKeyID', 'RequestedGlobalKeyID'])
    .filter((l) => !(l.element.localName === 'GlobalKeyID' && l.parent?.localName === 'Symkey'))
    .map((l) => l.element)
    .filter(leafOnly);
}

export const ERRATA_EXPLANATIONS: readonly Explanation[] = [
  {
    id: 'E1',
    summary:
      'SymkeyResponse with no item, or whose only child is a foreign element: the draft wildcard branch admits it, ours removed the branch',
    explains: (doc, v) => {
      if (!oursStricter(v) || doc.tree.namespaceURI !== SKSML_NS || doc.tree.localName !== 'SymkeyResponse')
        return false;
      const items = childElements(doc.tree);
      return items.length === 0 || (items.length === 1 && items[0]?.namespaceURI !== SKSML_NS);
    },
  },
  {
    id: 'E2',
    summary: 'identifier part with a leading zero: the draft patterns admit it, ours do not',
    explains: (doc, v) =>
      oursStricter(v) &&
      sksmlElements(doc, THREE_PART_IDS).some(
        (l) => leafOnly(l.element) && idParts(l.element).some(hasLeadingZero),
      ),
  },
  {
    id: 'E3',
    summary: 'SymkeyRequestID with a zero part: the draft pattern admits it, ours forbids it',
    explains: (doc, v) =>
      oursStricter(v) &&
      sksmlElements(doc, ['SymkeyRequestID']).some(
        (l) => leafOnly(l.element) && idParts(l.element).some(isZero),
      ),
  },
  {
    id: 'E4',
    summary:
      'requested GlobalKeyID with DomainID 0 or only one of ServerID/KeyID zero: the draft admits it, ours does not',
    explains: (doc, v) =>
      oursStricter(v) &&
      requestedGlobalKeyIds(doc).some((e) => {
        const parts = idParts(e);
        if (parts.length !== 3) return false;
        const [domain, server, key] = parts as [string, string, string];
        return isZero(domain) || isZero(server) !== isZero(key);
      }),
  },
  {
    id: 'E5',
    summary:
      'a delivered Symkey whose GlobalKeyID has a zero part (e.g. the new-key form D-0-0): the draft admits it, ours does not',
    explains: (doc, v) =>
      oursStricter(v) &&
      sksmlElements(doc, ['GlobalKeyID']).some(
        (l) => l.parent?.localName === 'Symkey' && leafOnly(l.element) && idParts(l.element).some(isZero),
      ),
  },
  {
    id: 'E6',
    summary:
      'empty KeyClass or RequestedKeyClass: the draft admits the empty string, ours requires 1 to 255 characters',
    explains: (doc, v) =>
      oursStricter(v) &&
      sksmlElements(doc, ['KeyClass', 'RequestedKeyClass']).some(
        (l) => leafOnly(l.element) && directText(l.element) === '',
      ),
  },
  {
    id: 'E7',
    summary:
      'empty X509EncryptionCertificate: base64Binary admits the empty string, ours requires a certificate',
    explains: (doc, v) =>
      oursStricter(v) &&
      sksmlElements(doc, ['X509EncryptionCertificate']).some(
        (l) => leafOnly(l.element) && directText(l.element).trim() === '',
      ),
  },
  {
    id: 'E9',
    summary:
      'text between the elements of KeyUsePolicy, KeyCachePolicy or PermittedUses: the draft declares them mixed, ours element-only',
    explains: (doc, v) =>
      oursStricter(v) &&
      sksmlElements(doc, ['KeyUsePolicy', 'KeyCachePolicy', 'PermittedUses']).some(
        (l) => childElements(l.element).length > 0 && directText(l.element).trim() !== '',
      ),
  },
  {
    id: 'E15',
    summary:
      'Latitude outside -90..90 or Longitude outside -180..180: the draft bounds only the digits, ours the range',
    explains: (doc, v) =>
      oursStricter(v) &&
      (sksmlElements(doc, ['Latitude']).some((l) => Math.abs(Number(directText(l.element).trim())) > 90) ||
        sksmlElements(doc, ['Longitude']).some((l) => Math.abs(Number(directText(l.element).trim())) > 180)),
  },
];

const BASE64_ELEMENTS = ['CipherValue', 'DigestValue', 'X509EncryptionCertificate'];

/** On every schema set where the engines disagree, libxml2 accepts and Xerces rejects. */
function libxml2LaxerWhereTheyDiffer(v: Verdicts): boolean {
  const sets = ['ours', 'reference'] as const;
  const differing = sets.filter((s) => v[`${s}/libxml2`].valid !== v[`${s}/xerces`].valid);
  return differing.length > 0 && differing.every((s) => v[`${s}/libxml2`].valid && !v[`${s}/xerces`].valid);
}

export const ENGINE_EXPLANATIONS: readonly Explanation[] = [
  {
    id: 'ENG-1',
    summary:
      "libxml2 2.9.9 (libxmljs2) skips '#' inside xs:base64Binary values ('#', 'AAAA#' validate); Xerces rejects them as the datatype requires",
    explains: (doc, v) =>
      libxml2LaxerWhereTheyDiffer(v) &&
      locateElements(doc.tree).some(
        (l) => BASE64_ELEMENTS.includes(l.element.localName) && directText(l.element).includes('#'),
      ),
  },
];

export function explain(
  explanations: readonly Explanation[],
  doc: CorpusDocument,
  v: Verdicts,
): Explanation | null {
  return explanations.find((e) => e.explains(doc, v)) ?? null;
}
