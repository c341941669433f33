/**
 * Checks of how a signed response's Body reference is built, run on every signed response
 * (accepted or refused): SKSML-WSS-30 requires the Body reference's exclusive c14n transform to list,
 * in an InclusiveNamespaces PrefixList, every prefix whose binding the canonical form would otherwise
 * leave unsigned (QName prefixes in text such as fault codes, and prefixes declared but not used by
 * element or attribute names). Unsigned responses are left to the signature checks.
 */
import { findAttribute, childElements, type XmlElement } from '../../protocol/xml/tree.ts';
import { findMissingBodyPrefixes } from '../../protocol/wss/inclusive-prefixes.ts';
import { DS_NS, EC_NS, WSSE_NS, WSU_NS } from '../../protocol/wss/namespaces.ts';
import type { CheckDefinition } from './check.ts';

function child(element: XmlElement, ns: string, localName: string): XmlElement | undefined {
  return childElements(element).find((c) => c.namespaceURI === ns && c.localName === localName);
}

/** The PrefixList of the Body reference, [] when it has none, or null when no Body reference exists. */
function bodyReferencePrefixList(headerBlocks: readonly XmlElement[], bodyId: string): string[] | null {
  const security = headerBlocks.find((b) => b.namespaceURI === WSSE_NS && b.localName === 'Security');
  const signature = security === undefined ? undefined : child(security, DS_NS, 'Signature');
  const signedInfo = signature === undefined ? undefined : child(signature, DS_NS, 'SignedInfo');
  if (signedInfo === undefined) return null;
  const reference = childElements(signedInfo).find(
    (r) =>
      r.namespaceURI === DS_NS &&
      r.localName === 'Reference' &&
      findAttribute(r, null, 'URI')?.value === `#${bodyId}`,
  );
  if (reference === undefined) return null;
  const transforms = child(reference, DS_NS, 'Transforms');
  const transform = transforms === undefined ? undefined : child(transforms, DS_NS, 'Transform');
  const inclusive = transform === undefined ? undefined : child(transform, EC_NS, 'InclusiveNamespaces');
  const list = inclusive === undefined ? undefined : findAttribute(inclusive, null, 'PrefixList')?.value;
  return list === undefined ? [] : list.split(/\s+/).filter((p) => p !== '');
}

export const SIGNED_BODY_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'signed-body-prefix-list',
    description:
      'a signed Body reference lists in its InclusiveNamespaces PrefixList every prefix whose binding exclusive c14n would leave unsigned',
    requirements: ['SKSML-WSS-30'],
    run: ({ observation }) => {
      const envelope = observation.envelope;
      if (envelope === null) return [];
      const bodyId = findAttribute(envelope.body, WSU_NS, 'Id')?.value;
      if (bodyId === undefined) return [];
      const prefixList = bodyReferencePrefixList(envelope.headerBlocks, bodyId);
      if (prefixList === null) return [];
      const missing = findMissingBodyPrefixes(envelope.body, [envelope.envelope], prefixList);
      return missing.length === 0
        ? []
        : [
            {
              message: `the Body reference's PrefixList lacks ${missing.join(', ')}: those prefix bindings are not covered by the signature`,
            },
          ];
    },
  },
];
