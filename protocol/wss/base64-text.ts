/**
 * Reads the base64 content of DigestValue, SignatureValue and BinarySecurityToken: plain text
 * children only (no comments, no CDATA, no child elements), canonical base64 once XML whitespace
 * is removed (SKSML-WSS-20). A comment splitting a DigestValue (CVE-2025-29775) is refused here.
 */
import type { XmlElement } from '../xml/tree.ts';
import { WssError } from './wss-error.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function readBase64Text(element: XmlElement, what: string): Buffer {
  let text = '';
  for (const child of element.children) {
    // SKSML-WSS-20: pure text children only.
    if (child.kind !== 'text' || child.cdata)
      throw new WssError('WSS_NON_TEXT_VALUE', `${what} must contain only base64 text`, {
        requirement: 'SKSML-WSS-20',
      });
    text += child.value;
  }
  const compact = text.replace(/[ \t\r\n]+/g, '');
  if (compact.length === 0 || !BASE64.test(compact))
    throw new WssError('WSS_MALFORMED_BASE64', `${what} is not valid base64`, {
      requirement: 'SKSML-WSS-20',
    });
  return Buffer.from(compact, 'base64');
}
