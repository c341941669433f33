/**
 * Loads the requirement catalogue and checks it at run time, so a malformed catalogue fails loudly
 * rather than silently dropping requirements from reports. The committed catalogue is
 * spec/requirements.json (the seed: message, server and client rules) plus one family file per
 * written profile, spec/requirements-<topic>.json (binding, wss, policy, ...), each in the same
 * format; IDs are unique across all of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SksmlError } from '../errors/sksml-error.ts';
import {
  parseRequirementId,
  REQUIREMENT_LEVELS,
  REQUIREMENT_TARGETS,
  REQUIREMENT_TESTABILITIES,
  type Requirement,
  type RequirementCatalogue,
  type RequirementFamily,
  type RequirementTarget,
} from './requirement.ts';

export const REQUIREMENT_CATALOGUE_FORMAT = 'sksml-requirements/1';

/** Absolute path of the committed catalogue. */
export const REQUIREMENTS_JSON_PATH = fileURLToPath(new URL('../../spec/requirements.json', import.meta.url));

export class RequirementCatalogueError extends SksmlError {
  constructor(message: string) {
    super('REQUIREMENTS_INVALID', message);
  }
}

/** Target each family must have; WSS and BIND may concern any target. */
const FAMILY_TARGET: Partial<Record<RequirementFamily, RequirementTarget>> = {
  MSG: 'message',
  SRV: 'server',
  CLT: 'client',
};

/** Numbers of the research-note items (1-73) belong to their family; project additions start at 101. */
const FAMILY_SEED_RANGE: Partial<Record<RequirementFamily, readonly [number, number]>> = {
  MSG: [1, 35],
  SRV: [36, 52],
  CLT: [53, 73],
};

const ALLOWED_KEYS = new Set(['id', 'level', 'target', 'statement', 'source', 'testability', 'notes']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkEntry(entry: unknown, index: number): Requirement {
  const where = `requirements[${index}]`;
  if (!isRecord(entry)) throw new RequirementCatalogueError(`${where} is not an object`);
  for (const key of Object.keys(entry))
    if (!ALLOWED_KEYS.has(key)) throw new RequirementCatalogueError(`${where} has unknown field '${key}'`);
  const { id, level, target, statement, source, testability, notes } = entry;
  if (typeof id !== 'string') throw new RequirementCatalogueError(`${where}.id is missing or not a string`);
  const at = `${where} (${id})`;
  const parsed = parseRequirementId(id);
  if (!parsed)
    throw new RequirementCatalogueError(`${at}: id does not match SKSML-<MSG|SRV|CLT|WSS|BIND>-<number>`);
  const seed = FAMILY_SEED_RANGE[parsed.family];
  if (seed && parsed.number < 101 && (parsed.number < seed[0] || parsed.number > seed[1]))
    throw new RequirementCatalogueError(
      `${at}: ${parsed.family} numbers are ${seed[0]}-${seed[1]} (research items) or 101 and up (project additions)`,
    );
  if (typeof level !== 'string' || !(REQUIREMENT_LEVELS as readonly string[]).includes(level))
    throw new RequirementCatalogueError(`${at}: level must be one of ${REQUIREMENT_LEVELS.join(', ')}`);
  if (typeof target !== 'string' || !(REQUIREMENT_TARGETS as readonly string[]).includes(target))
    throw new RequirementCatalogueError(`${at}: target must be one of ${REQUIREMENT_TARGETS.join(', ')}`);
  const familyTarget = FAMILY_TARGET[parsed.family];
  if (familyTarget && familyTarget !== target)
    throw new RequirementCatalogueError(`${at}: ${parsed.family} requirements have target '${familyTarget}'`);
  if (typeof statement !== 'string' || statement.trim() === '')
    throw new RequirementCatalogueError(`${at}: statement must be a non-empty string`);
  if (typeof source !== 'string' || source.trim() === '')
    throw new RequirementCatalogueError(`${at}: source must be a non-empty string`);
  if (
    testability !== undefined &&
    (typeof testability !== 'string' ||
      !(REQUIREMENT_TESTABILITIES as readonly string[]).includes(testability))
  )
    throw new RequirementCatalogueError(
      `${at}: testability must be one of ${REQUIREMENT_TESTABILITIES.join(', ')} when present`,
    );
  if (notes !== undefined && (typeof notes !== 'string' || notes.trim() === ''))
    throw new RequirementCatalogueError(`${at}: notes must be a non-empty string when present`);
  return entry as unknown as Requirement;
}

/** Checks a parsed JSON value against the catalogue format; throws RequirementCatalogueError. */
export function parseRequirementCatalogue(value: unknown): RequirementCatalogue {
  if (!isRecord(value)) throw new RequirementCatalogueError('catalogue is not a JSON object');
  if (value.format !== REQUIREMENT_CATALOGUE_FORMAT)
    throw new RequirementCatalogueError(`catalogue format must be '${REQUIREMENT_CATALOGUE_FORMAT}'`);
  for (const key of Object.keys(value))
    if (key !== 'format' && key !== 'requirements')
      throw new RequirementCatalogueError(`catalogue has unknown field '${key}'`);
  if (!Array.isArray(value.requirements))
    throw new RequirementCatalogueError('catalogue.requirements must be an array');
  const seen = new Set<string>();
  const requirements = value.requirements.map((entry: unknown, i: number) => {
    const r = checkEntry(entry, i);
    if (seen.has(r.id)) throw new RequirementCatalogueError(`duplicate requirement id ${r.id}`);
    seen.add(r.id);
    return r;
  });
  return { format: REQUIREMENT_CATALOGUE_FORMAT, requirements };
}

let cached: readonly Requirement[] | undefined;

/** The files of the committed catalogue: spec/requirements.json, then spec/requirements-*.json by name. */
export function listCatalogueFiles(mainFile: string = REQUIREMENTS_JSON_PATH): string[] {
  const dir = dirname(mainFile);
  const family = readdirSync(dir)
    .filter((f) => /^requirements-[a-z0-9-]+\.json$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  return [mainFile, ...family];
}

function readCatalogueFile(file: string): readonly Requirement[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RequirementCatalogueError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return parseRequirementCatalogue(json).requirements;
  } catch (e) {
    if (e instanceof RequirementCatalogueError) throw new RequirementCatalogueError(`${file}: ${e.message}`);
    throw e;
  }
}

/**
 * The requirements of the committed catalogue (or of the single file `path`), validated, with IDs
 * unique across files. The committed catalogue is read once per process and cached.
 */
export function loadRequirements(path?: string): readonly Requirement[] {
  if (path !== undefined) return readCatalogueFile(path);
  if (cached) return cached;
  const seen = new Map<string, string>();
  const all: Requirement[] = [];
  for (const file of listCatalogueFiles()) {
    for (const r of readCatalogueFile(file)) {
      const first = seen.get(r.id);
      if (first !== undefined)
        throw new RequirementCatalogueError(`duplicate requirement id ${r.id} in ${file} (also in ${first})`);
      seen.set(r.id, file);
      all.push(r);
    }
  }
  cached = all;
  return all;
}

/** Map from ID to requirement, for look-ups by rules and reports. */
export function indexRequirements(requirements: readonly Requirement[]): ReadonlyMap<string, Requirement> {
  return new Map(requirements.map((r) => [r.id, r]));
}
