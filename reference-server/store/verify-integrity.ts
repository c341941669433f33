/**
 * The full integrity scan: walks the row journal from its first entry (seal, sequence and hash
 * links, head), then checks every row of every sealed table against its seal and its latest
 * journal entry, and reports journaled rows that are gone. Every problem also raises the alarm.
 */
import type { IntegrityAlarm } from '../integrity/integrity-alarm.ts';
import { GENESIS_HASH, hashEntry, sameBytes } from '../integrity/hash-chain.ts';
import { encodeJournalEntry, listJournal, parseJournalRow, readJournalHead } from './journal.ts';
import { SealedRows } from './sealed-rows.ts';
import type { SqlExecutor } from './sql/sql-database.ts';
import type { IntegrityProblem, IntegrityReport } from './store.ts';
import type { StoreContext } from './store-context.ts';
import { IntegrityError } from './store-error.ts';
import { SEALED_TABLES } from './tables.ts';

const PAGE = 500;

export async function verifyStoreIntegrity(exec: SqlExecutor, ctx: StoreContext): Promise<IntegrityReport> {
  const problems: IntegrityProblem[] = [];
  const raise = (alarm: IntegrityAlarm): void => {
    try {
      ctx.fail(alarm);
    } catch {
      problems.push(alarm);
    }
  };
  const attempt = async (fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      if (error instanceof IntegrityError) problems.push(error.alarm);
      else throw error;
    }
  };

  // 1. The journal chain.
  const latest = new Map<string, { table: string; pk: string }>();
  let expectedSeq = 1;
  let previous = GENESIS_HASH;
  for (;;) {
    const page = await listJournal(exec, expectedSeq - 1, PAGE);
    for (const raw of page) {
      const entry = parseJournalRow(raw);
      const where = { table: 'row_journal', primaryKey: `["${String(raw.seq)}"]` };
      if (entry === undefined) {
        raise({ ...where, reason: 'malformed' });
        continue;
      }
      const encoded = encodeJournalEntry(entry);
      if (entry.seq !== expectedSeq || !sameBytes(entry.previousHash, previous))
        raise({ ...where, reason: 'bad-journal' });
      else if (!(await ctx.sealer.verify(encoded, entry.seal))) raise({ ...where, reason: 'bad-journal' });
      previous = hashEntry(encoded);
      expectedSeq = entry.seq + 1;
      latest.set(`${entry.table}\u0000${entry.pk}`, { table: entry.table, pk: entry.pk });
    }
    if (page.length < PAGE) break;
  }
  const journalEntries = expectedSeq - 1;
  await attempt(async () => {
    const head = await readJournalHead(exec, ctx);
    if (head.count !== journalEntries || !sameBytes(head.headHash, previous))
      raise({ table: 'journal_head', primaryKey: '["1"]', reason: 'bad-journal' });
  });

  // 2. Every row of every sealed table.
  const rows = new SealedRows(exec, ctx);
  let rowsChecked = 0;
  for (const spec of SEALED_TABLES) {
    const all = await exec.all(
      `SELECT ${spec.columns.map((c) => c.name).join(', ')}, version, seal FROM ${spec.name}`,
    );
    for (const raw of all) {
      rowsChecked++;
      await attempt(() => rows.verify(spec, raw));
      latest.delete(
        `${spec.name}\u0000${JSON.stringify(spec.primaryKey.map((c) => String(raw[c] as string)))}`,
      );
    }
  }
  // 3. Rows the journal knows but the tables lost.
  for (const { table, pk } of latest.values()) raise({ table, primaryKey: pk, reason: 'missing-row' });

  return { ok: problems.length === 0, rowsChecked, journalEntries, problems };
}
