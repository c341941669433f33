/**
 * Entry points of the schema layer.
 *
 *   const v = await loadSksmlSchemas('xerces');      // the project's own set (schemas/)
 *   const findings = await v.validate(xml);          // [] = valid
 *   await v.close();
 *
 * `loadSchemaSet` loads any set (e.g. DRAFT8_SCHEMA_SET); compile failures throw
 * SchemaCompileError (code SCHEMA_COMPILE_FAILED) carrying the engine's messages.
 *
 * The OASIS DRAFT 8.0 set is a test oracle only. Xerces refuses to compile it (Unique Particle
 * Attribution, cos-nonambig, in SymkeyResponse: erratum E1). For differential testing,
 * `loadDraft8WorkingCopy` compiles a temporary working copy with that single fix applied (the
 * wildcard's namespace changed from ##any to ##other); the copy lives in the OS temp folder,
 * is removed by close(), and is never part of the repository.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaEngineName, SchemaSetSource, SchemaValidator } from './engine.ts';
import { createLibxml2Validator } from './libxml2-engine.ts';
import { createXercesValidator } from './xerces-engine.ts';

export { SchemaCompileError, SchemaEngineError } from './schema-errors.ts';

const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export const SCHEMA_ENGINES: readonly SchemaEngineName[] = ['libxml2', 'xerces'];

/** The project's own schema set: one driver document that reaches every other document. */
export const SKSML_SCHEMA_SET: SchemaSetSource = {
  dir: join(REPO_ROOT, 'schemas'),
  documents: ['sksml.xsd'],
  catalog: join(REPO_ROOT, 'schemas', 'catalog.xml'),
};

/** The OASIS DRAFT 8.0 set (read-only reference outside the repository). */
export const DRAFT8_SCHEMA_SET: SchemaSetSource = {
  dir: resolve(REPO_ROOT, '../shared/reference/sksml-draft8'),
  documents: [
    'EKMICoreLibrary.xsd',
    'symkeyRequest.xsd',
    'symkeyResponse.xsd',
    'kcpRequest.xsd',
    'kcpResponse.xsd',
  ],
  catalog: resolve(REPO_ROOT, '../shared/reference/catalog.xml'),
};

export function loadSchemaSet(engine: SchemaEngineName, source: SchemaSetSource): Promise<SchemaValidator> {
  switch (engine) {
    case 'libxml2':
      return createLibxml2Validator(source);
    case 'xerces':
      return createXercesValidator(source);
    default: {
      const never: never = engine;
      return Promise.reject(new Error(`unknown schema engine ${String(never)}`));
    }
  }
}

export function loadSksmlSchemas(engine: SchemaEngineName): Promise<SchemaValidator> {
  return loadSchemaSet(engine, SKSML_SCHEMA_SET);
}

/** The DRAFT 8.0 wildcard as written, and the working copy's replacement (erratum E1). */
const DRAFT8_UPA_WILDCARD = /<xsd:any\s+minOccurs="0"\s*\/>/;
const DRAFT8_UPA_REPLACEMENT = '<xsd:any namespace="##other" minOccurs="0"/>';

export interface SchemaWorkingCopy {
  readonly source: SchemaSetSource;
  dispose(): void;
}

/**
 * Copies the DRAFT 8.0 set into a temporary folder and applies the single UPA fix to
 * symkeyResponse.xsd. Throws if the wildcard is not found exactly once (the reference changed).
 */
export function createDraft8WorkingCopy(base: SchemaSetSource = DRAFT8_SCHEMA_SET): SchemaWorkingCopy {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-draft8-upa-'));
  try {
    for (const name of readdirSync(base.dir)) {
      if (!name.endsWith('.xsd')) continue;
      let text = readFileSync(join(base.dir, name), 'utf8');
      if (name === 'symkeyResponse.xsd') {
        const hits = text.match(new RegExp(DRAFT8_UPA_WILDCARD.source, 'g')) ?? [];
        if (hits.length !== 1)
          throw new Error(`expected one ##any wildcard in ${name}, found ${hits.length}`);
        text = text.replace(DRAFT8_UPA_WILDCARD, DRAFT8_UPA_REPLACEMENT);
      }
      writeFileSync(join(dir, name), text);
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    source: { ...base, dir },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Compiles the DRAFT 8.0 working copy (UPA fix only); close() also removes the copy. */
export async function loadDraft8WorkingCopy(engine: SchemaEngineName): Promise<SchemaValidator> {
  const copy = createDraft8WorkingCopy();
  let inner: SchemaValidator;
  try {
    inner = await loadSchemaSet(engine, copy.source);
  } catch (e) {
    copy.dispose();
    throw e;
  }
  return {
    engine: inner.engine,
    validate: (xml) => inner.validate(xml),
    close: async () => {
      try {
        await inner.close();
      } finally {
        copy.dispose();
      }
    },
  };
}
