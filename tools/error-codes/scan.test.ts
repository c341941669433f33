import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatScan,
  listScannedFiles,
  scanErrorCodes,
  type CodeSourceKind,
  type ScanResult,
} from './scan.ts';

/** A miniature project exercising every way a code can reach an SksmlError. */
const FIXTURE: Record<string, string> = {
  'protocol/errors/sksml-error.ts': `
export class SksmlError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}`,
  'protocol/errors/errors.ts': `
import { SksmlError } from './sksml-error.ts';
export class FooError extends SksmlError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}
export class FixedError extends SksmlError {
  constructor(detail: string) {
    super('FIXED_CODE', detail);
  }
}
export class SecondError extends SksmlError {
  constructor(kind: string, code: string) {
    super(code, kind);
  }
}
export type BarErrorCode = 'BAR_ONE' | 'BAR_TWO';
export class BarError extends SksmlError {
  declare readonly code: BarErrorCode;
  constructor(code: BarErrorCode) {
    super(code, 'bar');
  }
}
export class DefaultError extends SksmlError {
  constructor(message: string, code = 'DEFAULT_CODE') {
    super(code, message);
  }
}
export class GrandChildError extends FooError {}
export class PlainError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}
export type LegacyErrorCode = 'LEGACY_ONE';
export const THING_CODES = ['TABLE_ONE', 'TABLE_TWO'] as const;
export const LOOSE_CODES: string[] = ['NOT_A_TABLE'];
export type SoapishCode = 'Sender' | 'Receiver';
`,
  'protocol/use.ts': `
import { BarError, DefaultError, FixedError, FooError, GrandChildError, PlainError, SecondError } from './errors/errors.ts';
export function direct(): never {
  throw new FooError('FOO_DIRECT', 'm');
}
function fail(code: string): FooError {
  return new FooError(code, 'm');
}
export function viaHelper(n: number): never {
  throw n > 0 ? fail('VIA_HELPER_A') : fail('VIA_HELPER_B');
}
export function conditional(flag: boolean): never {
  throw new FooError(flag ? 'COND_A' : 'COND_B', 'm');
}
export function second(): never {
  throw new SecondError('not-a-code', 'SECOND_CODE');
}
export function fixed(): never {
  throw new FixedError('anything');
}
export function bar(): never {
  throw new BarError('BAR_ONE');
}
export function defaulted(): never {
  throw new DefaultError('m');
}
export function grandChild(): never {
  throw new GrandChildError('GRAND_CHILD', 'm');
}
const MAP = { a: 'MAPPED_A', b: 'MAPPED_B' } as const;
export function mapped(k: 'a' | 'b'): never {
  throw new FooError(MAP[k], 'm');
}
function codeOf(n: number): string {
  if (n > 1) return 'RETURNED_A';
  return 'RETURNED_B';
}
export function returned(n: number): never {
  throw new FooError(codeOf(n), 'm');
}
export function rethrow(run: () => void): void {
  try {
    run();
  } catch (e) {
    if (e instanceof FixedError) throw new FooError(e.code, 'wrapped');
    throw e;
  }
}
export function plain(): never {
  throw new PlainError('PLAIN_NOT_COUNTED');
}
export function dynamic(s: string): never {
  throw new FooError(s.toUpperCase(), 'm');
}
`,
  'protocol/findings.ts': `
export interface DemoFinding {
  readonly code: string;
  readonly message: string;
}
export interface DemoRule {
  readonly codes: readonly string[];
}
function finding(code: string): DemoFinding {
  return { code, message: 'x' };
}
export const RULE: DemoRule = { codes: ['RULE_LISTED'] };
export const FOUND: DemoFinding[] = [finding('FOUND_VIA_HELPER'), { code: 'FOUND_DIRECT', message: 'y' }];
export const NOT_A_FINDING = { code: 'OTHER_OBJECT' };
`,
  'protocol/use.test.ts': `
import { FooError } from './errors/errors.ts';
export const inTest = new FooError('IN_TEST_FILE', 'm');
`,
  'lonely/lonely.ts': `
export class LonelyError extends Error {}
export const lonely = new LonelyError('LONELY_CODE');
`,
  'elsewhere/outside.ts': `
import { FooError } from '../protocol/errors/errors.ts';
export const outside = new FooError('OUTSIDE_SCANNED_FOLDERS', 'm');
`,
};

let root: string;
let scan: ScanResult;

