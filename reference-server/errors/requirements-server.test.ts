import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  loadRequirements,
  parseRequirementCatalogue,
} from '../../protocol/requirements/load-requirements.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FILE = join(ROOT, 'spec/requirements-server.json');

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') || f.endsWith('.md') || f.endsWith('.json'))
    .map((f) => join(ROOT, dir, f));
}

describe('spec/requirements-server.json', () => {
  const own = parseRequirementCatalogue(JSON.parse(readFileSync(FILE, 'utf8'))).requirements;

  it('is a well-formed catalogue of server requirements from SKSML-SRV-101 upward', () => {
    expect(own.length).toBeGreaterThan(0);
    own.forEach((r, i) => {
      expect(r.id).toBe(`SKSML-SRV-${101 + i}`);
      expect(r.target).toBe('server');
      expect(r.source).toMatch(/project decision/);
    });
  });

  it('defines every SKSML-SRV-1xx ID that the server configuration, WSDL and error code cite', () => {
    const ids = new Set(loadRequirements().map((r) => r.id));
    const cited = new Set<string>();
    for (const file of [
      ...filesUnder('reference-server/config'),
      ...filesUnder('reference-server/wsdl'),
      ...filesUnder('reference-server/errors'),
      join(ROOT, 'spec/error-registry.md'),
      join(ROOT, 'spec/server-config.md'),
    ])
      for (const m of readFileSync(file, 'utf8').matchAll(/SKSML-SRV-1\d\d/g)) cited.add(m[0]);
    expect(cited.size).toBeGreaterThan(5);
    for (const id of cited) expect(ids.has(id), id).toBe(true);
  });
});
