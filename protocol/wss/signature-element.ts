/**
 * Reads ds:Signature into a checked model: one SignedInfo, one SignatureValue, one KeyInfo, no
 * Object; exclusive c14n; allowlisted methods; references as bare-name `#id` with the exc-c14n
 * transform only (SKSML-WSS-11..16, -20). Nothing here resolves references or touches keys.
 */
import { isNcName } from '../soap/qname.ts';
import { findAttribute, type XmlElement } from '../xml/tree.ts';
import { digestHash, EXC_C14N, signatureHash } from './algorithms.ts';
import { readBase64Text } from './base64-text.ts';
import { DS_NS, EC_NS } from './namespaces.ts';
import { WssError } from './wss-error.ts';

export interface SignedReference {
  /** The Id the reference points at (the URI without '#'). */
  readonly id: string;
  readonly inclusivePrefixes: readonly string[];
  readonly digestHash: 'sha256';
  readonly digestValue: Buffer;
}

export interface SignatureModel {
  readonly signedInfo: XmlElement;
  readonly inclusivePrefixes: readonly string[];
  readonly signatureHash: 'sha256' | 'sha1';
  readonly references: readonly SignedReference[];
  readonly signatureValue: Buffer;
  readonly keyInfo: XmlElement;
}

function malformed(message: string): WssError {
  return new WssError('WSS_MALFORMED_SIGNATURE', message, { requirement: 'SKSML-WSS-11' });
}

/** Element children; character data other than white space is refused. Comments are skipped. */
function elementsOf(element: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) {
    if (child.kind === 'element') out.push(child);
    else if (child.kind === 'text' && !/^[ \t\r\n]*$/.test(child.value))
      throw malformed(`character data in ds:${element.localName}`);
  }
  return out;
}

function isDs(element: XmlElement | undefined, localName: string): element is XmlElement {
  return element !== undefined && element.namespaceURI === DS_NS && element.localName === localName;
}

function algorithmOf(element: XmlElement): string {
  const a = findAttribute(element, null, 'Algorithm');
  if (a === undefined) throw malformed(`ds:${element.localName} has no Algorithm`);
  return a.value;
}

/** Most prefixes an InclusiveNamespaces PrefixList may name (real stacks write a handful). */
export const MAX_INCLUSIVE_PREFIXES = 16;

function unsupportedParameter(message: string): WssError {
  return new WssError('WSS_UNSUPPORTED_TRANSFORM', message, { requirement: 'SKSML-WSS-15' });
}

/**
 * The PrefixList of an optional ec:InclusiveNamespaces child; nothing else may appear.
 * SignedInfo is canonicalized with its PrefixList BEFORE the signature is checked, and c14n work
 * grows with (prefixes x elements), so the parameter is held to what it is for: an empty element
 * with one PrefixList of at most MAX_INCLUSIVE_PREFIXES distinct NCNames or #default.
 */
function readInclusivePrefixes(method: XmlElement): string[] {
  const children = elementsOf(method);
  if (children.length === 0) return [];
  const only = children[0] as XmlElement;
  if (children.length > 1 || only.namespaceURI !== EC_NS || only.localName !== 'InclusiveNamespaces')
    throw unsupportedParameter(`unexpected parameter in ds:${method.localName}`);
  // SKSML-WSS-15: no content and no attribute but PrefixList (no hidden subtree to canonicalize).
  if (only.children.some((child) => child.kind !== 'comment'))
    throw unsupportedParameter('ec:InclusiveNamespaces must be empty');
  if (only.attributes.some((a) => a.namespaceURI !== null || a.localName !== 'PrefixList'))
    throw unsupportedParameter('ec:InclusiveNamespaces carries an attribute other than PrefixList');
  const list = findAttribute(only, null, 'PrefixList')?.value ?? '';
  const prefixes = list.split(/[ \t\r\n]+/).filter((p) => p !== '');
  // SKSML-WSS-15: a bounded list of distinct prefixes (c14n cost is prefixes x elements).
  if (prefixes.length > MAX_INCLUSIVE_PREFIXES)
    throw unsupportedParameter(`the PrefixList names more than ${MAX_INCLUSIVE_PREFIXES} prefixes`);
  if (new Set(prefixes).size !== prefixes.length)
    throw unsupportedParameter('the PrefixList names a prefix twice');
  if (prefixes.some((p) => p !== '#default' && !isNcName(p)))
    throw unsupportedParameter('the PrefixList holds a token that is not a prefix');
  return prefixes;
}

