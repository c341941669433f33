/**
 * Interoperability of the WS-Security profile with two independent stacks:
 * xmlsec1 (libxmlsec1, C) and zeep's BinarySignature (python3-zeep + python3-xmlsec).
 * Each direction is checked, and each check is shown able to fail (a tampered message).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTool, toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import { buildFault } from '../../protocol/soap/build-fault.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { EXC_C14N, RSA_SHA256, SHA256 } from '../../protocol/wss/algorithms.ts';
import {
  BASE64_ENCODING_TYPE,
  DS_NS,
  SOAP11_ENVELOPE_NS,
  SOAP12_ENVELOPE_NS,
  WSSE_NS,
  WSU_NS,
  X509V3_VALUE_TYPE,
} from '../../protocol/wss/namespaces.ts';
import { signEnvelope } from '../../protocol/wss/sign.ts';
import { verifyEnvelope } from '../../protocol/wss/verify.ts';
import { WssError } from '../../protocol/wss/wss-error.ts';

const PYTHON = '/usr/bin/python3';
const ZEEP_SCRIPT = resolve(import.meta.dirname, 'zeep_wss.py');
const xmlsecSkip = toolSkipReason('xmlsec1', hasTool('xmlsec1', ['--version']));
const zeepSkip = toolSkipReason(
  'python3-zeep + python3-xmlsec',
  hasTool(PYTHON, ['-c', 'import zeep.wsse.signature, xmlsec']),
);

const pki = createTestPki();
const client = pki.clients[0]!;
const dir = mkdtempSync(join(tmpdir(), 'sksml-wss-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const certPem = file('client.pem', client.certificatePem);
const keyPem = file('client-key.pem', client.privateKeyPem);
const PAYLOAD =
  '<ekmi:SymkeyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>';
const TAMPER = (xml: string): string => xml.replace('10514-0-0', '10514-6-6');
const EKMI = 'http://docs.oasis-open.org/ekmi/2008/01';

/** A fault with an ekmi subcode, signed here: its Body reference carries a PrefixList (SKSML-WSS-30). */
function signedFault(version: '1.1' | '1.2'): string {
  const fault = buildFault({
    version,
    code: 'Sender',
    subcode: { namespace: EKMI, localName: 'PermissionDenied', prefix: 'ekmi' },
    reason: 'denied',
  });
  return signEnvelope({ envelopeXml: fault, certificate: client.certificate, privateKey: client.privateKey });
}

/** Re-binds the subcode prefix: only the PrefixList puts that binding under the Body digest. */
const REBIND = (xml: string): string => xml.replace(`xmlns:ekmi="${EKMI}"`, `xmlns:ekmi="${WSSE_NS}"`);

function verifyOurs(xml: string): string {
  try {
    return verifyEnvelope(xml, { trustAnchors: pki.trustAnchors }).payload.localName;
  } catch (e) {
    if (e instanceof WssError) return e.code;
    throw e;
  }
}

const ID_ATTRS = ['--id-attr:Id', `${SOAP12_ENVELOPE_NS}:Body`, '--id-attr:Id', `${WSU_NS}:Timestamp`];

