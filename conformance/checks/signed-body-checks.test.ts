import { describe, expect, it } from 'vitest';
import { buildFault } from '../../protocol/soap/build-fault.ts';
import { parseEnvelope } from '../../protocol/soap/envelope.ts';
import { WSSE_FAILED_CHECK } from '../../protocol/soap/wss-faults.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { signEnvelope } from '../../protocol/wss/sign.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import type { CheckContext } from './check.ts';
import { SIGNED_BODY_CHECKS } from './signed-body-checks.ts';

const pki = createTestPki({ clients: 1 });
const check = SIGNED_BODY_CHECKS[0]!;

function signedFault(version: '1.1' | '1.2'): string {
  const envelopeXml = buildFault({ version, code: 'Sender', subcode: WSSE_FAILED_CHECK, reason: 'x' });
  return signEnvelope({
    envelopeXml,
    version,
    certificate: pki.server.certificate,
    privateKey: pki.server.privateKey,
  });
}

async function findingsOf(xml: string): Promise<string[]> {
  const envelope = parseEnvelope(parseXml(xml));
  const context = { observation: { envelope } } as unknown as CheckContext;
  return (await check.run(context)).map((f) => f.message);
}

describe('signed-body-prefix-list (SKSML-WSS-30)', () => {
  for (const version of ['1.2', '1.1'] as const) {
    it(`passes a fault signed by the project signer (SOAP ${version})`, async () => {
      const xml = signedFault(version);
      expect(xml).toContain('PrefixList=');
      expect(await findingsOf(xml)).toEqual([]);
    });

    it(`fails a signed fault whose Body reference has no PrefixList (SOAP ${version})`, async () => {
      const stripped = signedFault(version).replace(/<ec:InclusiveNamespaces[^>]*\/>/, '');
      expect(stripped).not.toContain('PrefixList=');
      const findings = await findingsOf(stripped);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatch(/lacks .*wsse/);
    });
  }

  it('does not judge an unsigned envelope', async () => {
    const xml = buildFault({ version: '1.2', code: 'Sender', subcode: WSSE_FAILED_CHECK, reason: 'x' });
    expect(await findingsOf(xml)).toEqual([]);
  });
});
