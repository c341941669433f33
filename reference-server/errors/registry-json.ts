/**
 * The machine-readable registry (spec/error-registry.json), built from the code so the two cannot
 * drift: registry-json.test.ts compares the committed file with this value. Regenerate with
 * `npx tsx -e "import('./reference-server/errors/registry-json.ts').then(m => m.writeErrorRegistryJson())"`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SKSML_FAULT_NS, SKSML_FAULT_PREFIX } from './fault-subcodes.ts';
import { FAULT_TABLE } from './fault-table.ts';
import { SYMKEY_ERROR_CODES, SYMKEY_ERROR_CODE_PATTERN } from './symkey-error-codes.ts';

export const ERROR_REGISTRY_JSON_PATH = fileURLToPath(
  new URL('../../spec/error-registry.json', import.meta.url),
);

export function buildErrorRegistryJson(): unknown {
  return {
    format: 'sksml-error-registry/1',
    symkeyErrorCodeFormat: SYMKEY_ERROR_CODE_PATTERN.source,
    symkeyErrors: SYMKEY_ERROR_CODES.map((e) => ({ ...e, requirements: [...e.requirements] })),
    faultSubcodeNamespace: { prefix: SKSML_FAULT_PREFIX, namespace: SKSML_FAULT_NS },
    faults: FAULT_TABLE,
  };
}

/** Rewrites spec/error-registry.json from the code. */
export function writeErrorRegistryJson(): void {
  writeFileSync(ERROR_REGISTRY_JSON_PATH, `${JSON.stringify(buildErrorRegistryJson(), null, 2)}\n`);
}
