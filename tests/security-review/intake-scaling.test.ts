/**
 * Resource exhaustion within the intake limits: hostile-but-legal shapes (many attributes, long
 * names, 60 nested prefix declarations, many tiny text nodes, reference-heavy values, CR LF
 * everywhere) at about 1 MB, the largest document the intake accepts. Measured on the review
 * machine (best of 5, tests/security-review/measure-intake-scaling.ts): 5–90 ms to parse and
 * 0–40 ms to canonicalize each 1 MB shape, growing roughly linearly from 125 kB (GC noise aside).
 * A quadratic path would take minutes on these inputs, so the 3 s bound below is only a sanity
 * check that cannot flake on a slow CI core; speed itself belongs to benchmarks.
 */
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../protocol/xml/c14n.ts';
import { DEFAULT_INTAKE_LIMITS, parseXml } from '../../protocol/xml/intake.ts';
import { SHAPES } from './parser-shapes.ts';

const SANITY_BOUND_MS = 3000;
const NEAR_LIMIT = DEFAULT_INTAKE_LIMITS.maxBytes - 4096;

describe('intake and c14n stay far from quadratic on hostile shapes near the byte limit', () => {
  it.each(SHAPES.map((s) => [s.name, s] as const))('%s', (_name, shape) => {
    const xml = shape.build(NEAR_LIMIT);
    expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(DEFAULT_INTAKE_LIMITS.maxBytes);
    const started = performance.now();
    const doc = parseXml(xml); // must be accepted: the shape is legal and inside every limit
    const canonical = canonicalize(doc.root);
    const elapsed = performance.now() - started;
    expect(canonical.length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(SANITY_BOUND_MS);
  });

  it('a document over the byte limit is refused before parsing', () => {
    const over = `<r>${'a'.repeat(DEFAULT_INTAKE_LIMITS.maxBytes)}</r>`;
    expect(() => parseXml(over)).toThrow(expect.objectContaining({ code: 'XML_LIMIT_BYTES' }));
  });
});
