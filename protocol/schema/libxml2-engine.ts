/**
 * libxml2 engine (libxmljs2 0.35, bundled libxml2 2.9.9), in-process.
 *
 * libxmljs2 exposes one schema API, `Document.validate(xsdDoc)`, and it compiles the schema
 * again on every call (xmlSchemaParse + free inside the native method). The fastest correct use
 * measured (see schemas/README.md, "Engine performance") is: parse the entry schema document
 * once, keep that Document, and hand it to validate() for every instance; the per-call cost is
 * the re-compilation of the set (includes are re-read from the files prepared at load time).
 *
 * Safety: instance documents are parsed with `nonet` only (never `noent`, `huge` or DTD
 * loading), after a DOCTYPE guard. Schema references are resolved to local files before libxml2
 * sees them (schema-set.ts), so libxml2's process-wide catalog state is never consulted for them.
 *
 * A schema that fails to compile yields only "Invalid XSD schema" from libxmljs2; the native
 * method then leaves libxml2's structured error hook pointing at a dead stack frame, so the
 * engine immediately runs one known-good validation that resets it.
 */
import libxml from 'libxmljs2';
import { readFileSync } from 'node:fs';
import { findDoctype } from './doctype-guard.ts';
import type { SchemaFinding, SchemaSetSource, SchemaValidator } from './engine.ts';
import { SchemaCompileError, SchemaEngineError } from './schema-errors.ts';
import { prepareSchemaSet, SchemaSetError } from './schema-set.ts';

const RESET_SCHEMA = libxml.parseXml(
  '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"/></xs:schema>',
);
const RESET_DOCUMENT = libxml.parseXml('<r/>');

/** Clears libxml2's structured error hook after libxmljs2 threw from validate(). */
function resetErrorHook(): void {
  RESET_DOCUMENT.validate(RESET_SCHEMA);
}

interface LibxmlError {
  readonly message?: string;
  readonly line?: number;
  readonly column?: number;
  readonly level?: number;
}

function toFinding(error: LibxmlError): SchemaFinding {
  const line = typeof error.line === 'number' && error.line > 0 ? error.line : null;
  const column = typeof error.column === 'number' && error.column > 0 ? error.column : null;
  return { engine: 'libxml2', message: (error.message ?? 'unknown error').trim(), line, column };
}

function compileSchemaDocument(entry: string): libxml.Document {
  const text = readFileSync(entry, 'utf8');
  // Trusted local file; still no entity expansion and no network.
  return libxml.parseXml(text, { baseUrl: entry, nonet: true });
}

/** Loads the set, proves it compiles, and returns a validator that reuses the parsed schema. */
export function createLibxml2Validator(source: SchemaSetSource): Promise<SchemaValidator> {
  let prepared;
  try {
    prepared = prepareSchemaSet(source, { localOnly: true });
  } catch (e) {
    const message = e instanceof SchemaSetError ? e.message : String(e);
    return Promise.reject(
      new SchemaCompileError(
        'libxml2',
        [{ engine: 'libxml2', message, line: null, column: null }],
        source.dir,
      ),
    );
  }
  const set = prepared;
  let schemaDoc: libxml.Document;
  try {
    schemaDoc = compileSchemaDocument(set.entry);
    // Compile once now so a broken set fails at load time, not on the first message.
    RESET_DOCUMENT.validate(schemaDoc);
  } catch (e) {
    resetErrorHook();
    set.dispose();
    const message = `${(e as Error).message} (libxml2 ${libxml.libxml_version} reports no further detail)`;
    return Promise.reject(
      new SchemaCompileError(
        'libxml2',
        [{ engine: 'libxml2', message, line: null, column: null }],
        set.entry,
      ),
    );
  }

  let closed = false;
  const validator: SchemaValidator = {
    engine: 'libxml2',
    validate(xml: string): Promise<SchemaFinding[]> {
      if (closed) return Promise.reject(new SchemaEngineError('libxml2', 'validator is closed'));
      const refused = findDoctype('libxml2', xml);
      if (refused !== null) return Promise.resolve([refused]);
      let doc: libxml.Document;
      try {
        doc = libxml.parseXml(xml, { nonet: true });
      } catch (e) {
        return Promise.resolve([toFinding(e as LibxmlError)]);
      }
      try {
        if (doc.validate(schemaDoc)) return Promise.resolve([]);
      } catch (e) {
        resetErrorHook();
        return Promise.reject(new SchemaEngineError('libxml2', (e as Error).message, { cause: e }));
      }
      const findings = doc.validationErrors.map((err) => toFinding(err as LibxmlError));
      if (findings.length === 0)
        findings.push({
          engine: 'libxml2',
          message: 'invalid (no detail reported)',
          line: null,
          column: null,
        });
      return Promise.resolve(findings);
    },
    close(): Promise<void> {
      if (!closed) {
        closed = true;
        set.dispose();
      }
      return Promise.resolve();
    },
  };
  return Promise.resolve(validator);
}
