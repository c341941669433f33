/**
 * Cross-check of the fault writer against the project's SOAP envelope schemas (schemas/w3c/),
 * validated by libxml2 2.13 (xmllint-wasm): an engine independent of the builder and of the intake.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { buildFault } from './build-fault.ts';
import type { BuildFaultInput } from './build-fault.ts';
import type { SoapVersion } from './namespaces.ts';
import { SOAP_FAULT_CODES } from './soap-error.ts';
import { WSS_FAULTS } from './wss-faults.ts';

const W3C = fileURLToPath(new URL('../../schemas/w3c/', import.meta.url));
const SCHEMA_FILE: Record<SoapVersion, string> = {
  '1.2': 'soap12-envelope.xsd',
  '1.1': 'soap11-envelope.xsd',
};

async function invalidFiles(version: SoapVersion, documents: readonly string[]): Promise<string[]> {
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: `fault-${i}.xml`, contents })),
    schema: { fileName: SCHEMA_FILE[version], contents: readFileSync(W3C + SCHEMA_FILE[version], 'utf8') },
    preload: [{ fileName: 'xml.xsd', contents: readFileSync(W3C + 'xml.xsd', 'utf8') }],
  });
  return result.errors.map((e) => `${e.loc?.fileName ?? '?'}: ${e.rawMessage}`);
}

describe.each<SoapVersion>(['1.2', '1.1'])('faults are valid SOAP %s envelopes', (version) => {
  it('for every fault code, with and without subcode, detail and NotUnderstood', async () => {
    const inputs: BuildFaultInput[] = [];
    for (const code of SOAP_FAULT_CODES) {
      inputs.push({ version, code, reason: 'A reason & <text>' });
      inputs.push({
        version,
        code,
        reason: 'r',
        subcode: WSS_FAULTS.InvalidSecurity,
        detail: '<d:Info xmlns:d="urn:d">1</d:Info>',
        notUnderstood: [{ namespace: 'urn:a', localName: 'H' }],
      });
    }
    expect(await invalidFiles(version, inputs.map(buildFault))).toEqual([]);
  });

  it('while a broken fault is refused by the same check', async () => {
    const good = buildFault({ version, code: 'Sender', reason: 'r' });
    const broken =
      version === '1.2'
        ? good.replace(/<env:Reason>.*<\/env:Reason>/, '')
        : good.replace(/<faultstring>.*<\/faultstring>/, '');
    expect(broken).not.toBe(good);
    expect((await invalidFiles(version, [broken])).length).toBeGreaterThan(0);
  });
});