function kindsOf(code: string): CodeSourceKind[] {
  return [...new Set((scan.codes.get(code) ?? []).map((s) => s.kind))].sort();
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sksml-error-codes-'));
  for (const [path, text] of Object.entries(FIXTURE)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        allowImportingTsExtensions: true,
        types: [],
      },
    }),
  );
  scan = scanErrorCodes(root, { folders: ['protocol'] });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('scanErrorCodes on a fixture project', () => {
  it('lists non-test .ts files of the scanned folders only', () => {
    const files = listScannedFiles(root, ['protocol']).map((f) => f.slice(root.length + 1));
    expect(files).toEqual([
      'protocol/errors/errors.ts',
      'protocol/errors/sksml-error.ts',
      'protocol/findings.ts',
      'protocol/use.ts',
    ]);
  });

  it('finds literal codes, through helpers, conditionals, tables, returns and defaults', () => {
    for (const code of [
      'FOO_DIRECT',
      'VIA_HELPER_A',
      'VIA_HELPER_B',
      'COND_A',
      'COND_B',
      'SECOND_CODE',
      'FIXED_CODE',
      'BAR_ONE',
      'DEFAULT_CODE',
      'GRAND_CHILD',
      'MAPPED_A',
      'MAPPED_B',
      'RETURNED_A',
      'RETURNED_B',
    ])
      expect(kindsOf(code), code).toContain('thrown');
  });

  it('records where a thrown code comes from', () => {
    const sources = scan.codes.get('FOO_DIRECT') ?? [];
    expect(sources).toEqual([{ kind: 'thrown', file: 'protocol/use.ts', line: 4, via: 'FooError' }]);
  });

  it('follows a helper parameter to its callers rather than widening to its type', () => {
    const sources = scan.codes.get('VIA_HELPER_A') ?? [];
    expect(sources.map((s) => s.line)).toEqual([10]);
  });

  it('takes the declared code types of error classes and ...ErrorCode aliases', () => {
    expect(kindsOf('BAR_TWO')).toEqual(['declared', 'table']);
    expect(kindsOf('BAR_ONE')).toEqual(['declared', 'table', 'thrown']);
    expect(kindsOf('LEGACY_ONE')).toEqual(['table']);
  });

  it('takes `as const` ..._CODES lists only', () => {
    expect(kindsOf('TABLE_ONE')).toEqual(['table']);
    expect(kindsOf('TABLE_TWO')).toEqual(['table']);
    expect(scan.codes.has('NOT_A_TABLE')).toBe(false);
    expect(scan.codes.has('Sender')).toBe(false);
  });

  it('takes finding codes and rule code lists as reported codes', () => {
    expect(kindsOf('FOUND_DIRECT')).toEqual(['reported']);
    expect(kindsOf('FOUND_VIA_HELPER')).toEqual(['reported']);
    expect(kindsOf('RULE_LISTED')).toEqual(['reported']);
    expect(scan.codes.has('OTHER_OBJECT')).toBe(false);
  });

  it('ignores non-code arguments, plain Error subclasses, test files and other folders', () => {
    for (const code of [
      'not-a-code',
      'anything',
      'm',
      'PLAIN_NOT_COUNTED',
      'IN_TEST_FILE',
      'OUTSIDE_SCANNED_FOLDERS',
    ])
      expect(scan.codes.has(code), code).toBe(false);
    expect([...scan.plainErrorClasses.keys()]).toEqual(['PlainError']);
    expect([...scan.errorClasses.keys()].sort()).toEqual([
      'BarError',
      'DefaultError',
      'FixedError',
      'FooError',
      'GrandChildError',
      'SecondError',
    ]);
  });

  it('reports a code it cannot narrow to literals, and only that one', () => {
    expect(scan.unresolved).toEqual([
      { file: 'protocol/use.ts', line: 53, via: 'FooError', text: 's.toUpperCase()' },
    ]);
  });

  it('lists every found code exactly once', () => {
    const expected = [
      'BAR_ONE',
      'BAR_TWO',
      'COND_A',
      'COND_B',
      'DEFAULT_CODE',
      'FIXED_CODE',
      'FOO_DIRECT',
      'FOUND_DIRECT',
      'FOUND_VIA_HELPER',
      'GRAND_CHILD',
      'LEGACY_ONE',
      'MAPPED_A',
      'MAPPED_B',
      'RETURNED_A',
      'RETURNED_B',
      'RULE_LISTED',
      'SECOND_CODE',
      'TABLE_ONE',
      'TABLE_TWO',
      'VIA_HELPER_A',
      'VIA_HELPER_B',
    ];
    expect([...scan.codes.keys()]).toEqual(expected);
  });

  it('formats a listing with unresolved sites', () => {
    const text = formatScan(scan);
    expect(text).toContain('FOO_DIRECT\tthrown FooError protocol/use.ts:4');
    expect(text).toContain('UNRESOLVED protocol/use.ts:53 (FooError): s.toUpperCase()');
    expect(text).toContain('NOT AN SksmlError PlainError');
  });

  it('scans the folders it is given', () => {
    const other = scanErrorCodes(root, { folders: ['elsewhere'] });
    expect([...other.codes.keys()]).toEqual(['OUTSIDE_SCANNED_FOLDERS']);
  });

  it('finds nothing when the program has no SksmlError', () => {
    const empty = scanErrorCodes(root, { folders: ['lonely'] });
    expect(empty.codes.size).toBe(0);
    expect(empty.filesScanned).toBe(1);
  });
});
