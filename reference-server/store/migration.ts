/** One schema migration: applied once, in version order, inside one transaction. */
export interface Migration {
  /** 1, 2, 3, ... without gaps; equals the number in the file name. */
  readonly version: number;
  readonly name: string;
  /** DDL script for the back end the migration belongs to. */
  readonly sql: string;
}
