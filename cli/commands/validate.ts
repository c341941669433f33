/**
 * `sksml validate FILE... [--engine libxml2|xerces|both] [--json]`
 *
 * Each file goes through the hardened intake, then XSD validation of the SKSML message with the
 * chosen engine(s) (default libxml2), then the semantic rules. A SOAP envelope is accepted: the
 * message in its Body is validated. Exit status: 0 every file valid, 1 some file invalid (this
 * includes documents the intake refuses: malformed, DOCTYPE, over a limit), 2 bad usage, a file
 * that cannot be read (missing, a directory, not a regular file, no permission) or a schema
 * engine that cannot run.
 */
import { open, stat } from 'node:fs/promises';
import { type CliIo, UsageError } from '../io.ts';
import type { SchemaEngineName, SchemaValidator } from '../../protocol/schema/engine.ts';
import { loadSksmlSchemas } from '../../protocol/schema/load.ts';
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import {
  validateDocument,
  type DocumentFinding,
  type DocumentReport,
} from '../../protocol/validation/validate-document.ts';
import { DEFAULT_INTAKE_LIMITS } from '../../protocol/xml/intake.ts';

const USAGE = 'usage: sksml validate FILE... [--engine libxml2|xerces|both] [--json]';

export interface FileReport extends Omit<DocumentReport, 'status'> {
  readonly file: string;
  readonly status: DocumentReport['status'] | 'unreadable';
  /** Schema engines that validated the file (empty when it never reached them). */
  readonly engines: readonly SchemaEngineName[];
}

interface ValidateOptions {
  readonly files: string[];
  readonly engines: SchemaEngineName[];
  readonly json: boolean;
}

function parseArgs(args: string[]): ValidateOptions | 'help' {
  const files: string[] = [];
  let engines: SchemaEngineName[] = ['libxml2'];
  let json = false;
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (onlyFiles || !arg.startsWith('-') || arg === '-') {
      if (arg === '-')
        throw new UsageError(`reading standard input is not supported: give a file name\n${USAGE}`);
      files.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (flag === '--') onlyFiles = true;
    else if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--json' && inline === undefined) json = true;
    else if (flag === '--engine') {
      const value = inline ?? args[++i];
      if (value === 'libxml2' || value === 'xerces') engines = [value];
      else if (value === 'both') engines = ['libxml2', 'xerces'];
      else
        throw new UsageError(
          value === undefined
            ? `--engine needs a value: libxml2, xerces or both\n${USAGE}`
            : `unknown engine '${value}': use libxml2, xerces or both`,
        );
    } else throw new UsageError(`unknown option '${arg}'\n${USAGE}`);
  }
  if (files.length === 0) throw new UsageError(`no file given\n${USAGE}`);
  return { files, engines, json };
}

function unreadable(file: string, code: string, message: string): FileReport {
  return {
    file,
    status: 'unreadable',
    message: null,
    soap: null,
    engines: [],
    findings: [
      {
        source: 'file',
        engine: null,
        code,
        requirement: null,
        severity: 'error',
        message,
        path: null,
        line: null,
        column: null,
      },
    ],
  };
}

function describeFsError(e: unknown): { code: string; message: string } {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return { code: 'FILE_NOT_FOUND', message: 'no such file' };
    case 'EACCES':
    case 'EPERM':
      return { code: 'FILE_NOT_READABLE', message: 'permission denied' };
    case 'EISDIR':
      return { code: 'FILE_IS_DIRECTORY', message: 'is a directory, not a file' };
    default:
      return { code: 'FILE_NOT_READABLE', message: `cannot be read (${code ?? (e as Error).message})` };
  }
}

/** Reads a file, refusing anything but a regular file no larger than the intake's byte limit. */
async function readBounded(file: string): Promise<Uint8Array | FileReport> {
  const maxBytes = DEFAULT_INTAKE_LIMITS.maxBytes;
  let handle;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return unreadable(file, 'FILE_IS_DIRECTORY', 'is a directory, not a file');
    if (!info.isFile()) return unreadable(file, 'FILE_NOT_REGULAR', 'is not a regular file');
    if (info.size > maxBytes) {
      const tooBig: FileReport = {
        file,
        status: 'invalid',
        message: null,
        soap: null,
        engines: [],
        findings: [
          {
            source: 'intake',
            engine: null,
            code: 'XML_LIMIT_BYTES',
            requirement: null,
            severity: 'error',
            message: `document is ${info.size} bytes, above the intake limit of ${maxBytes} bytes; not read`,
            path: null,
            line: null,
            column: null,
          },
        ],
      };
      return tooBig;
    }
    handle = await open(file, 'r');
    // Read at most one byte past the limit even if the file grew after stat.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } catch (e) {
    const d = describeFsError(e);
    return unreadable(file, d.code, d.message);
  } finally {
    await handle?.close();
  }
}

function position(f: DocumentFinding): string {
  if (f.line === null) return '-';
  return f.column === null ? `${f.line}` : `${f.line}:${f.column}`;
}

function formatFinding(f: DocumentFinding): string {
  const source = f.source === 'schema' ? `schema/${f.engine ?? '?'}` : f.source;
  return `  ${f.severity} ${f.code} ${f.requirement ?? '-'} ${position(f)} ${f.path ?? '-'} [${source}]\n      ${f.message.replace(/\s*\n\s*/g, ' ')}\n`;
}

function formatReport(r: FileReport): string {
  const what: string[] = [];
  if (r.message)
    what.push(r.soap ? `${r.message} in a SOAP ${r.soap} Body (validated as the Body's child)` : r.message);
  if (r.engines.length > 0) what.push(`schema: ${r.engines.join(' + ')}`);
  const warnings = r.findings.filter((f) => f.severity === 'warning').length;
  const errors = r.findings.length - warnings;
  if (errors > 0) what.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) what.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  const head = `${r.file}: ${r.status}${what.length > 0 ? ` (${what.join('; ')})` : ''}\n`;
  return head + r.findings.map(formatFinding).join('');
}

export async function runValidate(args: string[], io: CliIo): Promise<number> {
  const options = parseArgs(args);
  if (options === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const validators: SchemaValidator[] = [];
  const reports: FileReport[] = [];
  try {
    for (const engine of options.engines) {
      try {
        validators.push(await loadSksmlSchemas(engine));
      } catch (e) {
        io.err(
          `sksml validate: schema engine ${engine} is not available: ${e instanceof Error ? e.message : String(e)}\n`,
        );
        return 2;
      }
    }
    for (const file of options.files) {
      const bytes = await readBounded(file);
      let r: FileReport;
      if (!(bytes instanceof Uint8Array)) r = bytes;
      else {
        try {
          const doc = await validateDocument(bytes, validators);
          r = { file, ...doc, engines: doc.message ? options.engines : [] };
        } catch (e) {
          const reason =
            e instanceof SksmlError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
          io.err(`sksml validate: ${file}: validation could not run: ${reason}\n`);
          return 2;
        }
      }
      reports.push(r);
      if (!options.json) io.out(formatReport(r));
    }
  } finally {
    await Promise.allSettled(validators.map((v) => v.close()));
  }
  if (options.json) io.out(`${JSON.stringify(reports, null, 2)}\n`);
  if (reports.some((r) => r.status === 'unreadable')) return 2;
  return reports.some((r) => r.status === 'invalid') ? 1 : 0;
}
