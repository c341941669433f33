/**
 * Turns UTF-16 offsets into line/column positions. Queries are expected in ascending order
 * (the parser only moves forward), which keeps the total work linear; a query behind the
 * cursor restarts from the beginning. CRLF, CR and LF each end one line.
 */
import type { XmlPosition } from './tree.ts';
import { NextIndex } from './next-index.ts';

export class PositionTracker {
  private readonly text: string;
  private readonly origin: number;
  private cursor = 0;
  private line = 1;
  private lineStart = 0;
  private nextLf: NextIndex;
  private nextCr: NextIndex;

  /** `origin` is the offset of the first character of line 1 (1 after a byte order mark). */
  constructor(text: string, origin: number) {
    this.text = text;
    this.origin = origin;
    this.nextLf = new NextIndex(text, '\n');
    this.nextCr = new NextIndex(text, '\r');
    this.restart();
  }

  private restart(): void {
    this.cursor = this.origin;
    this.line = 1;
    this.lineStart = this.origin;
    this.nextLf = new NextIndex(this.text, '\n');
    this.nextCr = new NextIndex(this.text, '\r');
  }

  at(offset: number): XmlPosition {
    if (offset < this.cursor) this.restart();
    for (;;) {
      const lf = this.nextLf.find(this.cursor);
      const cr = this.nextCr.find(this.cursor);
      const brk = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (brk === -1 || brk >= offset) break;
      if (brk === cr && this.text.charCodeAt(brk + 1) === 0x0a) {
        this.cursor = brk + 1; // the LF that follows ends the line
        continue;
      }
      this.line++;
      this.lineStart = brk + 1;
      this.cursor = brk + 1;
    }
    this.cursor = offset;
    return { line: this.line, column: offset - this.lineStart + 1, offset };
  }
}
