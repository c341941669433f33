/**
 * KeyIDs and RequestIDs reserved in blocks (spec/store.md §2, "Sequences"). One sealed UPDATE of a
 * sequence row reserves the next `blockSize` values; the store hands them out from memory.
 *
 * - A block reserved inside a write transaction is PENDING: only that transaction uses it, and a
 *   rollback of the savepoint it was reserved in (or of the transaction, or a failed COMMIT)
 *   drops it, because the row update that reserved it is undone.
 * - When that transaction has committed, the rest of the block is AVAILABLE to every caller of
 *   this store. A value is taken out of memory when handed out, so it is handed out once even if
 *   the caller's transaction later fails (the value is then a gap).
 * - The sequence row always names the end of the last block reserved, so another store (another
 *   process, the admin tool) reading it starts after every block this store holds; a restart
 *   loses the unused rest of the blocks (gaps: IDs are unique, not dense).
 */

export interface SequenceBlock {
  /** The next value to hand out. */
  next: bigint;
  /** The last value of the block (inclusive). */
  readonly last: bigint;
}

export const DEFAULT_SEQUENCE_BLOCK = 64;

function takeFrom(blocks: SequenceBlock[] | undefined): bigint | undefined {
  while (blocks !== undefined && blocks.length > 0) {
    const block = blocks[0]!;
    if (block.next <= block.last) {
      const value = block.next;
      block.next += 1n;
      if (block.next > block.last) blocks.shift();
      return value;
    }
    blocks.shift();
  }
  return undefined;
}

/** Blocks of committed reservations, shared by every caller of one store. */
export class SequenceBlocks {
  private readonly available = new Map<string, SequenceBlock[]>();
  private readonly reserving = new Map<string, Promise<unknown>>();

  constructor(readonly blockSize: number = DEFAULT_SEQUENCE_BLOCK) {
    if (!Number.isSafeInteger(blockSize) || blockSize < 1)
      throw new RangeError('the sequence block size must be a positive integer');
  }

  take(key: string): bigint | undefined {
    const blocks = this.available.get(key);
    const value = takeFrom(blocks);
    if (blocks !== undefined && blocks.length === 0) this.available.delete(key);
    return value;
  }

  /** Makes the rest of blocks whose reservation has committed available to everyone. */
  publish(reserved: readonly { readonly key: string; readonly block: SequenceBlock }[]): void {
    for (const { key, block } of reserved) {
      if (block.next > block.last) continue;
      const blocks = this.available.get(key) ?? [];
      blocks.push(block);
      blocks.sort((a, b) => (a.next < b.next ? -1 : 1));
      this.available.set(key, blocks);
    }
  }

  /** A reservation outside any caller's transaction in flight for `key`, if any. */
  reservation(key: string): Promise<unknown> | undefined {
    return this.reserving.get(key);
  }

  /** Records `work` as the reservation in flight for `key` until it settles. */
  trackReservation(key: string, work: Promise<unknown>): void {
    const done = work.then(
      () => undefined,
      () => undefined,
    );
    this.reserving.set(key, done);
    void done.then(() => {
      if (this.reserving.get(key) === done) this.reserving.delete(key);
    });
  }
}

/** Blocks reserved by one write transaction and not yet committed. */
export class PendingBlocks {
  private readonly reserved: { readonly key: string; readonly block: SequenceBlock }[] = [];

  take(key: string): bigint | undefined {
    for (const entry of this.reserved) {
      if (entry.key !== key || entry.block.next > entry.block.last) continue;
      const value = entry.block.next;
      entry.block.next += 1n;
      return value;
    }
    return undefined;
  }

  add(key: string, block: SequenceBlock): void {
    this.reserved.push({ key, block });
  }

  /** Remembered when a savepoint opens. */
  mark(): number {
    return this.reserved.length;
  }

  /** The savepoint opened at `mark` rolled back: blocks reserved inside it are gone. */
  rollbackTo(mark: number): void {
    this.reserved.length = Math.min(this.reserved.length, mark);
  }

  /** The transaction committed: hands the blocks over (and forgets them). */
  drain(): { readonly key: string; readonly block: SequenceBlock }[] {
    return this.reserved.splice(0);
  }

  clear(): void {
    this.reserved.length = 0;
  }
}
