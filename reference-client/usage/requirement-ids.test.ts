import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listCatalogueFiles, loadRequirements } from '../../protocol/requirements/load-requirements.ts';

const CLIENT = fileURLToPath(new URL('..', import.meta.url));
const ID = /SKSML-(?:MSG|SRV|CLT|WSS|BIND)-[0-9]+/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('requirement IDs of usage/, data/ and skcl.ts', () => {
  it('cites only catalogued requirements, and enforces the key-use ones', () => {
    const ids = new Set(listCatalogueFiles().flatMap((f) => loadRequirements(f).map((r) => r.id)));
    const files = [
      ...sources(join(CLIENT, 'usage')),
      ...sources(join(CLIENT, 'data')),
      join(CLIENT, 'skcl.ts'),
    ];
    const cited = new Set(files.flatMap((f) => readFileSync(f, 'utf8').match(ID) ?? []));
    expect([...cited].filter((id) => !ids.has(id))).toEqual([]);
    const enforced = ['SKSML-CLT-57', 'SKSML-CLT-58', 'SKSML-CLT-104', 'SKSML-CLT-105', 'SKSML-CLT-65'];
    enforced.push('SKSML-CLT-141', 'SKSML-CLT-143', 'SKSML-CLT-144', 'SKSML-CLT-145');
    for (const id of enforced) expect(cited.has(id), id).toBe(true);
  });
});
