/** The SQLite migrations, in order. Add a file `NNNN-name.ts` and list it here. */
import type { Migration } from '../../migration.ts';
import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-escrow-in-key-row.ts';

export const SQLITE_MIGRATIONS: readonly Migration[] = [migration0001, migration0002];
