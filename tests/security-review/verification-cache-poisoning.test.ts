/**
 * Finding H23-2 (medium): the chain-verification cache keyed a trust-anchor SET by the identity of
 * the array object (a WeakMap from array to the digest string computed on first use). A caller
 * that edits its anchor array in place — removing a compromised CA, swapping a bundle on reload —
 * kept getting the cached SUCCESS for leaves of the removed anchor until the leaf expired or 1,024
 * other entries evicted it. The fix keys every call on the current contents of the array (digests
 * are memoised per certificate object, which is immutable).
 */
import type { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CertificateError } from '../../protocol/pki/chain.ts';
import { verifyCertificateChainCached } from '../../protocol/pki/verification-cache.ts';
import { reviewContext, rejectionOf } from './support.ts';

const c = reviewContext();

function codeOf(anchors: readonly X509Certificate[], at = c.now): string {
  try {
    verifyCertificateChainCached(c.signer.certificate, { trustAnchors: anchors, at, usage: 'signature' });
    return 'OK';
  } catch (e) {
    if (e instanceof CertificateError) return e.code;
    throw e;
  }
}

describe('H23-2: verification cache poisoned across trust anchor sets', () => {
  it('an anchor replaced in place in the same array no longer vouches for its leaves', () => {
    const anchors: X509Certificate[] = [c.pki.ca.certificate];
    expect(codeOf(anchors)).toBe('OK'); // cached success
    anchors[0] = c.odd.foreignCa.certificate; // the operator swaps the anchor
    expect(codeOf(anchors)).toBe('CERT_UNTRUSTED');
  });

  it('an anchor removed from a multi-anchor array no longer vouches for its leaves', () => {
    const anchors: X509Certificate[] = [c.odd.foreignCa.certificate, c.pki.ca.certificate];
    expect(codeOf(anchors)).toBe('OK');
    anchors.pop();
    expect(codeOf(anchors)).toBe('CERT_UNTRUSTED');
  });

  it('the verifier refuses a message after its signer CA was removed from the configured array', () => {
    const anchors: X509Certificate[] = [c.odd.foreignCa.certificate, c.pki.ca.certificate];
    const xml = c.signed();
    expect(rejectionOf(xml, { trustAnchors: anchors })).toBe('ACCEPTED');
    anchors.splice(1, 1);
    expect(rejectionOf(xml, { trustAnchors: anchors })).toBe('WSS_UNTRUSTED_CERTIFICATE');
  });

  it('a success cached for one anchor set is not reused for a disjoint set or outside validity', () => {
    expect(codeOf([c.pki.ca.certificate])).toBe('OK');
    expect(codeOf([c.odd.foreignCa.certificate])).toBe('CERT_UNTRUSTED');
    const later = new Date(c.now.getTime() + 20 * 365 * 86_400_000);
    expect(codeOf([c.pki.ca.certificate], later)).toBe('CERT_EXPIRED');
  });
});
