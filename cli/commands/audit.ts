/**
 * `sksml audit verify`: checks a reference server's audit chain (spec/admin.md §Audit).
 *
 *   sksml audit verify [--config FILE | --data DIR] [--json] [--anchor COUNT:HEADHASH]
 *
 * Walks the chain from entry 1 with the server's sealing key. Prints `OK` with the number of
 * entries and the head hash (keep `COUNT:HEADHASH` somewhere outside the server: given back as
 * --anchor later, it also catches a rollback of the whole log), or the FIRST bad entry with its
 * sequence number and reason. Exit 0: the chain verifies; 1: any defect (or an integrity alarm
 * while opening the store); 2: usage error or unreadable input.
 */
import {
  formatAuditAnchor,
  parseAuditAnchor,
  verifyServerAuditLog,
} from '../../reference-server/admin/verify-audit.ts';
import { type CliIo, UsageError } from '../io.ts';
import { adminSourceOf, option, parseArgs, positionals, run } from './admin.ts';

const USAGE = [
  'usage: sksml audit verify [--config FILE | --data DIR] [--json] [--anchor COUNT:HEADHASH]',
  '',
  "--config FILE: the server's configuration file; --data DIR: the embedded default's data folder (default .sksml).",
].join('\n');

async function runVerify(args: string[], io: CliIo): Promise<number> {
  const prefix = 'sksml audit verify';
  const p = parseArgs(args, { valued: ['anchor'], flags: ['json'] }, USAGE);
  positionals(p, 0, 'audit verify', USAGE);
  const anchorText = option(p, 'anchor');
  const asJson = p.flags.has('json');
  const source = adminSourceOf(p, USAGE);
  return run(io, prefix, source, async (ctx) => {
    const anchor = anchorText === undefined ? undefined : parseAuditAnchor(anchorText);
    const result = await verifyServerAuditLog(ctx, anchor);
    if (result.ok) {
      const head = Buffer.from(result.headHash).toString('hex');
      if (asJson) io.out(`${JSON.stringify({ ok: true, count: result.count, headHash: head }, null, 2)}\n`);
      else
        io.out(
          `OK: ${result.count} audit entr${result.count === 1 ? 'y' : 'ies'} verified${anchor === undefined ? '' : ', anchor matches'}\nanchor: ${formatAuditAnchor(result.count, result.headHash)}\n`,
        );
      return 0;
    }
    if (asJson)
      io.out(
        `${JSON.stringify({ ok: false, seq: result.seq, reason: result.reason, detail: result.detail }, null, 2)}\n`,
      );
    else io.out(`FAILED at entry ${result.seq}: ${result.reason}: ${result.detail}\n`);
    return 1;
  });
}

export async function runAudit(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'verify':
      return runVerify(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.out(`${USAGE}\n`);
      return 0;
    default:
      throw new UsageError(
        `${action === undefined ? 'audit needs an action' : `unknown audit action '${action.slice(0, 40)}'`}\n${USAGE}`,
      );
  }
}
