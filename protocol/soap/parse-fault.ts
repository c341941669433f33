/** Reading a SOAP fault (either version) out of a parsed envelope. */
import type { XmlElement } from '../xml/tree.ts';
import { childElements, directText, findAttribute } from '../xml/tree.ts';
import type { SoapEnvelope } from './envelope.ts';
import { isFaultEnvelope } from './envelope.ts';
import { ENVELOPE_NS, XML_NS } from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { extendScope, resolveQName, scopeAlong } from './qname.ts';
import type { NamespaceScope, QName } from './qname.ts';
import { SoapError, SOAP_FAULT_CODES } from './soap-error.ts';
import type { SoapFaultCode } from './soap-error.ts';
import { wssFaultName } from './wss-faults.ts';

export interface SoapFault {
  readonly version: SoapVersion;
  /**
   * The fault code in SOAP 1.2 terms. For SOAP 1.1: Client→Sender, Server→Receiver; a faultcode
   * outside the envelope namespace is reported as a subcode, with code Sender for the WSS faults and
   * Receiver for any other.
   */
  readonly code: SoapFaultCode;
  /** Subcodes, outermost first (SOAP 1.2 env:Subcode chain; SOAP 1.1 foreign faultcode or dotted suffix). */
  readonly subcodes: readonly QName[];
  /** The reason text (SOAP 1.2: the `en` text when present, else the first). */
  readonly reason: string;
  /** xml:lang of the chosen reason text (SOAP 1.1: null). */
  readonly reasonLang: string | null;
  /** env:Detail (1.2) or detail (1.1), when present. */
  readonly detail: XmlElement | null;
}

function malformed(message: string): SoapError {
  return new SoapError('SOAP_MALFORMED_FAULT', 'Sender', message);
}

function qnameIn(element: XmlElement, scope: NamespaceScope): QName {
  const name = resolveQName(directText(element), extendScope(scope, element));
  if (name === null) throw malformed(`${element.localName} is not a resolvable QName`);
  return name;
}

function only(
  children: XmlElement[],
  ns: string | null,
  localName: string,
  required: boolean,
): XmlElement | null {
  const found = children.filter((c) => (c.namespaceURI ?? null) === ns && c.localName === localName);
  if (found.length > 1) throw malformed(`more than one ${localName}`);
  if (required && found.length === 0) throw malformed(`no ${localName}`);
  return found[0] ?? null;
}

function parseFault12(envelope: SoapEnvelope, fault: XmlElement, scope: NamespaceScope): SoapFault {
  const ns = ENVELOPE_NS['1.2'];
  const children = childElements(fault);
  const order = ['Code', 'Reason', 'Node', 'Role', 'Detail'];
  let last = -1;
  for (const c of children) {
    const at = c.namespaceURI === ns ? order.indexOf(c.localName) : -1;
    if (at <= last) throw malformed(`unexpected ${c.name} in Fault`);
    last = at;
  }
  const codeElement = only(children, ns, 'Code', true) as XmlElement;
  const reasonElement = only(children, ns, 'Reason', true) as XmlElement;
  const detail = only(children, ns, 'Detail', false);

  let level = codeElement;
  let levelScope = extendScope(scope, codeElement);
  const valueElement = only(childElements(level), ns, 'Value', true) as XmlElement;
  const codeName = qnameIn(valueElement, levelScope);
  const code = SOAP_FAULT_CODES.find((c) => codeName.namespace === ns && codeName.localName === c);
  if (code === undefined) throw malformed('Code/Value is not a SOAP 1.2 fault code');
  const subcodes: QName[] = [];
  for (;;) {
    const sub = only(childElements(level), ns, 'Subcode', false);
    if (sub === null) break;
    levelScope = extendScope(levelScope, sub);
    subcodes.push(qnameIn(only(childElements(sub), ns, 'Value', true) as XmlElement, levelScope));
    level = sub;
  }

  const texts = childElements(reasonElement).filter((c) => c.namespaceURI === ns && c.localName === 'Text');
  const langOf = (t: XmlElement): string | null => findAttribute(t, XML_NS, 'lang')?.value ?? null;
  const chosen = texts.find((t) => langOf(t)?.toLowerCase() === 'en') ?? texts[0];
  if (chosen === undefined) throw malformed('Reason has no Text');
  return {
    version: envelope.version,
    code,
    subcodes,
    reason: directText(chosen),
    reasonLang: langOf(chosen),
    detail,
  };
}

function parseFault11(envelope: SoapEnvelope, fault: XmlElement, scope: NamespaceScope): SoapFault {
  const ns = ENVELOPE_NS['1.1'];
  const children = childElements(fault);
  for (const c of children) {
    if (
      c.namespaceURI !== null ||
      !['faultcode', 'faultstring', 'faultactor', 'detail'].includes(c.localName)
    )
      throw malformed(`unexpected ${c.name} in Fault`);
  }
  const faultcode = qnameIn(only(children, null, 'faultcode', true) as XmlElement, scope);
  const faultstring = only(children, null, 'faultstring', true) as XmlElement;
  const detail = only(children, null, 'detail', false);

  let code: SoapFaultCode;
  const subcodes: QName[] = [];
  if (faultcode.namespace === ns) {
    // Dotted form (e.g. Client.Authentication) refines the code; the suffix is kept as a subcode.
    const [base = '', ...rest] = faultcode.localName.split('.');
    const map: Record<string, SoapFaultCode> = {
      Client: 'Sender',
      Server: 'Receiver',
      VersionMismatch: 'VersionMismatch',
      MustUnderstand: 'MustUnderstand',
    };
    const mapped = Object.hasOwn(map, base) ? map[base] : undefined;
    if (mapped === undefined) throw malformed('faultcode is not a SOAP 1.1 fault code');
    code = mapped;
    if (rest.length > 0) subcodes.push({ namespace: ns, localName: rest.join('.') });
  } else {
    code = wssFaultName(faultcode) !== null ? 'Sender' : 'Receiver';
    subcodes.push(faultcode);
  }
  return {
    version: envelope.version,
    code,
    subcodes,
    reason: directText(faultstring),
    reasonLang: null,
    detail,
  };
}

/** The fault carried by `envelope`. Throws SoapError SOAP_MALFORMED_FAULT when it is not a well-formed fault. */
export function parseFault(envelope: SoapEnvelope): SoapFault {
  if (!isFaultEnvelope(envelope)) throw malformed('the Body does not carry a SOAP Fault');
  const scope = scopeAlong([envelope.envelope, envelope.body, envelope.payload]);
  return envelope.version === '1.2'
    ? parseFault12(envelope, envelope.payload, scope)
    : parseFault11(envelope, envelope.payload, scope);
}
