/**
 * A small reader for OASIS XML catalogs (the subset the project's catalogs use: system, uri,
 * public, rewriteSystem, rewriteURI, nextCatalog, group, xml:base). Used by the libxml2 engine,
 * whose bundled libxml2 reads catalogs only from process-wide state; resolving here keeps every
 * schema set independent and offline. Targets are returned as absolute file paths.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseXml } from '../xml/intake.ts';
import { childElements, findAttribute } from '../xml/tree.ts';
import type { XmlElement } from '../xml/tree.ts';

const CATALOG_NS = 'urn:oasis:names:tc:entity:xmlns:xml:catalog';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

interface Entry {
  readonly kind: 'system' | 'uri' | 'public' | 'rewriteSystem' | 'rewriteURI';
  readonly key: string;
  /** Absolute URL (file:) of the target, or of the rewrite prefix. */
  readonly target: string;
}

export interface XmlCatalog {
  /** Absolute path of the catalog file. */
  readonly path: string;
  /** Maps a system identifier or URI reference to a local file path, or null when unmapped. */
  resolveLocation(location: string): string | null;
  /** Maps a public identifier to a local file path, or null when unmapped. */
  resolvePublic(publicId: string): string | null;
}

function toPath(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  try {
    return fileURLToPath(url);
  } catch {
    return null;
  }
}

function normalisePublicId(id: string): string {
  return id.replace(/\s+/g, ' ').trim();
}

function collect(element: XmlElement, base: string, entries: Entry[], next: string[]): void {
  const xmlBase = findAttribute(element, XML_NS, 'base')?.value;
  const here = xmlBase === undefined ? base : new URL(xmlBase, base).href;
  for (const child of childElements(element)) {
    if (child.namespaceURI !== CATALOG_NS) continue;
    const attr = (name: string): string | undefined => findAttribute(child, null, name)?.value;
    const target = (name: string): string | null => {
      const value = attr(name);
      return value === undefined ? null : new URL(value, here).href;
    };
    switch (child.localName) {
      case 'group':
        collect(child, here, entries, next);
        break;
      case 'system': {
        const key = attr('systemId');
        const uri = target('uri');
        if (key !== undefined && uri !== null) entries.push({ kind: 'system', key, target: uri });
        break;
      }
      case 'uri': {
        const key = attr('name');
        const uri = target('uri');
        if (key !== undefined && uri !== null) entries.push({ kind: 'uri', key, target: uri });
        break;
      }
      case 'public': {
        const key = attr('publicId');
        const uri = target('uri');
        if (key !== undefined && uri !== null)
          entries.push({ kind: 'public', key: normalisePublicId(key), target: uri });
        break;
      }
      case 'rewriteSystem': {
        const key = attr('systemIdStartString');
        const prefix = target('rewritePrefix');
        if (key !== undefined && prefix !== null)
          entries.push({ kind: 'rewriteSystem', key, target: prefix });
        break;
      }
      case 'rewriteURI': {
        const key = attr('uriStartString');
        const prefix = target('rewritePrefix');
        if (key !== undefined && prefix !== null) entries.push({ kind: 'rewriteURI', key, target: prefix });
        break;
      }
      case 'nextCatalog': {
        const file = target('catalog');
        if (file !== null) next.push(file);
        break;
      }
      default:
        break;
    }
  }
}

function lookup(entries: readonly Entry[], location: string): string | null {
  for (const kind of ['system', 'uri'] as const) {
    const hit = entries.find((e) => e.kind === kind && e.key === location);
    if (hit) return hit.target;
  }
  let best: Entry | null = null;
  for (const e of entries) {
    if ((e.kind === 'rewriteSystem' || e.kind === 'rewriteURI') && location.startsWith(e.key)) {
      if (best === null || e.key.length > best.key.length) best = e;
    }
  }
  if (best === null) return null;
  const prefix = best.target.endsWith('/') ? best.target : `${best.target}/`;
  return new URL(location.slice(best.key.length).replace(/^\//, ''), prefix).href;
}

/** Reads a catalog file (and the catalogs it chains to with nextCatalog). */
export function readCatalog(path: string): XmlCatalog {
  const absolute = resolve(path);
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const queue = [pathToFileURL(absolute).href];
  while (queue.length > 0) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    const file = toPath(url);
    if (file === null) continue; // never follow a remote catalog
    const doc = parseXml(readFileSync(file, 'utf8'));
    if (doc.root.namespaceURI !== CATALOG_NS || doc.root.localName !== 'catalog')
      throw new Error(`${file} is not an OASIS XML catalog`);
    const next: string[] = [];
    collect(doc.root, url, entries, next);
    queue.push(...next);
  }
  return {
    path: absolute,
    resolveLocation(location: string): string | null {
      const hit = lookup(entries, location);
      return hit === null ? null : toPath(hit);
    },
    resolvePublic(publicId: string): string | null {
      const hit = entries.find((e) => e.kind === 'public' && e.key === normalisePublicId(publicId));
      return hit === undefined ? null : toPath(hit.target);
    },
  };
}
