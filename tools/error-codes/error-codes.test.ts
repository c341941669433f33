import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCodes, isWellNamedCode, type CodeCheck } from './check-codes.ts';
import { readDocumentedCodes } from './documented-codes.ts';
import { repositoryRoot, scanErrorCodes, type ScanResult } from './scan.ts';

const REGISTRY = join(repositoryRoot(), 'spec', 'error-codes.md');

function listing(items: readonly (string | number)[]): string {
  return items.length === 0 ? '' : `\n  ${items.join('\n  ')}`;
}

describe('spec/error-codes.md matches the code base', () => {
  let scan: ScanResult;
  let check: CodeCheck;

  beforeAll(() => {
    scan = scanErrorCodes();
    check = checkCodes(scan, readFileSync(REGISTRY, 'utf8'));
  });

  it('the scan sees the project (sanity: SksmlError subclasses and codes of every kind)', () => {
    expect(scan.errorClasses.size).toBeGreaterThan(10);
    const kinds = new Set([...scan.codes.values()].flatMap((sources) => sources.map((s) => s.kind)));
    expect([...kinds].sort()).toEqual(['declared', 'reported', 'table', 'thrown']);
  });

  it('documents every code the code base can raise', () => {
    expect(
      check.undocumented,
      `codes missing from spec/error-codes.md:${listing(check.undocumented)}`,
    ).toEqual([]);
  });

  it('documents no code that is no longer raised (stale rows)', () => {
    expect(
      check.stale,
      `rows of spec/error-codes.md naming codes found nowhere:${listing(check.stale)}`,
    ).toEqual([]);
  });

  it('every code follows the naming convention (SymkeyError SKS- codes have their own format)', () => {
    expect(
      check.badlyNamed,
      `codes not matching ^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$:${listing(check.badlyNamed)}`,
    ).toEqual([]);
  });

  it('documents each code once, in a row that names it', () => {
    expect(check.duplicated, `codes with more than one row:${listing(check.duplicated)}`).toEqual([]);
    expect(
      check.rowsWithoutCode,
      `code-table rows without a code (lines):${listing(check.rowsWithoutCode)}`,
    ).toEqual([]);
  });

  it('every code argument resolves to string literals', () => {
    expect(
      check.unresolved,
      `code arguments the scanner cannot narrow to literals (pass a literal or a literal-union type):${listing(check.unresolved)}`,
    ).toEqual([]);
  });
});

describe('checkCodes', () => {
  const scanOf = (codes: string[], unresolved: ScanResult['unresolved'] = []): ScanResult => ({
    codes: new Map(
      codes.map((c) => [c, [{ kind: 'thrown' as const, file: 'x.ts', line: 1, via: 'XError' }]]),
    ),
    unresolved,
    errorClasses: new Map(),
    plainErrorClasses: new Map(),
    filesScanned: 1,
  });
  const doc = (rows: string[]): string =>
    [
      '# Codes',
      '',
      '## Area',
      '',
      '| code | meaning |',
      '|---|---|',
      ...rows.map((r) => `| ${r} | m |`),
      '',
    ].join('\n');

  it('reports undocumented, stale, badly named and duplicated codes', () => {
    const result = checkCodes(
      scanOf(['A_ONE', 'A_TWO', 'lower_case', 'SKS-FINE']),
      doc(['`A_ONE`', '`A_GONE`', '`lower_case`', '`SKS-FINE`', '`A_ONE`']),
    );
    expect(result.undocumented).toEqual(['A_TWO (thrown x.ts:1)']);
    expect(result.stale).toEqual(['A_GONE']);
    expect(result.badlyNamed).toEqual(['lower_case']);
    expect(result.duplicated).toEqual(['A_ONE']);
  });

  it('passes a registry that matches', () => {
    const result = checkCodes(scanOf(['A_ONE', 'SKS-FINE']), doc(['`A_ONE`', '`SKS-FINE`']));
    expect(result).toEqual({
      undocumented: [],
      stale: [],
      badlyNamed: [],
      duplicated: [],
      rowsWithoutCode: [],
      unresolved: [],
    });
  });

  it('passes unresolved sites through', () => {
    const result = checkCodes(scanOf([], [{ file: 'y.ts', line: 3, via: 'YError', text: 'code' }]), doc([]));
    expect(result.unresolved).toEqual(['y.ts:3 (YError): code']);
  });
});

describe('readDocumentedCodes', () => {
  it('reads only the first cell of tables headed `code`', () => {
    const md = [
      '## First',
      '',
      '| code | meaning | example |',
      '|---|---|---|',
      '| `X_ONE` | has `NOT_A_CODE` in it | `ALSO_NOT` |',
      '| `X_TWO` | b | c |',
      '',
      '| failure | project code |',
      '|---|---|',
      '| `IGNORED_ROW` | `IGNORED_TOO` |',
      '',
      '## Second',
      '',
      '| Code | meaning |',
      '| :--- | --- |',
      '| `Y_ONE` | x |',
      '| no code here | x |',
    ].join('\n');
    const result = readDocumentedCodes(md);
    expect(result.codes).toEqual([
      { code: 'X_ONE', section: 'First', line: 5 },
      { code: 'X_TWO', section: 'First', line: 6 },
      { code: 'Y_ONE', section: 'Second', line: 16 },
    ]);
    expect(result.rowsWithoutCode).toEqual([17]);
  });

  it('reads the real registry: every section with a table has codes', () => {
    const result = readDocumentedCodes(readFileSync(REGISTRY, 'utf8'));
    const sections = new Set(result.codes.map((c) => c.section));
    expect(sections.has('XML intake')).toBe(true);
    expect(result.codes.length).toBeGreaterThan(100);
  });
});

describe('isWellNamedCode', () => {
  it.each([
    'XML_EMPTY',
    'WSS_SIGN_BAD_INPUT',
    'KEYTRANSPORT_KEY_LENGTH',
    'SKS-UNKNOWN-KEY',
    'SKS-100004',
    'A1_B2',
  ])('accepts %s', (code) => expect(isWellNamedCode(code)).toBe(true));
  it.each([
    'EMPTY',
    'xml_empty',
    'XML__EMPTY',
    'XML_EMPTY_',
    '_XML',
    'XML-EMPTY',
    'SKS_',
    'SKS-unknown',
    '1_A',
    '',
  ])('rejects %s', (code) => expect(isWellNamedCode(code)).toBe(false));
});
