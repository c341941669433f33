/**
 * Reading a SOAP envelope out of a parsed document. The returned elements are the original tree
 * nodes (not copies), so the WS-Security verifier can compare identities (signed Body === Body).
 */
import type { XmlDocument, XmlElement, XmlNode } from '../xml/tree.ts';
import { findAttribute } from '../xml/tree.ts';
import { ENVELOPE_NS, versionOfNamespace } from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { readMustUnderstand } from './header-blocks.ts';
import { SoapError } from './soap-error.ts';

export interface SoapEnvelope {
  readonly version: SoapVersion;
  /** The document element (env:Envelope). */
  readonly envelope: XmlElement;
  readonly header: XmlElement | null;
  /** The element children of the Header, in document order (empty when there is no Header). */
  readonly headerBlocks: readonly XmlElement[];
  readonly body: XmlElement;
  /** The single element child of the Body: an SKSML message or a Fault. */
  readonly payload: XmlElement;
}

export interface ParseEnvelopeOptions {
  /**
   * The version the transport announced (e.g. from the HTTP Content-Type). When the envelope is in
   * the other version's namespace, a VersionMismatch error is thrown before anything else is read.
   */
  readonly expectedVersion?: SoapVersion;
}

function isBlank(node: XmlNode): boolean {
  return node.kind === 'text' && /^[ \t\r\n]*$/.test(node.value);
}

/** Rejects character data other than white space among `element`'s children. */
function rejectText(element: XmlElement, where: string): void {
  for (const child of element.children) {
    if (child.kind === 'text' && !isBlank(child)) {
      // SKSML-BIND-3
      throw new SoapError('SOAP_TEXT_NOT_ALLOWED', 'Sender', `character data is not allowed in ${where}`, {
        requirement: 'SKSML-BIND-3',
      });
    }
  }
}

/** Envelope, Header and Body carry only namespace-qualified attributes and no encodingStyle. */
function checkStructuralAttributes(element: XmlElement, envNs: string): void {
  for (const attribute of element.attributes) {
    if (attribute.namespaceURI === null || attribute.namespaceURI === '') {
      // SKSML-BIND-5
      throw new SoapError(
        'SOAP_UNQUALIFIED_ATTRIBUTE',
        'Sender',
        `unqualified attribute ${attribute.name} on ${element.localName}`,
        { requirement: 'SKSML-BIND-5' },
      );
    }
  }
  if (findAttribute(element, envNs, 'encodingStyle') !== undefined) {
    // SKSML-BIND-6
    throw new SoapError(
      'SOAP_ENCODING_STYLE_NOT_ALLOWED',
      'Sender',
      `encodingStyle on ${element.localName}`,
      {
        requirement: 'SKSML-BIND-6',
      },
    );
  }
}

/**
 * Checks the envelope structure of `doc` and returns its parts.
 * Throws SoapError (VersionMismatch for a document element that is not a known Envelope,
 * Sender for any structural fault).
 */
export function parseEnvelope(doc: XmlDocument, options: ParseEnvelopeOptions = {}): SoapEnvelope {
  const root = doc.root;
  const version = versionOfNamespace(root.namespaceURI);
  if (root.localName !== 'Envelope' || version === null) {
    // SKSML-BIND-7
    throw new SoapError(
      'SOAP_VERSION_MISMATCH',
      'VersionMismatch',
      'document element is not a known SOAP Envelope',
      {
        requirement: 'SKSML-BIND-7',
      },
    );
  }
  if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
    // SKSML-BIND-18
    throw new SoapError(
      'SOAP_BINDING_VERSION_MISMATCH',
      'VersionMismatch',
      `SOAP ${version} envelope sent with the SOAP ${options.expectedVersion} media type`,
      { requirement: 'SKSML-BIND-18' },
    );
  }
  const envNs = ENVELOPE_NS[version];
  checkStructuralAttributes(root, envNs);
  rejectText(root, 'Envelope');

  let header: XmlElement | null = null;
  let body: XmlElement | null = null;
  for (const child of root.children) {
    if (child.kind !== 'element') continue;
    const inEnv = child.namespaceURI === envNs;
    // SKSML-BIND-3: at most one Header, before exactly one Body, and nothing else.
    if (inEnv && child.localName === 'Header') {
      if (body !== null) throw structure('SOAP_HEADER_AFTER_BODY', 'Header after Body');
      if (header !== null) throw structure('SOAP_DUPLICATE_HEADER', 'more than one Header');
      header = child;
    } else if (inEnv && child.localName === 'Body') {
      if (body !== null) throw structure('SOAP_DUPLICATE_BODY', 'more than one Body');
      body = child;
    } else if (body !== null) {
      throw structure('SOAP_TRAILING_ELEMENT', `element ${child.name} after Body`);
    } else {
      throw structure('SOAP_UNEXPECTED_ELEMENT', `element ${child.name} where Header or Body was expected`);
    }
  }
  if (body === null) throw structure('SOAP_MISSING_BODY', 'no Body');

  const headerBlocks: XmlElement[] = [];
  if (header !== null) {
    checkStructuralAttributes(header, envNs);
    rejectText(header, 'Header');
    for (const child of header.children) {
      if (child.kind !== 'element') continue;
      if (child.namespaceURI === null || child.namespaceURI === '') {
        // SKSML-BIND-5
        throw new SoapError(
          'SOAP_UNQUALIFIED_HEADER_BLOCK',
          'Sender',
          `unqualified header block ${child.name}`,
          {
            requirement: 'SKSML-BIND-5',
          },
        );
      }
      readMustUnderstand(child, version); // SKSML-BIND-8: rejects values outside the lexical space
      headerBlocks.push(child);
    }
  }

  checkStructuralAttributes(body, envNs);
  rejectText(body, 'Body');
  const payloads = body.children.filter((n): n is XmlElement => n.kind === 'element');
  // SKSML-BIND-4
  if (payloads.length === 0) throw bodyContent('SOAP_EMPTY_BODY', 'Body has no element');
  if (payloads.length > 1) throw bodyContent('SOAP_MULTIPLE_BODY_CHILDREN', 'Body has more than one element');
  const payload = payloads[0] as XmlElement;
  if (payload.namespaceURI === null || payload.namespaceURI === '') {
    throw bodyContent('SOAP_UNQUALIFIED_PAYLOAD', `unqualified Body child ${payload.name}`);
  }
  if (findAttribute(payload, envNs, 'encodingStyle') !== undefined) {
    // SKSML-BIND-6: SKSML is literal XML; no encoding style is understood.
    throw new SoapError(
      'SOAP_DATA_ENCODING_UNKNOWN',
      'DataEncodingUnknown',
      'encodingStyle on the Body child',
      {
        requirement: 'SKSML-BIND-6',
      },
    );
  }

  return { version, envelope: root, header, headerBlocks, body, payload };
}

function structure(code: string, message: string): SoapError {
  return new SoapError(code, 'Sender', message, { requirement: 'SKSML-BIND-3' });
}

function bodyContent(code: string, message: string): SoapError {
  return new SoapError(code, 'Sender', message, { requirement: 'SKSML-BIND-4' });
}

/** True when the Body carries a SOAP Fault of the envelope's version. */
export function isFaultEnvelope(envelope: SoapEnvelope): boolean {
  return (
    envelope.payload.namespaceURI === ENVELOPE_NS[envelope.version] && envelope.payload.localName === 'Fault'
  );
}
