/** The SQLite migrations, in order. Add a file `NNNN-name.ts` and list it here. */
import type { Migration } from '../../migration.ts';
import { migration0001 } from './0001-initial.ts';

export const SQLITE_MIGRATIONS: readonly Migration[] = [migration0001];
