/**
 * `sksml schema lint DIR [--json] [--catalog FILE]`: reports the defects of an SKSML schema set
 * (for committees validating drafts). Exit 0: no error-severity findings; 1: defects; 2: usage
 * error or unreadable input.
 */
import { type CliIo, UsageError } from '../io.ts';
import { formatLintReport } from '../../protocol/schema-lint/format.ts';
import { lintSchemaDir } from '../../protocol/schema-lint/lint.ts';
import { SchemaReadError } from '../../protocol/schema-lint/schema-model.ts';

const USAGE = 'usage: sksml schema lint DIR [--json] [--catalog FILE]';

interface LintArgs {
  readonly dir: string;
  readonly json: boolean;
  readonly catalog: string | undefined;
}

export function parseLintArgs(args: readonly string[]): LintArgs {
  let dir: string | undefined;
  let json = false;
  let catalog: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--catalog') {
      catalog = args[++i];
      if (catalog === undefined) throw new UsageError(`--catalog needs a file\n${USAGE}`);
    } else if (a.startsWith('--catalog=')) catalog = a.slice('--catalog='.length);
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (dir === undefined) dir = a;
    else throw new UsageError(`unexpected argument ${a}\n${USAGE}`);
  }
  if (dir === undefined) throw new UsageError(`missing DIR\n${USAGE}`);
  return { dir, json, catalog };
}

export async function runSchema(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (sub !== 'lint')
    throw new UsageError(sub === undefined ? USAGE : `unknown sub-command '${sub}'\n${USAGE}`);
  const options = parseLintArgs(rest);
  let report;
  try {
    report = await lintSchemaDir(
      options.dir,
      options.catalog === undefined ? {} : { catalog: options.catalog },
    );
  } catch (e) {
    if (e instanceof SchemaReadError) {
      io.err(`sksml schema lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatLintReport(report));
  return report.summary.errors > 0 ? 1 : 0;
}
