import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import type { CliIo } from '../io.ts';
import { runCli } from '../main.ts';
import type { FileReport } from './validate.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(REPO, 'spec', 'examples');
const example = (p: string): string => join(EXAMPLES, p);

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await runCli(['validate', ...args], io);
  return { code, out, err };
}

async function runJson(...args: string[]): Promise<{ code: number; reports: FileReport[] }> {
  const r = await run('--json', ...args);
  return { code: r.code, reports: JSON.parse(r.out) as FileReport[] };
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sksml-validate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string, content: string | Buffer): string => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe('sksml validate: verdicts', () => {
  it('accepts every valid example (exit 0) and says which message it found', async () => {
    const files = readdirSync(example('valid')).map((f) => example(`valid/${f}`));
    const { code, reports } = await runJson(...files);
    expect(code).toBe(0);
    expect(reports.map((r) => [r.status, r.findings])).toEqual(files.map(() => ['valid', []]));
    const soap = reports.find((r) => r.file.endsWith('soap12-symkey-request.xml'));
    expect(soap).toMatchObject({ message: 'SymkeyRequest', soap: '1.2', engines: ['libxml2'] });
  });

  it('rejects every invalid example (exit 1) with its expected semantic code', async () => {
    const files = readdirSync(example('invalid')).map((f) => example(`invalid/${f}`));
    const { code, reports } = await runJson(...files);
    expect(code).toBe(1);
    for (const r of reports) {
      expect(r.status, r.file).toBe('invalid');
      expect(r.findings.length, r.file).toBeGreaterThan(0);
    }
  });

  it('prints file, verdict, code, requirement, line:column, path and message', async () => {
    const { code, out } = await run(
      example('invalid/symkey-response-key-size.xml'),
      example('valid/kcp-request.xml'),
    );
    expect(code).toBe(1);
    expect(out).toContain('symkey-response-key-size.xml: invalid (SymkeyResponse; schema: libxml2;');
    expect(out).toMatch(
      /error SEM_KEY_SIZE_MISMATCH SKSML-MSG-103 \d+:\d+ \/SymkeyResponse\/Symkey\[2\]\/KeyUsePolicy\/KeySize \[semantic\]\n\s+KeySize '256' does not match/,
    );
    expect(out).toContain('kcp-request.xml: valid (KeyCachePolicyRequest; schema: libxml2)');
  });

  it('reports schema findings with the engine and a path, also inside a SOAP envelope', async () => {
    const xml = `<?xml version="1.0"?>
<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">
  <soap:Body>
    <ekmi:KeyCachePolicyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01">
      <ekmi:Unexpected/>
    </ekmi:KeyCachePolicyRequest>
  </soap:Body>
</soap:Envelope>`;
    const { code, reports } = await runJson(fixture('kcp-child.xml', xml));
    expect(code).toBe(1);
    const schema = reports[0]?.findings.filter((f) => f.source === 'schema') ?? [];
    expect(schema.length).toBeGreaterThan(0);
    expect(schema[0]).toMatchObject({ engine: 'libxml2', code: 'SCHEMA_INVALID', line: 4, column: null });
    expect(schema[0]?.path).toBe('/Envelope/Body/KeyCachePolicyRequest');
  });

  it('keeps warnings from making a document invalid', async () => {
    const xml = `<ekmi:SymkeyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:KeyClasses><ekmi:KeyClass>A</ekmi:KeyClass><ekmi:KeyClass>A</ekmi:KeyClass></ekmi:KeyClasses></ekmi:SymkeyRequest>`;
    const { code, out } = await run(fixture('dup-class.xml', xml));
    expect(code).toBe(0);
    expect(out).toContain('valid (SymkeyRequest; schema: libxml2; 1 warning)');
    expect(out).toContain('warning SEM_DUPLICATE_KEYCLASS SKSML-MSG-108');
  });

  it('reports a document that is not SKSML', async () => {
    const { code, out } = await run(fixture('other.xml', '<html><body/></html>'));
    expect(code).toBe(1);
    expect(out).toContain('SEM_NOT_SKSML_MESSAGE SKSML-MSG-118');
  });
});

