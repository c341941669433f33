/**
 * Differential proof of canonicalize() against libxml2, on a generated corpus of >= 500
 * documents (prefixes, default namespaces, redeclarations, xmlns="", attributes in namespaces,
 * special characters, CRLF, CDATA, comments, nested subtrees):
 *  - whole documents, with comments: `xmllint --exc-c14n` (xmllint always keeps comments);
 *  - whole documents, without comments: `xmllint --exc-c14n` on the comment-free twin of each
 *    document (same document serialized without comments), and lxml (libxml2's
 *    xmlC14NDocSaveTo with with_comments=0) on the document itself;
 *  - subtrees (a random element of each document), with and without comments and with a random
 *    InclusiveNamespaces PrefixList: lxml's exclusive c14n of that element.
 * The corpus seed is random per run and printed on failure; SKSML_C14N_SEED replays one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, toolSkipReason } from '../testkit/external-tool.ts';
import { canonicalize } from './c14n.ts';
import { parseXml } from './intake.ts';
import { findAncestorNamespaces } from './namespace-scope.ts';
import { generatedDocumentArb, serializeGenerated } from './test-support/generated-document.ts';
import type { GenDocument, GenElement } from './test-support/generated-document.ts';
import type { XmlElement } from './tree.ts';
import { childElements } from './tree.ts';

const PYTHON = '/usr/bin/python3';
const CORPUS_SIZE = 520;
const SEED = Number(process.env.SKSML_C14N_SEED ?? Math.floor(Math.random() * 2 ** 31));

const xmllintSkip = toolSkipReason('xmllint', hasTool('xmllint', ['--version']));
const lxmlSkip = toolSkipReason(
  'python3-lxml',
  hasTool(PYTHON, ['-c', 'import ctypes, lxml.etree; ctypes.CDLL("libxml2.so.2")']),
);

interface CorpusEntry {
  readonly doc: GenDocument;
  readonly text: string;
  readonly file: string;
  /** The same document without comments. */
  readonly twinFile: string;
  /** The chosen subtree as a document of its own (see apexDocument). */
  readonly apexFile: string;
  /** Element-child indices from the root to the chosen subtree apex. */
  readonly path: readonly number[];
  readonly prefixes: readonly string[];
  readonly withComments: boolean;
}

