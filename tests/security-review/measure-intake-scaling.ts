/**
 * Measures parse and exclusive c14n time of the hostile shapes at growing sizes (best of 5, after
 * a forced GC when node runs with --expose-gc). Not a test: run it by hand and read the numbers.
 *   node --expose-gc --import tsx tests/security-review/measure-intake-scaling.ts
 */
import { canonicalize } from '../../protocol/xml/c14n.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { SHAPES } from './parser-shapes.ts';

const collect = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

function best(run: () => void, runs = 5): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    collect();
    const t = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - t);
  }
  return fastest;
}

for (const shape of SHAPES) {
  const cells: string[] = [];
  for (const size of [125_000, 250_000, 500_000, 1_000_000]) {
    const xml = shape.build(size);
    try {
      const doc = parseXml(xml);
      const parse = best(() => parseXml(xml));
      const c14n = best(() => canonicalize(doc.root));
      cells.push(
        `${Math.round(xml.length / 1000)} kB: parse ${parse.toFixed(1)} ms, c14n ${c14n.toFixed(1)} ms`,
      );
    } catch (e) {
      cells.push(`${Math.round(xml.length / 1000)} kB: ${(e as { code?: string }).code ?? String(e)}`);
    }
  }
  console.log(`${shape.name}\n  ${cells.join('\n  ')}`);
}
