/**
 * Finds THE wsse:Security header block and its three parts (Timestamp, BinarySecurityToken,
 * Signature) by position, never by Id lookup (SKSML-WSS-1..4, -11).
 */
import { readMustUnderstand, readTargetRole } from '../soap/header-blocks.ts';
import type { SoapEnvelope } from '../soap/envelope.ts';
import type { XmlElement } from '../xml/tree.ts';
import type { DocumentIndex } from './document-index.ts';
import { DS_NS, SOAP12_ROLE_ULTIMATE_RECEIVER, WSSE_NS, WSU_NS } from './namespaces.ts';
import { WssError } from './wss-error.ts';

export interface SecurityHeaderParts {
  readonly security: XmlElement;
  readonly timestamp: XmlElement;
  /** The BinarySecurityToken, or null when there is none (the STR then fails to resolve). */
  readonly token: XmlElement | null;
  readonly signature: XmlElement;
}

function is(element: XmlElement, namespaceURI: string, localName: string): boolean {
  return element.namespaceURI === namespaceURI && element.localName === localName;
}

function findSecurity(envelope: SoapEnvelope): XmlElement {
  const blocks = envelope.headerBlocks.filter((b) => is(b, WSSE_NS, 'Security'));
  // SKSML-WSS-1: exactly one Security header block, whatever its actor/role.
  if (blocks.length === 0)
    throw new WssError('WSS_MISSING_SECURITY', 'no wsse:Security header', { requirement: 'SKSML-WSS-1' });
  if (blocks.length > 1)
    throw new WssError('WSS_MULTIPLE_SECURITY', 'more than one wsse:Security header', {
      requirement: 'SKSML-WSS-1',
    });
  return blocks[0] as XmlElement;
}

function checkTargeting(security: XmlElement, envelope: SoapEnvelope): void {
  let mustUnderstand: boolean;
  try {
    mustUnderstand = readMustUnderstand(security, envelope.version);
  } catch (e) {
    throw new WssError('WSS_MUST_UNDERSTAND', 'invalid mustUnderstand on wsse:Security', {
      requirement: 'SKSML-WSS-2',
      cause: e,
    });
  }
  // SKSML-WSS-2: the Security header must be marked mustUnderstand.
  if (!mustUnderstand)
    throw new WssError('WSS_MUST_UNDERSTAND', 'wsse:Security is not marked mustUnderstand', {
      requirement: 'SKSML-WSS-2',
    });
  // SKSML-WSS-3: targeted at the ultimate receiver (no actor/role, or the ultimateReceiver role).
  const role = readTargetRole(security, envelope.version);
  const ultimate =
    role === null || role === '' || (envelope.version === '1.2' && role === SOAP12_ROLE_ULTIMATE_RECEIVER);
  if (!ultimate)
    throw new WssError('WSS_SECURITY_ROLE', 'wsse:Security is not targeted at the ultimate receiver', {
      requirement: 'SKSML-WSS-3',
    });
}

export function readSecurityHeader(envelope: SoapEnvelope, index: DocumentIndex): SecurityHeaderParts {
  const security = findSecurity(envelope);
  checkTargeting(security, envelope);
  const timestamps: XmlElement[] = [];
  const tokens: XmlElement[] = [];
  const signatures: XmlElement[] = [];
  for (const child of security.children) {
    if (child.kind === 'comment') continue;
    if (child.kind === 'text') {
      if (/^[ \t\r\n]*$/.test(child.value)) continue;
      throw new WssError('WSS_UNEXPECTED_HEADER_CONTENT', 'character data in wsse:Security', {
        requirement: 'SKSML-WSS-4',
      });
    }
    if (is(child, WSU_NS, 'Timestamp')) timestamps.push(child);
    else if (is(child, WSSE_NS, 'BinarySecurityToken')) tokens.push(child);
    else if (is(child, DS_NS, 'Signature')) signatures.push(child);
    // SKSML-WSS-4: nothing but Timestamp, BinarySecurityToken and Signature in the header.
    else
      throw new WssError('WSS_UNEXPECTED_HEADER_CONTENT', `unexpected ${child.name} in wsse:Security`, {
        requirement: 'SKSML-WSS-4',
      });
  }
  // SKSML-WSS-11: exactly one ds:Signature in the whole message, and it is in the Security header.
  if (signatures.length === 0 && index.signatures.length === 0)
    throw new WssError('WSS_MISSING_SIGNATURE', 'no ds:Signature in wsse:Security', {
      requirement: 'SKSML-WSS-11',
    });
  if (signatures.length !== 1 || index.signatures.length !== 1)
    throw new WssError('WSS_MULTIPLE_SIGNATURES', 'the message must carry exactly one ds:Signature', {
      requirement: 'SKSML-WSS-11',
    });
  // SKSML-WSS-4: exactly one Timestamp, at most one token.
  if (timestamps.length === 0)
    throw new WssError('WSS_MISSING_TIMESTAMP', 'no wsu:Timestamp in wsse:Security', {
      requirement: 'SKSML-WSS-4',
    });
  if (timestamps.length > 1)
    throw new WssError('WSS_MULTIPLE_TIMESTAMPS', 'more than one wsu:Timestamp', {
      requirement: 'SKSML-WSS-4',
    });
  if (tokens.length > 1)
    throw new WssError('WSS_UNEXPECTED_HEADER_CONTENT', 'more than one BinarySecurityToken', {
      requirement: 'SKSML-WSS-4',
    });
  return {
    security,
    timestamp: timestamps[0] as XmlElement,
    token: tokens[0] ?? null,
    signature: signatures[0] as XmlElement,
  };
}