function run(
  command: string,
  args: readonly string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Runs `xmllint --exc-c14n` over many files in one shell loop per worker; output in FILE.out. */
async function runXmllint(files: readonly string[], workers = 2): Promise<void> {
  const script =
    'for f in "$@"; do xmllint --exc-c14n "$f" > "$f.out" 2> "$f.err" || echo fail > "$f.failed"; done';
  const chunks: string[][] = Array.from({ length: workers }, () => []);
  files.forEach((f, i) => chunks[i % workers]?.push(f));
  await Promise.all(chunks.map((chunk) => run('sh', ['-c', script, 'sh', ...chunk])));
}

/**
 * Python oracle over libxml2: `doc` jobs call xmlC14NDocDumpMemory through ctypes (whole
 * document, exclusive mode, any prefix list including #default); `lxml` jobs canonicalize an
 * element of the parsed document in place with lxml (which drops '#default' from prefix lists,
 * so those jobs never carry it).
 */
const ORACLE_SCRIPT = `
import ctypes, json, sys
from lxml import etree
lib = ctypes.CDLL('libxml2.so.2')
lib.xmlReadFile.restype = ctypes.c_void_p
lib.xmlReadFile.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
lib.xmlFreeDoc.argtypes = [ctypes.c_void_p]
lib.xmlC14NDocDumpMemory.restype = ctypes.c_int
lib.xmlC14NDocDumpMemory.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int,
    ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.POINTER(ctypes.c_void_p)]
def whole(job):
    doc = lib.xmlReadFile(job['file'].encode(), None, 0)
    if not doc:
        raise Exception('libxml2 could not parse ' + job['file'])
    prefixes = [p.encode() for p in job['prefixes']]
    arr = (ctypes.c_char_p * (len(prefixes) + 1))(*prefixes, None) if prefixes else None
    out = ctypes.c_void_p()
    n = lib.xmlC14NDocDumpMemory(doc, None, 1, arr, 1 if job['withComments'] else 0, ctypes.byref(out))
    lib.xmlFreeDoc(doc)
    if n < 0:
        raise Exception('xmlC14NDocDumpMemory failed')
    return ctypes.string_at(out, n).decode('utf-8')
def subtree(job):
    node = etree.parse(job['file']).getroot()
    for i in job['path']:
        node = [c for c in node if isinstance(c.tag, str)][i]
    return etree.tostring(node, method='c14n', exclusive=True, with_comments=job['withComments'],
                          inclusive_ns_prefixes=job['prefixes'] or None).decode('utf-8')
out = []
for job in json.load(sys.stdin):
    try:
        out.append({'ok': whole(job) if job['kind'] == 'doc' else subtree(job)})
    except Exception as e:
        out.append({'error': repr(e)})
json.dump(out, sys.stdout)
`;

interface OracleJob {
  readonly kind: 'doc' | 'lxml';
  readonly file: string;
  readonly path: readonly number[];
  readonly withComments: boolean;
  readonly prefixes: readonly string[];
}

type OracleResult = { ok: string } | { error: string };

async function runOracle(jobs: readonly OracleJob[]): Promise<OracleResult[]> {
  const r = await run(PYTHON, ['-c', ORACLE_SCRIPT], JSON.stringify(jobs));
  if (r.code !== 0) throw new Error(`libxml2 oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as OracleResult[];
}

/**
 * The apex of a subtree as a document of its own: the apex element plus every namespace it
 * inherits (exc-c14n of a subtree only sees the apex's namespace axis, and the apex has no
 * output ancestor, so both give the same canonical form).
 */
function apexDocument(doc: GenDocument, path: readonly number[]): GenDocument {
  const inherited = new Map<string | null, string>();
  let e = doc.root;
  for (const i of path) {
    for (const d of e.declarations) inherited.set(d.prefix, d.uri);
    e = e.children.filter((c): c is GenElement => c.kind === 'element')[i] as GenElement;
  }
  const declarations = [...e.declarations];
  for (const [prefix, uri] of inherited)
    if (uri !== '' && !declarations.some((d) => d.prefix === prefix)) declarations.push({ prefix, uri });
  return { declaration: false, prolog: [], epilog: [], style: doc.style, root: { ...e, declarations } };
}

function genElementAt(root: GenElement, path: readonly number[]): GenElement {
  let e = root;
  for (const i of path) e = e.children.filter((c): c is GenElement => c.kind === 'element')[i] as GenElement;
  return e;
}

function elementAt(root: XmlElement, path: readonly number[]): XmlElement {
  let e = root;
  for (const i of path) e = childElements(e)[i] as XmlElement;
  return e;
}

/** All element paths of a generated tree (root = []). */
function elementPaths(root: GenElement): number[][] {
  const out: number[][] = [];
  const stack: { e: GenElement; path: number[] }[] = [{ e: root, path: [] }];
  while (stack.length > 0) {
    const { e, path } = stack.pop() as { e: GenElement; path: number[] };
    out.push(path);
    e.children
      .filter((c): c is GenElement => c.kind === 'element')
      .forEach((c, i) => stack.push({ e: c, path: [...path, i] }));
  }
  return out;
}

function mismatchReport(what: string, entry: CorpusEntry, expected: string, actual: string): string {
  return [
    `${what} (seed ${SEED}, replay with SKSML_C14N_SEED=${SEED})`,
    `document: ${JSON.stringify(entry.text)}`,
    `path: ${JSON.stringify(entry.path)} prefixes: ${JSON.stringify(entry.prefixes)} comments: ${entry.withComments}`,
    `libxml2: ${JSON.stringify(expected)}`,
    `ours:    ${JSON.stringify(actual)}`,
  ].join('\n');
}

describe.skipIf(xmllintSkip !== null || lxmlSkip !== null)(
  `exc-c14n equals libxml2 on a generated corpus ${xmllintSkip ?? lxmlSkip ?? ''}`,
  () => {
    let dir = '';
    let corpus: CorpusEntry[] = [];

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'sksml-c14n-'));
      const choose = fc.record({
        pathPick: fc.nat(),
        prefixes: fc.subarray(['a', 'b', 'c', 'soap', '#default', 'zz']),
        withComments: fc.boolean(),
      });
      const docs = fc.sample(fc.tuple(generatedDocumentArb, choose), { numRuns: CORPUS_SIZE, seed: SEED });
      corpus = docs.map(([doc, pick], n) => {
        const text = serializeGenerated(doc, { rawAttributeWhitespace: true });
        const file = join(dir, `doc-${n}.xml`);
        const twinFile = join(dir, `doc-${n}-nc.xml`);
        writeFileSync(file, text);
        writeFileSync(
          twinFile,
          serializeGenerated(doc, { rawAttributeWhitespace: true, dropComments: true }),
        );
        const paths = elementPaths(doc.root);
        // Prefer real subtrees, the deeper half of them.
        const nested = (paths.length > 1 ? paths.slice(1) : paths).sort((x, y) => y.length - x.length);
        const path = nested[pick.pathPick % Math.ceil(nested.length / 2)] as number[];
        const apexFile = join(dir, `doc-${n}-apex.xml`);
        writeFileSync(
          apexFile,
          serializeGenerated(apexDocument(doc, path), { rawAttributeWhitespace: true }),
        );
        const { prefixes, withComments } = pick;
        return { doc, text, file, twinFile, apexFile, path, prefixes, withComments };
      });
    });

    afterAll(() => {
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it('has a corpus of at least 500 documents with the features exc-c14n cares about', () => {
      expect(corpus.length).toBeGreaterThanOrEqual(500);
      const all = corpus.map((c) => c.text).join('\n');
      for (const feature of ['xmlns="', 'xmlns=""', 'xmlns:', '<![CDATA[', '<!--', '\r\n', '&#13;', 'xml:'])
        expect(all, feature).toContain(feature);
      expect(corpus.filter((c) => c.path.length > 0).length).toBeGreaterThan(200);
      expect(corpus.filter((c) => c.path.length > 1).length).toBeGreaterThan(50);
    });

    it('whole documents: equals xmllint --exc-c14n with and without comments', async () => {
      await runXmllint(corpus.flatMap((c) => [c.file, c.twinFile]));
      const failures: string[] = [];
      for (const entry of corpus) {
        const tree = parseXml(entry.text);
        for (const [file, withComments] of [
          [entry.file, true],
          [entry.twinFile, false],
        ] as const) {
          if (existsSync(`${file}.failed`)) {
            failures.push(`xmllint rejected ${file}: ${readFileSync(`${file}.err`, 'utf8')}`);
            continue;
          }
          const expected = readFileSync(`${file}.out`, 'utf8');
          const actual = canonicalize(tree, { withComments });
          if (actual !== expected)
            failures.push(
              mismatchReport(`whole document, comments=${withComments}`, entry, expected, actual),
            );
        }
      }
      expect(failures.slice(0, 3).join('\n\n')).toBe('');
    });

    it('whole documents without comments and subtrees with prefix lists: equals libxml2 exc-c14n', async () => {
      const jobs: OracleJob[] = corpus.flatMap((c): OracleJob[] => [
        { kind: 'doc', file: c.file, path: [], withComments: false, prefixes: [] },
        { kind: 'doc', file: c.apexFile, path: [], withComments: c.withComments, prefixes: c.prefixes },
        {
          kind: 'lxml',
          file: c.file,
          path: c.path,
          withComments: c.withComments,
          prefixes: c.prefixes.filter((p) => p !== '#default'),
        },
      ]);
      const results = await runOracle(jobs);
      const failures: string[] = [];
      corpus.forEach((entry, n) => {
        const tree = parseXml(entry.text);
        const apex = elementAt(tree.root, entry.path);
        expect(apex.localName).toBe(genElementAt(entry.doc.root, entry.path).local);
        const ancestorNamespaces = findAncestorNamespaces(tree, apex);
        expect(ancestorNamespaces).not.toBeNull();
        const subtree = (prefixes: readonly string[]): string =>
          canonicalize(apex, {
            withComments: entry.withComments,
            inclusivePrefixes: prefixes,
            ancestorNamespaces: ancestorNamespaces ?? [],
          });
        const checks: [string, OracleResult | undefined, string][] = [
          ['whole document, comments=false', results[3 * n], canonicalize(tree)],
          ['subtree (as apex document)', results[3 * n + 1], subtree(entry.prefixes)],
          [
            'subtree (lxml, in place)',
            results[3 * n + 2],
            subtree(entry.prefixes.filter((p) => p !== '#default')),
          ],
        ];
        for (const [what, result, actual] of checks) {
          if (result === undefined || 'error' in result)
            failures.push(`oracle failed: ${JSON.stringify(result)}`);
          else if (result.ok !== actual) failures.push(mismatchReport(what, entry, result.ok, actual));
        }
      });
      expect(failures.slice(0, 3).join('\n\n')).toBe('');
    });

    it('hand-written namespace edge cases: equals libxml2 exc-c14n', async () => {
      const cases: { xml: string; prefixes: string[]; path: number[] }[] = [];
      const add = (xml: string, ...prefixLists: string[][]): void => {
        for (const prefixes of prefixLists)
          cases.push({ xml, prefixes, path: [] }, { xml, prefixes, path: [0] });
      };
      add('<a xmlns="urn:u"><p:b xmlns:p="urn:v" xmlns=""><c/><p:d/></p:b></a>', [], ['#default'], ['p']);
      add('<a xmlns:p="urn:v" xmlns:q="urn:w"><b><p:c/></b><q:d p:x="1"/></a>', [], ['q'], ['p', 'q']);
      add('<p:a xmlns:p="urn:v"><p:b xmlns:p="urn:w"><p:c xmlns:p="urn:v"/></p:b></p:a>', [], ['p']);
      add('<a xmlns="urn:u"><b xmlns="urn:u"><c xmlns=""><d xmlns="urn:u"/></c></b></a>', [], ['#default']);
      add('<a xmlns:p="urn:v" xml:lang="en"><b p:x="1" xml:space="preserve"><c xml:lang="fr"/></b></a>', []);
      add('<a><b xmlns:p="urn:v"><c/><p:d/></b></a>', ['p'], ['p', '#default']);
      add('<a xmlns:p="urn:v"><b><p:c><p:d/></p:c></b></a>', ['p'], []);
      add('<a xmlns="urn:u"><b xmlns=""><c xmlns="urn:u"/></b></a>', ['#default'], []);
      add(
        '<a xmlns:z="http://a" xmlns:y="http://b" z:b="1" y:a="2" c="3" b="4"><e y:b="1" z:a="2"/></a>',
        [],
      );
      add('<a><b a\uFF61="1" a\u{1F600}="2" a\uF900="3" aZ="4"/></a>', []);
      add('<a xmlns:\u{1F600}x="urn:a" xmlns:\uFF61x="urn:b"><b \u{1F600}x:a="1" \uFF61x:a="2"/></a>', []);
      add('<a xmlns="urn:u" xmlns:p="urn:u"><p:b><c p:x="1"/></p:b></a>', [], ['#default', 'p']);
      add('<a><!--x--><b><!--y-->t<![CDATA[<&>]]>&#13;\n</b></a>', []);
      const jobs: OracleJob[] = [];
      const files: string[] = [];
      cases.forEach((c, n) => {
        const file = join(dir, `case-${n}.xml`);
        writeFileSync(file, c.xml);
        files.push(file);
        for (const withComments of [false, true])
          jobs.push(
            c.path.length === 0
              ? { kind: 'doc', file, path: [], withComments, prefixes: c.prefixes }
              : {
                  kind: 'lxml',
                  file,
                  path: c.path,
                  withComments,
                  prefixes: c.prefixes.filter((p) => p !== '#default'),
                },
          );
      });
      const results = await runOracle(jobs);
      const failures: string[] = [];
      let k = 0;
      for (const c of cases) {
        const tree = parseXml(c.xml);
        const apex = elementAt(tree.root, c.path);
        for (const withComments of [false, true]) {
          const result = results[k++];
          const prefixes = c.path.length === 0 ? c.prefixes : c.prefixes.filter((p) => p !== '#default');
          const actual =
            c.path.length === 0
              ? canonicalize(tree, { withComments, inclusivePrefixes: prefixes })
              : canonicalize(apex, {
                  withComments,
                  inclusivePrefixes: prefixes,
                  ancestorNamespaces: findAncestorNamespaces(tree, apex) ?? [],
                });
          if (result === undefined || 'error' in result)
            failures.push(`oracle failed: ${JSON.stringify(result)}`);
          else if (result.ok !== actual)
            failures.push(
              `${c.xml} ${JSON.stringify(c.path)} ${JSON.stringify(prefixes)} comments=${withComments}\nlibxml2: ${result.ok}\nours:    ${actual}`,
            );
        }
      }
      expect(failures.join('\n\n')).toBe('');
    });
  },
);
