/**
 * Stage 2: the hardened XML intake (protocol/xml/intake.ts) reads the body — UTF-8 only, no DTD,
 * no entities, no processing instructions, bounded size, depth and counts (SKSML-BIND-25,
 * SKSML-WSS-26). Every later stage works on this one tree; nothing re-reads the raw bytes.
 */
import { parseXml } from '../../protocol/xml/intake.ts';
import type { XmlDocument } from '../../protocol/xml/tree.ts';

export function readRequestDocument(body: Uint8Array, maxBodyBytes: number): XmlDocument {
  return parseXml(body, { limits: { maxBytes: maxBodyBytes } });
}
