/**
 * Finding H23-1 (high): CPU exhaustion before the signature check through the
 * ec:InclusiveNamespaces parameter of the SignedInfo CanonicalizationMethod.
 *
 * SignedInfo is canonicalized (with its own PrefixList) before its signature is checked, and the
 * only precondition is a token that chains to a trust anchor — any captured certificate of a
 * legitimate peer will do. Exclusive c14n walks the whole PrefixList for every output element, so
 * a PrefixList of ~120,000 entries over ~19,000 junk elements hidden UNDER ec:InclusiveNamespaces
 * (children that nothing checked) cost ~31 s of CPU for one 358 KB message (measured before the
 * fix). The fix refuses any content inside ec:InclusiveNamespaces and bounds the PrefixList to a
 * few valid, distinct prefixes (SKSML-WSS-15), so the pre-authentication work stays linear and small.
 */
import { describe, expect, it } from 'vitest';
import { EXC_C14N } from '../../protocol/wss/algorithms.ts';
import { EC_NS } from '../../protocol/wss/namespaces.ts';
import { canonicalize } from '../../protocol/xml/c14n.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { rejectionOf, replaceOnce, reviewContext } from './support.ts';

const c = reviewContext();
const C14N_METHOD = `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}"/>`;

/** The signed template with `parameter` as the content of SignedInfo's CanonicalizationMethod. */
function withC14nParameter(parameter: string): string {
  return replaceOnce(
    c.signed(),
    C14N_METHOD,
    `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}">${parameter}</ds:CanonicalizationMethod>`,
  );
}

/** The same parameter on the Body reference's Transform. */
function withTransformParameter(parameter: string): string {
  const transform = `<ds:Transform Algorithm="${EXC_C14N}"/>`;
  return replaceOnce(
    c.signed(),
    transform,
    `<ds:Transform Algorithm="${EXC_C14N}">${parameter}</ds:Transform>`,
  );
}

const inclusive = (prefixList: string, content = ''): string =>
  `<ec:InclusiveNamespaces xmlns:ec="${EC_NS}" PrefixList="${prefixList}">${content}</ec:InclusiveNamespaces>`;

describe('H23-1: ec:InclusiveNamespaces as a pre-authentication CPU sink', () => {
  it('refuses child elements hidden under InclusiveNamespaces (SignedInfo and Transform)', () => {
    const junk = '<ec:j/>'.repeat(50);
    expect(rejectionOf(withC14nParameter(inclusive('ds', junk)))).toBe('WSS_UNSUPPORTED_TRANSFORM');
    expect(rejectionOf(withTransformParameter(inclusive('ds', junk)))).toBe('WSS_UNSUPPORTED_TRANSFORM');
  });

  it('refuses character data inside InclusiveNamespaces', () => {
    expect(rejectionOf(withC14nParameter(inclusive('ds', 'text')))).toBe('WSS_UNSUPPORTED_TRANSFORM');
  });

  it('refuses an oversized PrefixList (the attack used ~120,000 copies of one prefix)', () => {
    const huge = Array.from({ length: 5000 }, () => 'ds').join(' ');
    expect(rejectionOf(withC14nParameter(inclusive(huge)))).toBe('WSS_UNSUPPORTED_TRANSFORM');
    const distinct = Array.from({ length: 200 }, (_, i) => `p${i}`).join(' ');
    expect(rejectionOf(withTransformParameter(inclusive(distinct)))).toBe('WSS_UNSUPPORTED_TRANSFORM');
  });

  it('refuses PrefixList tokens that are neither an NCName nor #default', () => {
    expect(rejectionOf(withC14nParameter(inclusive('ds a:b')))).toBe('WSS_UNSUPPORTED_TRANSFORM');
    expect(rejectionOf(withC14nParameter(inclusive('#all')))).toBe('WSS_UNSUPPORTED_TRANSFORM');
  });

  it('refuses attributes other than PrefixList on InclusiveNamespaces', () => {
    const extra = `<ec:InclusiveNamespaces xmlns:ec="${EC_NS}" PrefixList="ds" Extra="1"/>`;
    expect(rejectionOf(withC14nParameter(extra))).toBe('WSS_UNSUPPORTED_TRANSFORM');
  });

  it('still honours a small PrefixList written by real stacks (reaches the signature check)', () => {
    // The fixture signer canonicalizes SignedInfo without the PrefixList, so the first check that
    // can fail after the structural ones is the signature: proof that the parameter was accepted.
    expect(rejectionOf(withC14nParameter(inclusive('ds wsse #default')))).toBe('WSS_BAD_SIGNATURE');
  });

  it('c14n renders a repeated inclusive prefix once and ignores duplicates in the list', () => {
    const doc = parseXml('<a:r xmlns:a="urn:a" xmlns:b="urn:b"><a:c/></a:r>');
    const once = canonicalize(doc.root, { inclusivePrefixes: ['b'] });
    const repeated = canonicalize(doc.root, { inclusivePrefixes: ['b', 'b', 'b', 'b'] });
    expect(repeated).toBe(once);
    expect(once).toBe('<a:r xmlns:a="urn:a" xmlns:b="urn:b"><a:c></a:c></a:r>');
  });
});
