import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPki, issueCertificate } from '../../protocol/testkit/pki.ts';
import { createFileSigner, loadFileSigner } from './file-signer.ts';
import { openServerSigner } from './server-signer-config.ts';

const pki = createTestPki({ clients: 1 });
const dir = mkdtempSync(join(tmpdir(), 'sksml-signer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file server signer', () => {
  it('signs rsa-sha256 that node:crypto verifies with the certificate key (property)', () => {
    const signer = createFileSigner({
      privateKey: pki.server.privateKeyPem,
      certificate: pki.server.certificatePem,
    });
    expect(signer.certificate.fingerprint256).toBe(pki.server.certificate.fingerprint256);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (data) => {
        const signature = signer.sign(data, 'rsa-sha256') as Uint8Array;
        expect(verify('sha256', data, signer.certificate.publicKey, signature)).toBe(true);
        const changed = Uint8Array.from([...data, 0]);
        expect(verify('sha256', changed, signer.certificate.publicKey, signature)).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('loads PEM files, including an encrypted PKCS#8 key, through the config', () => {
    const keyFile = join(dir, 'server.key');
    const encFile = join(dir, 'server-enc.key');
    const certFile = join(dir, 'server.crt');
    writeFileSync(keyFile, pki.server.privateKeyPem);
    writeFileSync(certFile, pki.server.certificatePem);
    writeFileSync(
      encFile,
      pki.server.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }),
    );
    const data = Buffer.from('SignedInfo');
    const plain = openServerSigner({ kind: 'file', privateKeyFile: keyFile, certificateFile: certFile });
    const enc = loadFileSigner({ privateKeyFile: encFile, certificateFile: certFile, passphrase: 'pw' });
    const a = plain.sign(data, 'rsa-sha256') as Uint8Array;
    expect(verify('sha256', data, pki.server.certificate.publicKey, a)).toBe(true);
    expect(Buffer.from(enc.sign(data, 'rsa-sha256') as Uint8Array).equals(Buffer.from(a))).toBe(true);
    expect(() =>
      loadFileSigner({ privateKeyFile: encFile, certificateFile: certFile, passphrase: 'no' }),
    ).toThrow(expect.objectContaining({ code: 'SIGNING_KEY_INVALID' }) as Error);
  });

  it('refuses a key that does not match the certificate, small or non-RSA keys, other algorithms', () => {
    expect(() =>
      createFileSigner({ privateKey: pki.clients[0]!.privateKeyPem, certificate: pki.server.certificate }),
    ).toThrow(expect.objectContaining({ code: 'SIGNING_KEY_MISMATCH' }) as Error);
    const pkcs1 = pki.server.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(() => createFileSigner({ privateKey: pkcs1, certificate: pki.server.certificate })).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_INVALID' }) as Error,
    );
    expect(() => createFileSigner({ privateKey: pki.server.privateKeyPem, certificate: 'garbage' })).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_INVALID' }) as Error,
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => createFileSigner({ privateKey: ec, certificate: pki.server.certificate })).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_MISMATCH' }) as Error,
    );
    const signer = createFileSigner({
      privateKey: pki.server.privateKey,
      certificate: pki.server.certificate,
    });
    expect(() => signer.sign(new Uint8Array(1), 'rsa-sha1' as 'rsa-sha256')).toThrow(
      expect.objectContaining({ code: 'SIGNING_ALGORITHM_UNSUPPORTED' }) as Error,
    );
    signer.close();
    expect(() => signer.sign(new Uint8Array(1), 'rsa-sha256')).toThrow(
      expect.objectContaining({ code: 'SIGNING_CLOSED' }) as Error,
    );
  });

  it('refuses certificates with an RSA key below 2048 bits or a non-RSA key', () => {
    const weak = issueCertificate(pki, { subject: 'weak-server', bits: 1024 });
    expect(() => createFileSigner({ privateKey: weak.privateKey, certificate: weak.certificate })).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_INVALID' }) as Error,
    );
    const ec = issueCertificate(pki, { subject: 'ec-server', keyType: 'ec' });
    expect(() => createFileSigner({ privateKey: ec.privateKey, certificate: ec.certificate })).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_INVALID' }) as Error,
    );
  });
});