function xmlsec1(args: string[]): { status: number | null; output: string } {
  const r = spawnSync('xmlsec1', args, { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A SOAP 1.2 envelope with the profile's header, for xmlsec1 to fill in (DigestValue/SignatureValue).
 * With `prefixList`, every exc-c14n method carries an InclusiveNamespaces PrefixList (as WSS4J writes).
 */
function xmlsecTemplate(prefixList?: string): string {
  const now = Date.now();
  const inclusive =
    prefixList === undefined
      ? ''
      : `<ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="${prefixList}"/>`;
  const reference = (id: string): string =>
    `<ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="${EXC_C14N}">${inclusive}</ds:Transform></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${SHA256}"/><ds:DigestValue/></ds:Reference>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<soap:Envelope xmlns:soap="${SOAP12_ENVELOPE_NS}" xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}">\n` +
    `  <soap:Header>\n    <wsse:Security soap:mustUnderstand="true">\n` +
    `      <wsu:Timestamp wsu:Id="TS-1"><wsu:Created>${utc(now)}</wsu:Created><wsu:Expires>${utc(now + 240_000)}</wsu:Expires></wsu:Timestamp>\n` +
    `      <wsse:BinarySecurityToken EncodingType="${BASE64_ENCODING_TYPE}" ValueType="${X509V3_VALUE_TYPE}" wsu:Id="X509-1">${client.certificate.raw.toString('base64')}</wsse:BinarySecurityToken>\n` +
    `      <ds:Signature xmlns:ds="${DS_NS}">\n        <ds:SignedInfo>\n` +
    `          <ds:CanonicalizationMethod Algorithm="${EXC_C14N}">${inclusive}</ds:CanonicalizationMethod>\n          <ds:SignatureMethod Algorithm="${RSA_SHA256}"/>\n` +
    `          ${reference('Body-1')}\n          ${reference('TS-1')}\n        </ds:SignedInfo>\n` +
    `        <ds:SignatureValue/>\n        <ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI="#X509-1" ValueType="${X509V3_VALUE_TYPE}"/></wsse:SecurityTokenReference></ds:KeyInfo>\n` +
    `      </ds:Signature>\n    </wsse:Security>\n  </soap:Header>\n` +
    `  <soap:Body wsu:Id="Body-1">${PAYLOAD}</soap:Body>\n</soap:Envelope>\n`
  );
}

describe.skipIf(xmlsecSkip !== null)(`xmlsec1 interop ${xmlsecSkip ?? ''}`, () => {
  it('xmlsec1 --verify accepts envelopes we sign (SOAP 1.2), and refuses them tampered', () => {
    const signed = signEnvelope({
      payloadXml: PAYLOAD,
      certificate: client.certificate,
      privateKey: client.privateKey,
    });
    const ok = xmlsec1(['--verify', '--pubkey-cert-pem', certPem, ...ID_ATTRS, file('ours.xml', signed)]);
    expect(ok.output).toContain('SignedInfo References (ok/all): 2/2');
    expect(ok.status).toBe(0);
    const bad = xmlsec1([
      '--verify',
      '--pubkey-cert-pem',
      certPem,
      ...ID_ATTRS,
      file('ours-bad.xml', TAMPER(signed)),
    ]);
    expect(bad.status).not.toBe(0);
  });

  it('xmlsec1 --verify accepts SOAP 1.1 envelopes we sign', () => {
    const signed = signEnvelope({
      payloadXml: PAYLOAD,
      version: '1.1',
      certificate: client.certificate,
      privateKey: client.privateKey,
    });
    const ids = [
      '--id-attr:Id',
      'http://schemas.xmlsoap.org/soap/envelope/:Body',
      '--id-attr:Id',
      `${WSU_NS}:Timestamp`,
    ];
    const r = xmlsec1(['--verify', '--pubkey-cert-pem', certPem, ...ids, file('ours11.xml', signed)]);
    expect(r.status).toBe(0);
  });

  it('we verify an envelope signed by xmlsec1 --sign from a profile template, and refuse it tampered', () => {
    const out = join(dir, 'xmlsec-signed.xml');
    const r = xmlsec1([
      '--sign',
      '--privkey-pem',
      keyPem,
      ...ID_ATTRS,
      '--output',
      out,
      file('template.xml', xmlsecTemplate()),
    ]);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
    const signed = readFileSync(out, 'utf8');
    expect(signed).not.toContain('<ds:SignatureValue/>');
    expect(verifyOurs(signed)).toBe('SymkeyRequest');
    expect(verifyOurs(TAMPER(signed))).toBe('WSS_DIGEST_MISMATCH');
  });

  it('we verify an xmlsec1 signature whose exc-c14n methods carry an InclusiveNamespaces PrefixList', () => {
    const out = join(dir, 'xmlsec-prefixlist.xml');
    const template = file('template-prefixlist.xml', xmlsecTemplate('soap wsse'));
    const r = xmlsec1(['--sign', '--privkey-pem', keyPem, ...ID_ATTRS, '--output', out, template]);
    expect(r.status).toBe(0);
    const signed = readFileSync(out, 'utf8');
    expect(verifyOurs(signed)).toBe('SymkeyRequest');
    // The prefix list matters: without it the canonical bytes differ, and so would the signature.
    expect(verifyOurs(signed.replaceAll('PrefixList="soap wsse"', 'PrefixList=""'))).toBe(
      'WSS_BAD_SIGNATURE',
    );
  });
});

describe.skipIf(xmlsecSkip !== null)(`xmlsec1 interop, signed faults ${xmlsecSkip ?? ''}`, () => {
  for (const version of ['1.2', '1.1'] as const) {
    it(`xmlsec1 --verify accepts a SOAP ${version} fault we sign (Body PrefixList), and refuses the subcode re-bound`, () => {
      const signed = signedFault(version);
      expect(signed).toContain('PrefixList="ekmi');
      const bodyNs = version === '1.2' ? SOAP12_ENVELOPE_NS : SOAP11_ENVELOPE_NS;
      const ids = ['--id-attr:Id', `${bodyNs}:Body`, '--id-attr:Id', `${WSU_NS}:Timestamp`];
      const ok = xmlsec1([
        '--verify',
        '--pubkey-cert-pem',
        certPem,
        ...ids,
        file(`fault${version}.xml`, signed),
      ]);
      expect(ok.output).toContain('SignedInfo References (ok/all): 2/2');
      expect(ok.status).toBe(0);
      const rebound = REBIND(signed);
      expect(rebound).not.toBe(signed);
      const bad = xmlsec1([
        '--verify',
        '--pubkey-cert-pem',
        certPem,
        ...ids,
        file(`fault${version}-rebound.xml`, rebound),
      ]);
      expect(bad.status).not.toBe(0);
      expect(verifyOurs(rebound)).toBe('WSS_DIGEST_MISMATCH');
    });
  }
});

describe.skipIf(zeepSkip !== null)(`zeep interop ${zeepSkip ?? ''}`, () => {
  const zeep = (args: string[]): { status: number | null; stderr: string } => {
    const r = spawnSync(PYTHON, [ZEEP_SCRIPT, ...args], { encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stderr: r.stderr };
  };

  it('we verify an envelope signed by zeep BinarySignature (RSA-SHA256, SHA-256, with Timestamp)', () => {
    const now = Date.now();
    const unsigned =
      `<env:Envelope xmlns:env="${SOAP12_ENVELOPE_NS}"><env:Header>` +
      `<wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}" env:mustUnderstand="true">` +
      `<wsu:Timestamp><wsu:Created>${utc(now)}</wsu:Created><wsu:Expires>${utc(now + 240_000)}</wsu:Expires></wsu:Timestamp>` +
      `</wsse:Security></env:Header><env:Body>${PAYLOAD}</env:Body></env:Envelope>`;
    const out = join(dir, 'zeep-signed.xml');
    const r = zeep(['sign', keyPem, certPem, file('zeep-unsigned.xml', unsigned), out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const signed = readFileSync(out, 'utf8');
    expect(signed).toContain('BinarySecurityToken');
    expect(verifyOurs(signed)).toBe('SymkeyRequest');
    expect(verifyOurs(TAMPER(signed))).toBe('WSS_DIGEST_MISMATCH');
  });

  it("zeep's verify_envelope accepts envelopes we sign, and refuses them tampered", () => {
    const signed = signEnvelope({
      payloadXml: PAYLOAD,
      certificate: client.certificate,
      privateKey: client.privateKey,
    });
    expect(zeep(['verify', certPem, file('ours-for-zeep.xml', signed)]).status).toBe(0);
    expect(zeep(['verify', certPem, file('ours-for-zeep-bad.xml', TAMPER(signed))]).status).toBe(1);
  });

  it("zeep's verify_envelope accepts a fault we sign (Body PrefixList), and refuses the subcode re-bound", () => {
    const signed = signedFault('1.2');
    expect(zeep(['verify', certPem, file('fault-for-zeep.xml', signed)]).status).toBe(0);
    expect(zeep(['verify', certPem, file('fault-for-zeep-bad.xml', REBIND(signed))]).status).toBe(1);
  });
});