describe('sksml validate: usage and unreadable input (exit 2)', () => {
  it.each([
    [[], /no file given/],
    [['--frobnicate', 'x.xml'], /unknown option '--frobnicate'/],
    [['--engine', 'saxon', 'x.xml'], /unknown engine 'saxon'/],
    [['--engine'], /--engine needs a value/],
  ])('%j is a usage error', async (args, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('names a missing file and a directory, and still validates the others', async () => {
    const { code, reports } = await runJson(join(dir, 'missing.xml'), dir, example('valid/kcp-request.xml'));
    expect(code).toBe(2);
    expect(reports.map((r) => [r.status, r.findings[0]?.code])).toEqual([
      ['unreadable', 'FILE_NOT_FOUND'],
      ['unreadable', 'FILE_IS_DIRECTORY'],
      ['valid', undefined],
    ]);
  });

  it.skipIf(!existsSync('/dev/zero'))('refuses a device without reading it', async () => {
    const { code, reports } = await runJson('/dev/zero');
    expect(code).toBe(2);
    expect(reports[0]?.findings[0]?.code).toBe('FILE_NOT_REGULAR');
  });
});

describe('sksml validate: hostile input gives a clear error quickly', () => {
  const cases: [string, () => string, string, RegExp][] = [
    [
      'billion laughs',
      () =>
        fixture(
          'lol.xml',
          `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><ekmi:KeyCachePolicyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01">&lol3;</ekmi:KeyCachePolicyRequest>`,
        ),
      'XML_DOCTYPE_FORBIDDEN',
      /DOCTYPE/i,
    ],
    [
      'external entity (XXE)',
      () =>
        fixture(
          'xxe.xml',
          `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`,
        ),
      'XML_DOCTYPE_FORBIDDEN',
      /DOCTYPE/i,
    ],
    [
      '100 MB file',
      () => {
        const file = join(dir, 'huge.xml');
        writeFileSync(file, '<a>');
        truncateSync(file, 100 * 1024 * 1024); // sparse: costs no disk, must not be read
        return file;
      },
      'XML_LIMIT_BYTES',
      /104857600 bytes, above the intake limit/,
    ],
    [
      '10,000-deep nesting',
      () => fixture('deep.xml', '<a>'.repeat(10_000) + '</a>'.repeat(10_000)),
      'XML_LIMIT_DEPTH',
      /depth|deep|nest/i,
    ],
    [
      'binary garbage',
      () =>
        fixture('garbage.xml', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))),
      '',
      /./,
    ],
    ['empty file', () => fixture('empty.xml', ''), 'XML_EMPTY', /empty|no root/i],
  ];

  it.each(cases)('%s', async (_label, make, expectedCode, message) => {
    const file = make();
    const { code, reports } = await runJson(file);
    expect(code).toBe(1);
    const f = reports[0]?.findings[0];
    expect(reports[0]?.status).toBe('invalid');
    expect(f?.source === 'intake').toBe(true);
    if (expectedCode) expect(f?.code).toBe(expectedCode);
    else expect(f?.code).toMatch(/^XML_/);
    expect(f?.message).toMatch(message);
    expect(f?.message).not.toContain('root:x:0:0'); // nothing from /etc/passwd
  });
});

const javaSkip = toolSkipReason('java', hasTool('java', ['-version']));
describe.skipIf(javaSkip !== null)(`sksml validate --engine both ${javaSkip ?? ''}`, () => {
  it('runs both engines, which agree on the examples', async () => {
    const { code, reports } = await runJson(
      '--engine',
      'both',
      example('valid/symkey-response.xml'),
      example('invalid/symkey-request-leading-zero.xml'),
    );
    expect(code).toBe(1);
    expect(reports[0]).toMatchObject({ status: 'valid', engines: ['libxml2', 'xerces'] });
    const engines = new Set(reports[1]?.findings.filter((f) => f.source === 'schema').map((f) => f.engine));
    expect(engines).toEqual(new Set(['libxml2', 'xerces']));
  });
});

describe('sksml validate as a real process', () => {
  it('exits 0 for a valid file and 1 for an invalid one', () => {
    const ok = spawnSync(
      process.execPath,
      ['bin/sksml.mjs', 'validate', 'spec/examples/valid/kcp-response.xml'],
      {
        cwd: REPO,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('kcp-response.xml: valid');
    const bad = spawnSync(
      process.execPath,
      ['bin/sksml.mjs', 'validate', '--json', 'spec/examples/invalid/kcp-response-dates-reversed.xml'],
      { cwd: REPO, encoding: 'utf8', timeout: 60_000 },
    );
    expect(bad.status, bad.stderr).toBe(1);
    const reports = JSON.parse(bad.stdout) as FileReport[];
    expect(reports[0]?.findings.map((f) => f.code)).toContain('SEM_KCP_DATES_REVERSED');
  });
});
