/** Reads wsu:Timestamp: exactly wsu:Created then wsu:Expires, UTC values (SKSML-WSS-8). */
import type { XmlElement } from '../xml/tree.ts';
import { WSU_NS } from './namespaces.ts';
import { parseUtcDateTime } from './timestamp.ts';
import { WssError } from './wss-error.ts';

export interface TimestampValues {
  readonly createdMs: number;
  readonly expiresMs: number;
}

function malformed(message: string): WssError {
  return new WssError('WSS_MALFORMED_TIMESTAMP', message, { requirement: 'SKSML-WSS-8' });
}

function readTime(element: XmlElement): number {
  let text = '';
  for (const child of element.children) {
    if (child.kind !== 'text' || child.cdata) throw malformed(`wsu:${element.localName} must be plain text`);
    text += child.value;
  }
  const t = parseUtcDateTime(text.trim());
  if (t === null) throw malformed(`wsu:${element.localName} is not a UTC dateTime`);
  return t;
}

export function readTimestamp(timestamp: XmlElement): TimestampValues {
  const parts: XmlElement[] = [];
  for (const child of timestamp.children) {
    if (child.kind === 'element') parts.push(child);
    else if (child.kind === 'text' && !/^[ \t\r\n]*$/.test(child.value))
      throw malformed('character data in wsu:Timestamp');
  }
  const [created, expires] = parts;
  // SKSML-WSS-8: Created and Expires, in that order, nothing else.
  if (
    parts.length !== 2 ||
    created?.namespaceURI !== WSU_NS ||
    created.localName !== 'Created' ||
    expires?.namespaceURI !== WSU_NS ||
    expires.localName !== 'Expires'
  )
    throw malformed('wsu:Timestamp must hold exactly wsu:Created and wsu:Expires');
  return { createdMs: readTime(created), expiresMs: readTime(expires) };
}
