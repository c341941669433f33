/**
 * Turns a SchemaSetSource into the single schema document an engine compiles.
 *
 * - One document: it is the entry, used in place.
 * - Several documents: a generated driver (in a temporary folder) includes or imports them all.
 *   Documents sharing a target namespace are gathered under one generated wrapper first, because
 *   both engines otherwise keep only the first document given for a namespace.
 * - `localOnly` (libxml2): every reference to a remote location (xs:include/import/redefine
 *   schemaLocation, a DOCTYPE system identifier) is resolved through the set's catalog, and the
 *   reachable documents are copied into the temporary folder with those references rewritten to
 *   local files. A remote reference the catalog does not map fails the preparation: nothing is
 *   ever fetched.
 *
 * Schema documents are trusted local files, so they are scanned textually, not parsed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readCatalog } from './catalog.ts';
import type { XmlCatalog } from './catalog.ts';
import type { SchemaSetSource } from './engine.ts';

export interface PreparedSchemaSet {
  /** Absolute path of the one schema document to compile. */
  readonly entry: string;
  /** Absolute path of the catalog, when the source has one. */
  readonly catalog: string | undefined;
  /** Temporary folder holding generated or copied documents, or null when none was needed. */
  readonly workDir: string | null;
  /** Removes the temporary folder, if any. Safe to call twice. */
  dispose(): void;
}

export class SchemaSetError extends Error {}

interface Reference {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly kind: 'schema' | 'dtd';
}

const XS = 'http://www.w3.org/2001/XMLSchema';

function blankComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '));
}

/** The schemaLocation literals of include/import/redefine, and a DOCTYPE's system literal. */
export function findReferences(text: string): Reference[] {
  const scan = blankComments(text);
  const refs: Reference[] = [];
  const tag = /<(?:[A-Za-z_][\w.-]*:)?(?:include|import|redefine)\b[^>]*>/g;
  for (const m of scan.matchAll(tag)) {
    const attr = /\bschemaLocation\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[0]);
    if (attr === null) continue;
    const value = attr[1] ?? attr[2] ?? '';
    const start = m.index + attr.index + attr[0].length - value.length - 1;
    refs.push({ start, end: start + value.length, value, kind: 'schema' });
  }
  const doctype =
    /<!DOCTYPE\s+[^\s[>]+\s+(?:PUBLIC\s+(?:"[^"]*"|'[^']*')\s+|SYSTEM\s+)(?:"([^"]*)"|'([^']*)')/.exec(scan);
  if (doctype !== null) {
    const value = doctype[1] ?? doctype[2] ?? '';
    const start = doctype.index + doctype[0].length - value.length - 1;
    refs.push({ start, end: start + value.length, value, kind: 'dtd' });
  }
  return refs.sort((a, b) => a.start - b.start);
}

/** The targetNamespace of a schema document ('' for none). */
export function readTargetNamespace(text: string): string {
  const scan = blankComments(text).replace(/<!DOCTYPE[\s\S]*?(?:\]\s*>|>)/, '');
  const root = /<(?:[A-Za-z_][\w.-]*:)?schema\b[^>]*>/.exec(scan);
  if (root === null) throw new SchemaSetError('not an XML Schema document (no schema element)');
  const attr = /\btargetNamespace\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(root[0]);
  return attr === null ? '' : (attr[1] ?? attr[2] ?? '');
}

