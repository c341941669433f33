import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkSource, checkTree } from './dependency-rule.ts';

const root = '/repo';

describe('dependency rule', () => {
  it('allows a layered folder to import protocol/', () => {
    const src = `import { parseXml } from '../protocol/xml/intake.ts';`;
    expect(checkSource(root, join(root, 'reference-server/app.ts'), src)).toEqual([]);
  });

  it('rejects reference-client importing reference-server', () => {
    const src = `import { a } from './x.ts';\nimport { createServer } from '../reference-server/app.ts';`;
    const v = checkSource(root, join(root, 'reference-client/client.ts'), src);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ line: 2, specifier: '../reference-server/app.ts' });
  });

  it('rejects dynamic imports and re-exports across layers', () => {
    const src = `export { x } from '../../fuzz/y.ts';\nconst m = await import('../../conformance/z.ts');`;
    expect(checkSource(root, join(root, 'reference-server/sub/a.ts'), src)).toHaveLength(2);
  });

  it('rejects protocol/ importing a layered folder', () => {
    const src = `import type { T } from '../conformance/t.ts';`;
    expect(checkSource(root, join(root, 'protocol/a.ts'), src)[0]?.reason).toMatch(/protocol/);
  });

  it('leaves cli/ unrestricted', () => {
    const src = `import { a } from '../reference-server/a.ts';`;
    expect(checkSource(root, join(root, 'cli/a.ts'), src)).toEqual([]);
  });

  it('holds for this repository', () => {
    expect(checkTree(process.cwd())).toEqual([]);
  });
});
