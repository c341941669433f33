import { describe, expect, it } from 'vitest';
import { SKSML_NS } from '../../protocol/model/namespaces.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { ENGINE_EXPLANATIONS, ERRATA_EXPLANATIONS, explain } from './explanations.ts';
import { CELLS, type Cell, type CorpusDocument, type Verdicts } from './verdicts.ts';

function doc(xml: string): CorpusDocument {
  return {
    id: 't',
    origin: 'mutated',
    messageType: 'x',
    mutation: null,
    site: null,
    tree: parseXml(xml).root,
    xml,
  };
}

function verdicts(valid: Partial<Record<Cell, boolean>>): Verdicts {
  return Object.fromEntries(CELLS.map((c) => [c, { valid: valid[c] ?? true, message: null }])) as Verdicts;
}

const oursRejects = verdicts({ 'ours/libxml2': false, 'ours/xerces': false });
const referenceRejects = verdicts({ 'reference/libxml2': false, 'reference/xerces': false });
const E = `xmlns:ekmi="${SKSML_NS}"`;

describe('erratum predicates', () => {
  it('explain a stricter rule of ours only in the direction the erratum states', () => {
    const leading = doc(
      `<ekmi:SymkeyRequest ${E}><ekmi:GlobalKeyID>010514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`,
    );
    expect(explain(ERRATA_EXPLANATIONS, leading, oursRejects)?.id).toBe('E2');
    expect(explain(ERRATA_EXPLANATIONS, leading, referenceRejects)).toBeNull();
  });

  it('recognise each documented difference and nothing else', () => {
    const cases: [string, string | null][] = [
      [`<ekmi:SymkeyResponse ${E}/>`, 'E1'],
      [`<ekmi:SymkeyResponse ${E}><x:Other xmlns:x="urn:x"/></ekmi:SymkeyResponse>`, 'E1'],
      [`<ekmi:SymkeyResponse ${E}><ekmi:SymkeyRequest/></ekmi:SymkeyResponse>`, null],
      [
        `<ekmi:SymkeyRequest ${E}><ekmi:SymkeyRequestID>1-2-0</ekmi:SymkeyRequestID></ekmi:SymkeyRequest>`,
        'E3',
      ],
      [`<ekmi:SymkeyRequest ${E}><ekmi:GlobalKeyID>10514-0-5</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`, 'E4'],
      [`<ekmi:SymkeyRequest ${E}><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`, null],
      [
        `<ekmi:SymkeyResponse ${E}><ekmi:Symkey><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:Symkey></ekmi:SymkeyResponse>`,
        'E5',
      ],
      [
        `<ekmi:SymkeyResponse ${E}><ekmi:Symkey><ekmi:GlobalKeyID>10514-0-5</ekmi:GlobalKeyID></ekmi:Symkey></ekmi:SymkeyResponse>`,
        'E5',
      ],
      [
        `<ekmi:SymkeyRequest ${E}><ekmi:KeyClasses><ekmi:KeyClass/></ekmi:KeyClasses></ekmi:SymkeyRequest>`,
        'E6',
      ],
      [
        `<ekmi:SymkeyRequest ${E}><ekmi:KeyClasses><ekmi:KeyClass> </ekmi:KeyClass></ekmi:KeyClasses></ekmi:SymkeyRequest>`,
        null,
      ],
      [`<ekmi:SymkeyRequest ${E}><ekmi:X509EncryptionCertificate/></ekmi:SymkeyRequest>`, 'E7'],
      [`<ekmi:KeyUsePolicy ${E}>text<ekmi:KeyClass>a</ekmi:KeyClass></ekmi:KeyUsePolicy>`, 'E9'],
      [`<ekmi:KeyUsePolicy ${E}>  <ekmi:KeyClass>a</ekmi:KeyClass></ekmi:KeyUsePolicy>`, null],
      [`<ekmi:PermittedLocation ${E}><ekmi:Latitude>90.5</ekmi:Latitude></ekmi:PermittedLocation>`, 'E15'],
      [`<ekmi:PermittedLocation ${E}><ekmi:Longitude>-180</ekmi:Longitude></ekmi:PermittedLocation>`, null],
    ];
    for (const [xml, expected] of cases)
      expect(explain(ERRATA_EXPLANATIONS, doc(xml), oursRejects)?.id ?? null, xml).toBe(expected);
  });
});

describe('engine differences', () => {
  it("ENG-1 explains libxml2 accepting '#' in base64 only when Xerces is the one rejecting", () => {
    const d = doc(`<ekmi:X509EncryptionCertificate ${E}>#</ekmi:X509EncryptionCertificate>`);
    expect(
      explain(ENGINE_EXPLANATIONS, d, verdicts({ 'ours/xerces': false, 'reference/xerces': false }))?.id,
    ).toBe('ENG-1');
    expect(explain(ENGINE_EXPLANATIONS, d, verdicts({ 'ours/libxml2': false }))).toBeNull();
    const clean = doc(`<ekmi:X509EncryptionCertificate ${E}>AAAA</ekmi:X509EncryptionCertificate>`);
    expect(explain(ENGINE_EXPLANATIONS, clean, verdicts({ 'ours/xerces': false }))).toBeNull();
  });
});
