/**
 * First stage of intake: enforce the byte limit before anything is decoded, refuse every
 * encoding but UTF-8, and decode strictly. The result keeps a UTF-8 byte order mark as its
 * first character (`start` = 1) so that offsets stay offsets into the decoded text.
 */
import { XmlIntakeError } from './intake-error.ts';
import { PositionTracker } from './position-tracker.ts';

export interface DecodedInput {
  readonly text: string;
  /** Offset of the first character after an optional byte order mark. */
  readonly start: number;
}

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function tooLarge(size: string, maxBytes: number): XmlIntakeError {
  return new XmlIntakeError(
    'XML_LIMIT_BYTES',
    `document is larger than the limit of ${maxBytes} bytes (${size}); it was not read`,
  );
}

function unsupported(what: string): XmlIntakeError {
  return new XmlIntakeError(
    'XML_ENCODING_UNSUPPORTED',
    `${what}; only UTF-8 is accepted (re-encode the document as UTF-8)`,
    { line: 1, column: 1, offset: 0 },
  );
}

/** Recognises byte order marks and the unmarked UTF-16/UTF-32 shapes of XML 1.0 Appendix F. */
function detectForeignEncoding(b: Uint8Array): string | null {
  const b0 = b[0] ?? -1;
  const b1 = b[1] ?? -1;
  const b2 = b[2] ?? -1;
  const b3 = b[3] ?? -1;
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return 'a UTF-32 byte order mark';
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return 'a UTF-32 byte order mark';
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe)) return 'a UTF-16 byte order mark';
  if (b.length >= 4 && b0 === 0x00 && b1 === 0x00 && (b2 === 0x00 || b3 === 0x00))
    return 'UTF-32 encoded text';
  if (b.length >= 4 && b2 === 0x00 && b3 === 0x00 && b0 !== 0x00 && b1 === 0x00) return 'UTF-32 encoded text';
  if (b.length >= 4 && b0 === 0x00 && b1 !== 0x00 && b2 === 0x00 && b3 !== 0x00)
    return 'UTF-16 (big-endian) encoded text';
  if (b.length >= 4 && b0 !== 0x00 && b1 === 0x00 && b2 !== 0x00 && b3 === 0x00)
    return 'UTF-16 (little-endian) encoded text';
  if (b0 === 0x4c && b1 === 0x6f && b2 === 0xa7 && b3 === 0x94) return 'EBCDIC encoded text';
  return null;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const second = b[i + 1] as number;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const cont = b[i + k] as number;
      if (cont < 0x80 || cont > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

function decodeBytes(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.length > maxBytes) throw tooLarge(`${bytes.length} bytes`, maxBytes);
  const foreign = detectForeignEncoding(bytes);
  if (foreign !== null) throw unsupported(`the input starts with ${foreign}`);
  try {
    return UTF8_STRICT.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const valid = UTF8_STRICT.decode(bytes.subarray(0, Math.max(bad, 0)));
    const origin = valid.charCodeAt(0) === 0xfeff ? 1 : 0;
    const position = new PositionTracker(valid, origin).at(valid.length);
    throw new XmlIntakeError(
      'XML_ENCODING_UNSUPPORTED',
      `the input is not valid UTF-8 (invalid byte sequence at byte ${bad}); only UTF-8 is accepted`,
      position,
    );
  }
}

/** Checks the size, decodes bytes as strict UTF-8 and locates the start after a BOM. */
export function decodeInput(input: string | Uint8Array, maxBytes: number): DecodedInput {
  // SKSML-BIND-24: the byte limit is enforced before anything is decoded.
  // SKSML-BIND-13: only UTF-8 is decoded.
  let text: string;
  if (typeof input === 'string') {
    // Every UTF-16 unit needs at least one UTF-8 byte, so the cheap test comes first.
    if (input.length > maxBytes) throw tooLarge(`at least ${input.length} bytes`, maxBytes);
    const size = Buffer.byteLength(input, 'utf8');
    if (size > maxBytes) throw tooLarge(`${size} bytes`, maxBytes);
    text = input;
  } else {
    text = decodeBytes(input, maxBytes);
  }
  return { text, start: text.charCodeAt(0) === 0xfeff ? 1 : 0 };
}
