import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import { createReplayCache } from '../../wss/replay-cache.ts';
import { verifyEnvelope, type VerifyOptions } from '../../wss/verify.ts';
import { FAULT_OF_CODE, WssError } from '../../wss/wss-error.ts';
import { ATTACK_FIXTURES, createAttackContext, type AttackCase } from './catalog.ts';

const context = createAttackContext();

function run(attack: AttackCase): unknown {
  const options: VerifyOptions = {
    trustAnchors: context.pki.trustAnchors,
    now: context.now,
    replayCache: createReplayCache(),
    ...attack.options,
  };
  if (attack.replayFirst === true) verifyEnvelope(attack.xml, options);
  try {
    verifyEnvelope(attack.xml, options);
  } catch (e) {
    return e;
  }
  return null;
}

describe('attack fixtures', () => {
  it('has at least 20 uniquely named fixtures whose expected fault matches the code table', () => {
    expect(ATTACK_FIXTURES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(ATTACK_FIXTURES.map((f) => f.name)).size).toBe(ATTACK_FIXTURES.length);
    for (const f of ATTACK_FIXTURES) expect(FAULT_OF_CODE[f.expected.code], f.name).toBe(f.expected.fault);
  });

  it('the unmodified template message verifies (so every failure below is the attack)', () => {
    const verified = verifyEnvelope(context.signed(), {
      trustAnchors: context.pki.trustAnchors,
      now: context.now,
    });
    expect(verified.payload.localName).toBe('SymkeyRequest');
  });

  it.each(ATTACK_FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const error = run(fixture.build(context));
    expect(error, `${fixture.name} was accepted`).toBeInstanceOf(WssError);
    const e = error as WssError;
    expect({ code: e.code, fault: e.fault.localName }).toEqual(fixture.expected);
    expect(e.fault.namespace).toBe(
      'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
    );
  });
});

/** xml-crypto 6.3.2 used naively: checkSignature() with the right certificate, nothing else. */
function naiveXmlCryptoAccepts(xml: string): boolean {
  const dom = new DOMParser().parseFromString(xml, 'text/xml');
  const signature = dom.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0];
  if (signature === undefined) return false;
  const verifier = new SignedXml({ publicCert: context.signer.certificatePem, idMode: 'wssecurity' });
  verifier.getCertFromKeyInfo = () => null;
  verifier.loadSignature(signature);
  return verifier.checkSignature(xml);
}

describe('the fixtures are real attacks', () => {
  // Each of these is cryptographically valid: a verifier that only checks digests and the
  // signature value (xml-crypto checkSignature alone) accepts it. Ours must refuse it.
  const NAIVELY_ACCEPTED = [
    'xsw-body-moved-to-header-wrapper',
    'xsw-body-moved-into-security-header',
    'second-signature-in-header',
    'timestamp-only-signed',
    'body-only-signed',
    'stale-timestamp',
  ];
  it.each(NAIVELY_ACCEPTED)('%s passes a naive xml-crypto check', (name) => {
    const fixture = ATTACK_FIXTURES.find((f) => f.name === name);
    expect(fixture).toBeDefined();
    const attack = fixture!.build(context);
    expect(naiveXmlCryptoAccepts(attack.xml)).toBe(true);
    expect(run(attack)).toBeInstanceOf(WssError);
  });
});
