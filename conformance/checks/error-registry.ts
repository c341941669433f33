/** The SymkeyError codes and fixed messages of spec/error-registry.json (SKSML-SRV-101). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../engine/harness-error.ts';

export const ERROR_REGISTRY_PATH = fileURLToPath(new URL('../../spec/error-registry.json', import.meta.url));

export interface ErrorRegistry {
  readonly codePattern: RegExp;
  readonly messages: ReadonlyMap<string, string>;
  readonly faultSubcodeNamespace: string;
}

let cached: ErrorRegistry | undefined;

export function loadErrorRegistry(): ErrorRegistry {
  if (cached !== undefined) return cached;
  const json = JSON.parse(readFileSync(ERROR_REGISTRY_PATH, 'utf8')) as {
    format?: string;
    symkeyErrorCodeFormat?: string;
    symkeyErrors?: { code: string; message: string }[];
    faultSubcodeNamespace?: { namespace: string };
  };
  if (
    json.format !== 'sksml-error-registry/1' ||
    json.symkeyErrors === undefined ||
    json.symkeyErrorCodeFormat === undefined
  )
    throw new HarnessError(
      'HARNESS_ERROR_REGISTRY',
      'spec/error-registry.json is not sksml-error-registry/1',
    );
  cached = {
    codePattern: new RegExp(json.symkeyErrorCodeFormat),
    messages: new Map(json.symkeyErrors.map((e) => [e.code, e.message])),
    faultSubcodeNamespace: json.faultSubcodeNamespace?.namespace ?? 'urn:sksml:fault:1.0',
  };
  return cached;
}
