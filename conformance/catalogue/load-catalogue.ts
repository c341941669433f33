/**
 * The whole requirement catalogue: spec/requirements.json plus every spec/requirements-*.json
 * (binding, WS-Security, ...), each checked by the catalogue loader, merged, IDs unique.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  loadRequirements,
  REQUIREMENTS_JSON_PATH,
  RequirementCatalogueError,
} from '../../protocol/requirements/load-requirements.ts';
import { compareRequirementIds, type Requirement } from '../../protocol/requirements/requirement.ts';

export function catalogueFiles(specDir = dirname(REQUIREMENTS_JSON_PATH)): string[] {
  const extra = readdirSync(specDir)
    .filter((name) => /^requirements-[a-z0-9-]+\.json$/.test(name))
    .sort()
    .map((name) => join(specDir, name));
  return [join(specDir, 'requirements.json'), ...extra];
}

export function loadCatalogue(specDir?: string): Requirement[] {
  const seen = new Map<string, string>();
  const out: Requirement[] = [];
  for (const file of catalogueFiles(specDir)) {
    for (const r of loadRequirements(file)) {
      const other = seen.get(r.id);
      if (other !== undefined)
        throw new RequirementCatalogueError(`${r.id} is defined in ${other} and ${file}`);
      seen.set(r.id, file);
      out.push(r);
    }
  }
  return out.sort((a, b) => compareRequirementIds(a.id, b.id));
}