function isRemote(location: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(location) && !location.startsWith('file:');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function writeDriver(dir: string, docs: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const doc of docs) {
    const ns = readTargetNamespace(readFileSync(doc, 'utf8'));
    groups.set(ns, [...(groups.get(ns) ?? []), doc]);
  }
  const url = (path: string): string => escapeAttr(pathToFileURL(path).href);
  const schema = (ns: string, body: string[]): string =>
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<xs:schema xmlns:xs="${XS}"${ns === '' ? '' : ` targetNamespace="${escapeAttr(ns)}"`}>`,
      ...body.map((line) => `  ${line}`),
      '</xs:schema>',
      '',
    ].join('\n');
  const driver = join(dir, 'driver.xsd');
  if (groups.size === 1) {
    const [ns, members] = [...groups][0] as [string, string[]];
    writeFileSync(
      driver,
      schema(
        ns,
        members.map((m) => `<xs:include schemaLocation="${url(m)}"/>`),
      ),
    );
    return driver;
  }
  const lines: string[] = [];
  let wrapperIndex = 0;
  for (const [ns, members] of groups) {
    if (ns === '') {
      lines.push(...members.map((m) => `<xs:include schemaLocation="${url(m)}"/>`));
      continue;
    }
    let target = members[0] as string;
    if (members.length > 1) {
      target = join(dir, `namespace-${wrapperIndex++}.xsd`);
      writeFileSync(
        target,
        schema(
          ns,
          members.map((m) => `<xs:include schemaLocation="${url(m)}"/>`),
        ),
      );
    }
    lines.push(`<xs:import namespace="${escapeAttr(ns)}" schemaLocation="${url(target)}"/>`);
  }
  writeFileSync(driver, schema('', lines));
  return driver;
}

function resolveReference(ref: Reference, from: string, catalog: XmlCatalog | null): string {
  if (!isRemote(ref.value)) return fileURLToPath(new URL(ref.value, pathToFileURL(from)));
  const local = catalog?.resolveLocation(ref.value) ?? null;
  if (local === null)
    throw new SchemaSetError(
      `${from}: remote location ${ref.value} is not mapped by ${catalog ? catalog.path : 'any catalog (none given)'}`,
    );
  return local;
}

/**
 * Copies every document reachable from `entry` into `dir`, rewriting all references to the
 * copies (or, for DTDs, to the catalog's local file). Returns the copied entry, or `entry`
 * itself when no reference is remote.
 */
function localise(entry: string, dir: string, catalog: XmlCatalog | null): string {
  const order: string[] = [];
  const refsOf = new Map<string, { ref: Reference; target: string }[]>();
  const queue = [entry];
  let remote = false;
  while (queue.length > 0) {
    const doc = queue.shift() as string;
    if (refsOf.has(doc)) continue;
    if (!existsSync(doc)) throw new SchemaSetError(`schema document not found: ${doc}`);
    const resolved = findReferences(readFileSync(doc, 'utf8')).map((ref) => {
      if (isRemote(ref.value)) remote = true;
      return { ref, target: resolveReference(ref, doc, catalog) };
    });
    refsOf.set(doc, resolved);
    order.push(doc);
    for (const r of resolved) if (r.ref.kind === 'schema') queue.push(r.target);
  }
  if (!remote) return entry;
  const copyOf = new Map(order.map((doc, i) => [doc, join(dir, `${i}-${basename(doc)}`)]));
  for (const doc of order) {
    const text = readFileSync(doc, 'utf8');
    let out = '';
    let at = 0;
    for (const { ref, target } of refsOf.get(doc) ?? []) {
      const local = ref.kind === 'schema' ? (copyOf.get(target) as string) : target;
      out += text.slice(at, ref.start) + escapeAttr(pathToFileURL(local).href);
      at = ref.end;
    }
    writeFileSync(copyOf.get(doc) as string, out + text.slice(at));
  }
  return copyOf.get(entry) as string;
}

export function prepareSchemaSet(
  source: SchemaSetSource,
  options: { localOnly: boolean },
): PreparedSchemaSet {
  if (source.documents.length === 0) throw new SchemaSetError('the schema set names no documents');
  const docs = source.documents.map((d) => resolve(source.dir, d));
  for (const doc of docs) if (!existsSync(doc)) throw new SchemaSetError(`schema document not found: ${doc}`);
  const catalogPath = source.catalog === undefined ? undefined : resolve(source.catalog);
  if (catalogPath !== undefined && !existsSync(catalogPath))
    throw new SchemaSetError(`catalog not found: ${catalogPath}`);
  let workDir: string | null = null;
  const work = (): string => (workDir ??= mkdtempSync(join(tmpdir(), 'sksml-schema-')));
  const dispose = (): void => {
    if (workDir !== null) rmSync(workDir, { recursive: true, force: true });
  };
  try {
    let entry = docs.length === 1 ? (docs[0] as string) : writeDriver(work(), docs);
    if (options.localOnly) {
      const catalog = catalogPath === undefined ? null : readCatalog(catalogPath);
      const scratch = mkdtempSync(join(tmpdir(), 'sksml-schema-'));
      let localEntry: string;
      try {
        localEntry = localise(entry, scratch, catalog);
      } catch (e) {
        rmSync(scratch, { recursive: true, force: true });
        throw e;
      }
      if (localEntry === entry) rmSync(scratch, { recursive: true, force: true });
      else {
        if (workDir !== null) {
          // the generated driver was copied into scratch; the first folder is no longer needed
          rmSync(workDir, { recursive: true, force: true });
        }
        workDir = scratch;
        entry = localEntry;
      }
    }
    return { entry, catalog: catalogPath, workDir, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