function readReference(reference: XmlElement): SignedReference {
  const uri = findAttribute(reference, null, 'URI')?.value;
  // SKSML-WSS-16: same-document bare-name references only (no "", no XPointer, no external URI).
  if (uri === undefined || !uri.startsWith('#') || !isNcName(uri.slice(1)))
    throw new WssError('WSS_BAD_REFERENCE_URI', 'a Reference URI must be a bare-name #id', {
      requirement: 'SKSML-WSS-16',
    });
  const [transforms, digestMethod, digestValue, ...rest] = elementsOf(reference);
  if (!isDs(transforms, 'Transforms'))
    throw new WssError('WSS_UNSUPPORTED_TRANSFORM', 'a Reference must carry exactly the exc-c14n transform', {
      requirement: 'SKSML-WSS-15',
    });
  if (!isDs(digestMethod, 'DigestMethod') || !isDs(digestValue, 'DigestValue') || rest.length > 0)
    throw malformed('a Reference must hold Transforms, DigestMethod and DigestValue');
  const transformList = elementsOf(transforms);
  const transform = transformList[0];
  // SKSML-WSS-15: exactly one transform, exclusive c14n (no enveloped-signature, XPath, XSLT ...).
  if (transformList.length !== 1 || !isDs(transform, 'Transform') || algorithmOf(transform) !== EXC_C14N)
    throw new WssError('WSS_UNSUPPORTED_TRANSFORM', 'a Reference must carry exactly the exc-c14n transform', {
      requirement: 'SKSML-WSS-15',
    });
  const hash = digestHash(algorithmOf(digestMethod));
  // SKSML-WSS-14: SHA-256 digests only.
  if (hash === null || elementsOf(digestMethod).length > 0)
    throw new WssError('WSS_UNSUPPORTED_ALGORITHM', 'unsupported DigestMethod', {
      requirement: 'SKSML-WSS-14',
    });
  return {
    id: uri.slice(1),
    inclusivePrefixes: readInclusivePrefixes(transform),
    digestHash: hash,
    digestValue: readBase64Text(digestValue, 'DigestValue'),
  };
}

export function readSignature(signature: XmlElement, options: { allowRsaSha1: boolean }): SignatureModel {
  const parts = elementsOf(signature);
  // SKSML-WSS-11: one SignedInfo (CVE-2025-29774 uses a second one), one SignatureValue, one KeyInfo.
  if (parts.filter((p) => isDs(p, 'SignedInfo')).length > 1)
    throw new WssError('WSS_MULTIPLE_SIGNED_INFO', 'more than one ds:SignedInfo', {
      requirement: 'SKSML-WSS-11',
    });
  const [signedInfo, signatureValue, keyInfo, ...rest] = parts;
  if (
    !isDs(signedInfo, 'SignedInfo') ||
    !isDs(signatureValue, 'SignatureValue') ||
    !isDs(keyInfo, 'KeyInfo') ||
    rest.length > 0
  )
    throw malformed('ds:Signature must hold exactly SignedInfo, SignatureValue and KeyInfo (no Object)');

  const [c14nMethod, signatureMethod, ...references] = elementsOf(signedInfo);
  if (!isDs(c14nMethod, 'CanonicalizationMethod') || !isDs(signatureMethod, 'SignatureMethod'))
    throw malformed('ds:SignedInfo must start with CanonicalizationMethod and SignatureMethod');
  // SKSML-WSS-12: SignedInfo is canonicalized with exclusive c14n (without comments).
  if (algorithmOf(c14nMethod) !== EXC_C14N)
    throw new WssError('WSS_UNSUPPORTED_ALGORITHM', 'unsupported CanonicalizationMethod', {
      requirement: 'SKSML-WSS-12',
    });
  const hash = signatureHash(algorithmOf(signatureMethod), options.allowRsaSha1);
  // SKSML-WSS-13: RSA-SHA256 (RSA-SHA1 only with the legacy switch); never HMAC, DSA or ECDSA.
  if (hash === null || elementsOf(signatureMethod).length > 0)
    throw new WssError('WSS_UNSUPPORTED_ALGORITHM', 'unsupported SignatureMethod', {
      requirement: 'SKSML-WSS-13',
    });
  if (references.length === 0 || !references.every((r) => isDs(r, 'Reference')))
    throw malformed('ds:SignedInfo must hold one or more ds:Reference after SignatureMethod');

  return {
    signedInfo,
    inclusivePrefixes: readInclusivePrefixes(c14nMethod),
    signatureHash: hash,
    references: references.map(readReference),
    signatureValue: readBase64Text(signatureValue, 'SignatureValue'),
    keyInfo,
  };
}
