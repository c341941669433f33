import { describe, expect, it } from 'vitest';
import type { SemanticFinding } from '../../protocol/validation/finding.ts';
import { validateMessageSemantics } from '../../protocol/validation/validate-semantics.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { childElements, type XmlElement } from '../../protocol/xml/tree.ts';
import { payloadMemoKey } from './schema-memo.ts';
import { semanticFindingsWithMemo } from './validate-stage.ts';

const EKMI = 'http://docs.oasis-open.org/ekmi/2008/01';
const ENV = 'http://www.w3.org/2003/05/soap-envelope';

/** The payload of an envelope around `payloadXml` and its memo key (as the validate stage computes it). */
function received(payloadXml: string, bodyDeclarations = ''): { payload: XmlElement; key: string | null } {
  const doc = parseXml(
    `<env:Envelope xmlns:env="${ENV}"><env:Body${bodyDeclarations}>${payloadXml}</env:Body></env:Envelope>`,
  );
  const body = childElements(doc.root)[0] as XmlElement;
  const payload = childElements(body)[0] as XmlElement;
  return { payload, key: payloadMemoKey(payload, [doc.root, body]) };
}

/** The real rule runner, counting its calls. */
function countingCheck(): ((m: XmlElement) => SemanticFinding[]) & { calls: number } {
  const check = (m: XmlElement): SemanticFinding[] => {
    check.calls++;
    return validateMessageSemantics(m);
  };
  check.calls = 0;
  return check;
}

const CLEAN = `<ekmi:SymkeyRequest xmlns:ekmi="${EKMI}"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`;
// The same characters, but a GlobalKeyID the identifier rule refuses (server ID without key ID).
const FLAWED = `<ekmi:SymkeyRequest xmlns:ekmi="${EKMI}"><ekmi:GlobalKeyID>10514-0-7</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`;

describe('semantic verdict memo (validate stage)', () => {
  it('runs the rules once for a clean payload of the same signer, and answers [] as they did', () => {
    const check = countingCheck();
    const first = received(CLEAN);
    const again = received(CLEAN);
    expect(semanticFindingsWithMemo('S1', first.key, first.payload, check)).toEqual([]);
    expect(semanticFindingsWithMemo('S1', again.key, again.payload, check)).toEqual(
      validateMessageSemantics(again.payload),
    );
    expect(check.calls).toBe(1);
  });

  it('checks every payload with a finding each time, and keeps signers apart', () => {
    const flawed = received(FLAWED);
    const expected = validateMessageSemantics(flawed.payload);
    expect(expected.length).toBeGreaterThan(0);
    const check = countingCheck();
    for (let k = 0; k < 3; k++)
      expect(semanticFindingsWithMemo('S2', flawed.key, flawed.payload, check)).toEqual(expected);
    expect(check.calls).toBe(3);
    const clean = received(CLEAN);
    semanticFindingsWithMemo('S2', clean.key, clean.payload, check);
    semanticFindingsWithMemo('S3', clean.key, clean.payload, check);
    expect(check.calls).toBe(5);
  });

  it('a payload whose prefix the Body binds elsewhere is a different key, and is checked', () => {
    // The same characters without their own declaration: their meaning comes from the Body. Under
    // a foreign namespace the rules find nothing (remembered); under SKSML the flaw must be found.
    const bare = '<ekmi:SymkeyRequest><ekmi:GlobalKeyID>10514-0-7</ekmi:GlobalKeyID></ekmi:SymkeyRequest>';
    const foreign = received(bare, ' xmlns:ekmi="urn:not-sksml"');
    const sksml = received(bare, ` xmlns:ekmi="${EKMI}"`);
    expect(sksml.key).not.toBe(foreign.key);
    const check = countingCheck();
    expect(semanticFindingsWithMemo('S4', foreign.key, foreign.payload, check)).toEqual([]);
    const expected = validateMessageSemantics(sksml.payload);
    expect(expected.length).toBeGreaterThan(0);
    expect(semanticFindingsWithMemo('S4', sksml.key, sksml.payload, check)).toEqual(expected);
    expect(check.calls).toBe(2);
  });

  it('is bounded, oldest out first, and never used without a key', () => {
    const check = countingCheck();
    const a = received(CLEAN);
    const b = received(CLEAN.replace('10514-0-0', '10515-0-0'));
    semanticFindingsWithMemo('S5', a.key, a.payload, check, 1);
    semanticFindingsWithMemo('S5', b.key, b.payload, check, 1);
    semanticFindingsWithMemo('S5', a.key, a.payload, check, 1);
    expect(check.calls).toBe(3);
    semanticFindingsWithMemo('S5', null, a.payload, check);
    semanticFindingsWithMemo('S5', null, a.payload, check);
    expect(check.calls).toBe(5);
  });
});
