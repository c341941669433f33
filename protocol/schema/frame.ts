/**
 * Length-prefixed frames for the Java validation helper: a 4-byte big-endian length, then that
 * many bytes of UTF-8. `FrameDecoder` reassembles frames from arbitrary stream chunks.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function encodeFrame(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  if (body.length > MAX_FRAME_BYTES) throw new RangeError(`frame too large: ${body.length} bytes`);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds a chunk and returns every frame it completes, in order. */
  push(chunk: Buffer): string[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: string[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32BE(0);
      if (length > MAX_FRAME_BYTES) throw new RangeError(`frame too large: ${length} bytes`);
      if (this.pending.length < 4 + length) break;
      frames.push(this.pending.subarray(4, 4 + length).toString('utf8'));
      this.pending = this.pending.subarray(4 + length);
    }
    return frames;
  }

  /** Bytes received that do not yet form a whole frame. */
  get bufferedBytes(): number {
    return this.pending.length;
  }
}
