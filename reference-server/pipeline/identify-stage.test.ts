import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { certificateFingerprint } from './identify-stage.ts';

describe('certificateFingerprint', () => {
  it('is the SHA-256 of the DER, the same on every call and for every object of those bytes', () => {
    const pki = createTestPki({ clients: 2 });
    for (const credential of pki.clients) {
      const cert = credential.certificate;
      const expected = createHash('sha256').update(cert.raw).digest('hex');
      expect(certificateFingerprint(cert)).toBe(expected);
      expect(certificateFingerprint(cert)).toBe(expected);
      expect(certificateFingerprint(new X509Certificate(cert.raw))).toBe(expected);
    }
    expect(certificateFingerprint(pki.clients[0]!.certificate)).not.toBe(
      certificateFingerprint(pki.clients[1]!.certificate),
    );
  });
});
