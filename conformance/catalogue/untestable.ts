/** conformance/untestable.json: MUST requirements that cannot be tested over the wire, and why. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../engine/harness-error.ts';

export const UNTESTABLE_PATH = fileURLToPath(new URL('../untestable.json', import.meta.url));

export interface UntestableEntry {
  readonly id: string;
  readonly reason: string;
}

export function loadUntestable(path = UNTESTABLE_PATH): UntestableEntry[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (
    typeof json !== 'object' ||
    json === null ||
    (json as { format?: unknown }).format !== 'sksml-untestable/1'
  )
    throw new HarnessError(
      'HARNESS_UNTESTABLE_INVALID',
      'untestable.json: format must be sksml-untestable/1',
    );
  const entries = (json as { entries?: unknown }).entries;
  if (!Array.isArray(entries))
    throw new HarnessError('HARNESS_UNTESTABLE_INVALID', 'untestable.json: entries must be an array');
  return entries.map((e: unknown, i) => {
    const { id, reason } = (e ?? {}) as { id?: unknown; reason?: unknown };
    if (typeof id !== 'string' || typeof reason !== 'string' || reason.trim().length < 10)
      throw new HarnessError(
        'HARNESS_UNTESTABLE_INVALID',
        `untestable.json: entries[${i}] needs an id and a reason`,
      );
    return { id, reason };
  });
}
