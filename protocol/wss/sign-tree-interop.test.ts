/**
 * The tree entry of the signer (the server's response path) against an independent verifier:
 * xmlsec1 accepts a server-shaped SymkeyResponse signed from its writer tree (Body reference with
 * an InclusiveNamespaces PrefixList), in both SOAP versions, and refuses it tampered.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSymkeyResponse } from '../model/serialize/serialize-messages.ts';
import { buildSymkey } from '../testkit/builders.ts';
import { hasTool, toolSkipReason } from '../testkit/external-tool.ts';
import { createTestPki } from '../testkit/pki.ts';
import { ENVELOPE_NS, WSU_NS } from './namespaces.ts';
import { createEnvelopeSigner } from './sign.ts';

const xmlsecSkip = toolSkipReason('xmlsec1', hasTool('xmlsec1', ['--version']));

const pki = createTestPki();
const server = pki.servers[0]!;
const dir = mkdtempSync(join(tmpdir(), 'sksml-sign-tree-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function xmlsec1Verify(
  version: '1.1' | '1.2',
  xml: string,
  name: string,
): { status: number | null; output: string } {
  const args = [
    '--verify',
    '--pubkey-cert-pem',
    file('server.pem', server.certificatePem),
    '--id-attr:Id',
    `${ENVELOPE_NS[version]}:Body`,
    '--id-attr:Id',
    `${WSU_NS}:Timestamp`,
    file(name, xml),
  ];
  const r = spawnSync('xmlsec1', args, { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe.skipIf(xmlsecSkip !== null)(`xmlsec1 verifies tree-signed responses ${xmlsecSkip ?? ''}`, () => {
  const payload = buildSymkeyResponse({
    symkeys: [
      buildSymkey({
        symkeyRequestId: { domainId: 10514n, serverId: 1n, requestId: 3n },
        globalKeyId: { domainId: 10514n, serverId: 1n, keyId: 42n },
        cipherValue: new Uint8Array(256).fill(0xa5),
      }),
    ],
    workInProgress: [],
    errors: [],
  });
  const sign = createEnvelopeSigner({ certificate: server.certificate, privateKey: server.privateKey });

  for (const version of ['1.1', '1.2'] as const) {
    it(`accepts a SOAP ${version} SymkeyResponse signed from its tree, and refuses it tampered`, () => {
      const signed = sign({ payload, version });
      expect(signed).toContain('PrefixList="');
      const ok = xmlsec1Verify(version, signed, `ok-${version}.xml`);
      expect(ok.output).toContain('SignedInfo References (ok/all): 2/2');
      expect(ok.status).toBe(0);
      const tampered = signed.replace('10514-1-42', '10514-1-43');
      expect(tampered).not.toBe(signed);
      expect(xmlsec1Verify(version, tampered, `bad-${version}.xml`).status).not.toBe(0);
    });
  }
});
