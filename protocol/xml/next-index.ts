/**
 * Caches the next occurrence of a fixed substring so that forward-only scanners can ask
 * "where is the next X from here?" many times in linear total time.
 */
export class NextIndex {
  private readonly text: string;
  private readonly needle: string;
  private pos = -2;

  constructor(text: string, needle: string) {
    this.text = text;
    this.needle = needle;
  }

  /** Index of the first occurrence at or after `from`, or -1. `from` must never decrease. */
  find(from: number): number {
    if (this.pos !== -1 && this.pos < from) this.pos = this.text.indexOf(this.needle, from);
    return this.pos;
  }
}
