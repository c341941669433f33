/**
 * Makes a schema set loadable as one schema: a driver document that includes every document of
 * the main namespace (several root documents that each include a core library would otherwise be
 * loaded one at a time) and imports the other namespaces. Also rewrites schemaLocation values so
 * that every referenced file is available under a flat local name (remote locations through the
 * catalog), which is what sandboxed engines (xmllint-wasm) and temp working copies need.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SchemaSetModel } from './schema-model.ts';

export const SKSML_NAMESPACE = 'http://docs.oasis-open.org/ekmi/2008/01';
export const DRIVER_FILE = 'sksml-lint-driver.xsd';

export interface FlatFile {
  readonly fileName: string;
  readonly contents: string;
}

export interface FlatSchemaSet {
  /** The driver document's name among `files`. */
  readonly driver: string;
  /** Every document (driver, the folder's documents, catalog-mapped and external files) under flat names. */
  readonly files: readonly FlatFile[];
  /** schemaLocation values that could not be resolved locally (left unchanged). */
  readonly unresolved: readonly string[];
}

/** The namespace the driver is written for: SKSML if present, otherwise the most common one. */
export function mainNamespace(model: SchemaSetModel): string | null {
  const counts = new Map<string | null, number>();
  for (const d of model.documents) counts.set(d.targetNamespace, (counts.get(d.targetNamespace) ?? 0) + 1);
  if (counts.has(SKSML_NAMESPACE)) return SKSML_NAMESPACE;
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function driverSource(model: SchemaSetModel): string {
  const main = mainNamespace(model);
  const lines: string[] = [];
  const imported = new Set<string>();
  for (const d of model.documents) {
    if (d.targetNamespace === main || d.targetNamespace === null) {
      lines.push(`  <xsd:include schemaLocation="${escapeAttr(d.file)}"/>`);
    } else if (!imported.has(d.targetNamespace)) {
      imported.add(d.targetNamespace);
      lines.push(
        `  <xsd:import namespace="${escapeAttr(d.targetNamespace)}" schemaLocation="${escapeAttr(d.file)}"/>`,
      );
    }
  }
  const tns = main === null ? '' : ` targetNamespace="${escapeAttr(main)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"${tns} elementFormDefault="qualified">\n${lines.join('\n')}\n</xsd:schema>\n`;
}

const LOCATION = /(schemaLocation\s*=\s*)(["'])([^"']*)\2/g;

/**
 * Flattens the set: the folder's documents keep their names; every other file they reach (through
 * the catalog or a relative path outside the folder) is added under a generated flat name.
 */
/** Maps a remote location to a local file (an XML catalog lookup), or null. */
export type LocationResolver = (location: string) => string | null;

export function flattenSchemaSet(model: SchemaSetModel, resolveLocation: LocationResolver): FlatSchemaSet {
  const dir = resolve(model.dir);
  const inFolder = new Set(model.documents.map((d) => d.file));
  const files: FlatFile[] = [{ fileName: DRIVER_FILE, contents: driverSource(model) }];
  const unresolved: string[] = [];
  const externalNames = new Map<string, string>(); // absolute path -> flat name
  const queue: { path: string; name: string }[] = model.documents.map((d) => ({
    path: join(dir, d.file),
    name: d.file,
  }));
  const flatNameFor = (location: string, fromPath: string): string | null => {
    const mapped = resolveLocation(location);
    const candidate =
      mapped ?? (/^[a-z][a-z0-9+.-]*:/i.test(location) ? null : resolve(dirname(fromPath), location));
    if (candidate === null || !existsSync(candidate)) return null;
    if (dirname(candidate) === dir && inFolder.has(basename(candidate))) return basename(candidate);
    let name = externalNames.get(candidate);
    if (name === undefined) {
      name = `ext${externalNames.size + 1}-${basename(candidate)}`;
      externalNames.set(candidate, name);
      queue.push({ path: candidate, name });
    }
    return name;
  };
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i] as { path: string; name: string };
    const source = readFileSync(item.path, 'utf8');
    const contents = source.replace(LOCATION, (whole, head: string, quote: string, location: string) => {
      const flat = flatNameFor(location, item.path);
      if (flat === null) {
        unresolved.push(location);
        return whole;
      }
      return `${head}${quote}${flat}${quote}`;
    });
    files.push({ fileName: item.name, contents });
  }
  return { driver: DRIVER_FILE, files, unresolved: [...new Set(unresolved)] };
}
