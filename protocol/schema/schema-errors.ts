/**
 * Errors thrown by the schema layer. Compile failures carry every message the engine gave, so
 * `sksml schema lint` and tests can show them; engine failures (the JVM died twice on the same
 * document, Java is missing) are distinct from "the document is invalid", which is never an
 * exception but a list of findings.
 */
import { SksmlError } from '../errors/sksml-error.ts';
import type { SchemaEngineName, SchemaFinding } from './engine.ts';

export class SchemaCompileError extends SksmlError {
  readonly engine: SchemaEngineName;
  readonly findings: readonly SchemaFinding[];

  constructor(engine: SchemaEngineName, findings: readonly SchemaFinding[], schema: string) {
    const first = findings[0]?.message ?? 'no detail';
    super('SCHEMA_COMPILE_FAILED', `${engine} could not compile ${schema}: ${first}`);
    this.engine = engine;
    this.findings = findings;
  }
}

export class SchemaEngineError extends SksmlError {
  readonly engine: SchemaEngineName;

  constructor(engine: SchemaEngineName, message: string, options?: { cause?: unknown }) {
    super('SCHEMA_ENGINE_FAILED', `${engine}: ${message}`, options);
    this.engine = engine;
  }
}
