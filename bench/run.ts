/**
 * `npm run bench`: runs every suite in bench/suites (each exports `runSuite(): Promise<string>`
 * returning a markdown section), prints them and writes reports/bench.md.
 * `npm run bench -- NAME` runs only suites whose file name contains NAME.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';

const filter = process.argv[2];
const dir = join(import.meta.dirname, 'suites');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .filter((f) => filter === undefined || f.includes(filter))
  .sort();

const header = `# sksml benchmarks\n\nNode ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, one core (single-threaded loops).`;
const sections: string[] = [header];
console.log(header);
for (const f of files) {
  const mod = (await import(join(dir, f))) as { runSuite: () => Promise<string> };
  const section = await mod.runSuite();
  console.log(section);
  sections.push(section);
}
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench.md', sections.join('\n') + '\n');
console.log('\nwritten: reports/bench.md');
