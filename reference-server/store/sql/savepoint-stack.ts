/**
 * Savepoints opened only when they are needed, and shared when they mark the same state
 * (spec/store.md §6.3). A transaction opens a savepoint (a "level") around work it may have to undo
 * alone: a group-commit closure, a nested store transaction, a key inside a request's item. Most
 * levels open with nothing written since the level below them opened, and many are never rolled
 * back. So a level issues no statement when it opens: the first write statement run while it is
 * open issues ONE `SAVEPOINT` for every level still without one. Those levels all opened with the
 * database in the same state (no write ran between their openings, or the earlier write would have
 * given the earlier ones their savepoint), so that one savepoint marks each of their starting
 * points exactly, and rolling back any of them is `ROLLBACK TO` that savepoint:
 *
 * - rolling back a level with no savepoint undoes nothing in the database: nothing was written
 *   since it opened;
 * - rolling back a level undoes every change since its savepoint, which is every change since the
 *   level opened; the savepoint stays open (SQL semantics), still marking the level's start;
 * - releasing a level releases its savepoint unless a level below it still shares it.
 *
 * Exactly the changes the eager scheme (one SAVEPOINT per level) would undo are undone, and the
 * same ones commit (savepoint-stack.test.ts runs random programs against both).
 */

/** Runs the three savepoint statements of one depth (synchronously; better-sqlite3). */
export interface SavepointStatements {
  save(depth: number): void;
  release(depth: number): void;
  rollbackTo(depth: number): void;
}

/** One open level; compared by identity. */
export interface SavepointLevel {
  /** The depth of the savepoint that marks where this level started; 0 while it has none. */
  readonly savepoint: number;
}

interface Level extends SavepointLevel {
  savepoint: number;
}

export class SavepointStack {
  private readonly levels: Level[] = [];
  /** Savepoints open in the database (depths 1..open). */
  private open = 0;
  /** Levels at the top of the stack without a savepoint yet. */
  private unmarked = 0;

  constructor(private readonly statements: SavepointStatements) {}

  /** Levels currently open. */
  get depth(): number {
    return this.levels.length;
  }

  /** Opens a level (no statement runs). */
  push(): SavepointLevel {
    const level: Level = { savepoint: 0 };
    this.levels.push(level);
    this.unmarked += 1;
    return level;
  }

  /**
   * Call before every statement that may write: gives the levels opened since the last write one
   * savepoint, marking the state they all started from. A failing SAVEPOINT propagates (the
   * write must then not run) and leaves the levels without one.
   */
  beforeWrite(): void {
    if (this.unmarked === 0) return;
    const depth = this.open + 1;
    this.statements.save(depth);
    this.open = depth;
    const levels = this.levels;
    for (let i = levels.length - this.unmarked; i < levels.length; i++) levels[i]!.savepoint = depth;
    this.unmarked = 0;
  }

  /** Undoes every change made since `level` (the innermost open level) opened; it stays open. */
  rollbackTo(level: SavepointLevel): void {
    this.checkTop(level);
    if (level.savepoint !== 0) this.statements.rollbackTo(level.savepoint);
  }

  /**
   * Closes `level` (the innermost open level), keeping its changes in the enclosing work. The level
   * is closed even when the RELEASE statement fails (the error propagates).
   */
  release(level: SavepointLevel): void {
    this.checkTop(level);
    this.levels.pop();
    const depth = level.savepoint;
    if (depth === 0) {
      this.unmarked -= 1;
      return;
    }
    const below = this.levels[this.levels.length - 1];
    if (below !== undefined && below.savepoint === depth) return;
    this.open = depth - 1;
    this.statements.release(depth);
  }

  /** The transaction began or ended: no level and no savepoint is open any more. */
  reset(): void {
    this.levels.length = 0;
    this.open = 0;
    this.unmarked = 0;
  }

  private checkTop(level: SavepointLevel): void {
    if (this.levels[this.levels.length - 1] !== level)
      throw new Error('savepoint levels must close innermost first');
  }
}
