/**
 * libxml2 2.13 compiled to WebAssembly (xmllint-wasm): a strict third engine that, unlike the
 * libxml2 2.9 inside libxmljs2, enforces Unique Particle Attribution. It is sandboxed (cannot read
 * host files), so it receives the flattened set in memory.
 */
import { validateXML } from 'xmllint-wasm';
import type { FlatSchemaSet } from './driver.ts';
import type { EngineCompileCheck, EngineMessage, EngineVerdict } from './engine-verdict.ts';
import { parseLocatedMessage } from './engine-verdict.ts';

export const XMLLINT_WASM_ENGINE = 'libxml2-2.13 (xmllint-wasm)';

function messagesOf(stderr: string): EngineMessage[] {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/failed to compile$/.test(l))
    .map(parseLocatedMessage);
}

export function xmllintWasmCheck(set: FlatSchemaSet): EngineCompileCheck {
  return {
    engine: XMLLINT_WASM_ENGINE,
    async check(): Promise<EngineVerdict> {
      const schema = set.files.find((f) => f.fileName === set.driver);
      if (!schema) return { engine: XMLLINT_WASM_ENGINE, status: 'unavailable', messages: [] };
      try {
        // Any instance will do: a compile failure throws before validation starts.
        await validateXML({
          xml: { fileName: 'sksml-lint-probe.xml', contents: '<sksml-lint-probe/>' },
          schema,
          preload: set.files.filter((f) => f !== schema),
        });
        return { engine: XMLLINT_WASM_ENGINE, status: 'compiled', messages: [] };
      } catch (e) {
        const text = e instanceof Error ? e.message : String(e);
        if (!/schema|parser error|failed to compile/i.test(text))
          return {
            engine: XMLLINT_WASM_ENGINE,
            status: 'unavailable',
            messages: [{ message: text, file: null, line: null }],
          };
        const messages = messagesOf(text);
        return { engine: XMLLINT_WASM_ENGINE, status: 'failed', messages };
      }
    },
  };
}
