/**
 * The layering rule: protocol/ is the shared core; reference-server/, reference-client/,
 * conformance/ and fuzz/ may import protocol/ (and packages) but never each other; protocol/
 * imports none of them. cli/, bench/ and tools/ compose everything and are unrestricted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const LAYERED_FOLDERS = ['reference-server', 'reference-client', 'conformance', 'fuzz'] as const;
const RESTRICTED = ['protocol', ...LAYERED_FOLDERS] as const;

export interface DependencyViolation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly reason: string;
}

const IMPORT_PATTERN =
  /(?:^|[\s;])(?:import|export)\s(?:[^'"`]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function topFolder(root: string, file: string): string {
  return relative(root, file).split(sep)[0] ?? '';
}

function listSources(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(listSources(full));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(full);
  }
  return out;
}

/** Checks one file's source text; `file` is an absolute path under `root`. */
export function checkSource(root: string, file: string, source: string): DependencyViolation[] {
  const from = topFolder(root, file);
  if (!(RESTRICTED as readonly string[]).includes(from)) return [];
  const violations: DependencyViolation[] = [];
  for (const match of source.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1] ?? match[2] ?? '';
    if (!specifier.startsWith('.')) continue;
    const target = topFolder(root, resolve(dirname(file), specifier));
    if (target === from) continue;
    const line = source.slice(0, match.index + match[0].indexOf(specifier)).split('\n').length;
    let reason: string | null = null;
    if (from === 'protocol') reason = `protocol/ must not import ${target}/`;
    else if (target !== 'protocol') reason = `${from}/ may import only protocol/, not ${target}/`;
    if (reason) violations.push({ file: relative(root, file), line, specifier, reason });
  }
  return violations;
}

export function checkTree(root: string): DependencyViolation[] {
  return RESTRICTED.flatMap((folder) =>
    listSources(join(root, folder)).flatMap((file) => checkSource(root, file, readFileSync(file, 'utf8'))),
  );
}
