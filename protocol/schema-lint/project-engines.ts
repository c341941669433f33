/**
 * The project's two schema engines (protocol/schema/load.ts: libxml2 2.9 through libxmljs2, and
 * Xerces through the persistent Java helper) as lint compile checks. A compile failure becomes
 * findings; an engine that cannot run (no Java) becomes an `engine-unavailable` note.
 */
import type { SchemaEngineName } from '../schema/engine.ts';
import { loadSchemaSet, SchemaCompileError, SCHEMA_ENGINES } from '../schema/load.ts';
import type { EngineCompileCheck, EngineVerdict } from './engine-verdict.ts';
import type { SchemaSetModel } from './schema-model.ts';

const LABEL: Record<SchemaEngineName, string> = {
  libxml2: 'libxml2-2.9 (libxmljs2)',
  xerces: 'xerces (JDK)',
};

export function projectEngineCheck(
  engine: SchemaEngineName,
  model: SchemaSetModel,
  catalogFile: string | null,
): EngineCompileCheck {
  const label = LABEL[engine];
  return {
    engine: label,
    async check(): Promise<EngineVerdict> {
      const source = {
        dir: model.dir,
        documents: model.documents.map((d) => d.file),
        ...(catalogFile === null ? {} : { catalog: catalogFile }),
      };
      try {
        const validator = await loadSchemaSet(engine, source);
        await validator.close();
        return { engine: label, status: 'compiled', messages: [] };
      } catch (e) {
        if (e instanceof SchemaCompileError) {
          return {
            engine: label,
            status: 'failed',
            messages: e.findings.map((f) => ({ message: f.message, file: null, line: f.line })),
          };
        }
        return {
          engine: label,
          status: 'unavailable',
          messages: [{ message: e instanceof Error ? e.message : String(e), file: null, line: null }],
        };
      }
    },
  };
}

export function projectEngineChecks(model: SchemaSetModel, catalogFile: string | null): EngineCompileCheck[] {
  return SCHEMA_ENGINES.map((engine) => projectEngineCheck(engine, model, catalogFile));
}
