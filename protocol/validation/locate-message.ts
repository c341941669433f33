/**
 * Finds the SKSML message in a document: the root itself, or the single child of the Body of a
 * SOAP 1.2 or SOAP 1.1 envelope (the draft schemas describe every message as SOAP Body content).
 */
import { childElements, type XmlDocument, type XmlElement } from '../xml/tree.ts';
import type { SemanticFinding } from './finding.ts';
import { SKSML_MESSAGE_ROOTS, SKSML_NS, SOAP11_ENV_NS, SOAP12_ENV_NS } from './sksml-names.ts';

export type SoapVersion = '1.1' | '1.2';

export interface LocatedMessage {
  readonly ok: true;
  readonly message: XmlElement;
  /** The SOAP version of the enclosing envelope, or null for a bare message. */
  readonly soap: SoapVersion | null;
  /** Path of the message's parent (`/Envelope/Body`), '' for a bare message. */
  readonly basePath: string;
}

export interface MessageNotFound {
  readonly ok: false;
  readonly finding: SemanticFinding;
}

function problem(
  el: XmlElement,
  path: string,
  code: string,
  requirement: string,
  message: string,
): MessageNotFound {
  return {
    ok: false,
    finding: {
      code,
      requirement,
      severity: 'error',
      message,
      path,
      line: el.position.line,
      column: el.position.column,
    },
  };
}

function soapVersionOf(el: XmlElement): SoapVersion | null {
  if (el.namespaceURI === SOAP12_ENV_NS) return '1.2';
  if (el.namespaceURI === SOAP11_ENV_NS) return '1.1';
  return null;
}

export function locateSksmlMessage(doc: XmlDocument): LocatedMessage | MessageNotFound {
  const root = doc.root;
  let message = root;
  let soap: SoapVersion | null = null;
  let basePath = '';
  const rootSoap = soapVersionOf(root);
  if (rootSoap && root.localName === 'Envelope') {
    soap = rootSoap;
    const body = childElements(root).find(
      (c) => c.namespaceURI === root.namespaceURI && c.localName === 'Body',
    );
    // SKSML-MSG-118
    if (!body)
      return problem(
        root,
        '/Envelope',
        'SEM_ENVELOPE_NO_BODY',
        'SKSML-MSG-118',
        `SOAP ${soap} Envelope has no Body: the SKSML message travels as the Body's only child`,
      );
    const inBody = childElements(body);
    basePath = '/Envelope/Body';
    if (inBody.length !== 1)
      return problem(
        body,
        basePath,
        'SEM_ENVELOPE_BODY_CONTENT',
        'SKSML-MSG-118',
        `SOAP Body holds ${inBody.length} elements: it must hold exactly one SKSML message`,
      );
    message = inBody[0] as XmlElement;
  }
  const path = `${basePath}/${message.localName}`;
  const isRootName = (SKSML_MESSAGE_ROOTS as readonly string[]).includes(message.localName);
  if (message.namespaceURI !== SKSML_NS) {
    // SKSML-MSG-1 / SKSML-MSG-118
    return problem(
      message,
      path,
      'SEM_NOT_SKSML_MESSAGE',
      isRootName ? 'SKSML-MSG-1' : 'SKSML-MSG-118',
      isRootName
        ? `${message.name} is not in the SKSML namespace (found ${message.namespaceURI ?? 'no namespace'}): use ${SKSML_NS}`
        : `${message.name}${message.namespaceURI ? ` {${message.namespaceURI}}` : ''} is not an SKSML message: expected ${SKSML_MESSAGE_ROOTS.join(', ')} in ${SKSML_NS}`,
    );
  }
  if (!isRootName)
    // SKSML-MSG-118
    return problem(
      message,
      path,
      'SEM_NOT_SKSML_MESSAGE',
      'SKSML-MSG-118',
      `${message.localName} is an SKSML element but not a message: a document holds one of ${SKSML_MESSAGE_ROOTS.join(', ')}`,
    );
  return { ok: true, message, soap, basePath };
}
