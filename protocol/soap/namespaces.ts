/** Namespace names and fixed URIs of the SOAP binding (SOAP 1.1, SOAP 1.2, WSS 1.0, SKSML). */

/** The two SOAP envelope versions the binding knows. SOAP 1.2 is normative; 1.1 is for legacy clients. */
export type SoapVersion = '1.1' | '1.2';

export const SOAP11_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_ENVELOPE_NS = 'http://www.w3.org/2003/05/soap-envelope';

/** WSS 1.0 utility namespace (wsu:Id, wsu:Timestamp). */
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
/** WSS 1.0 SOAP Message Security namespace (wsse:Security and the WSS fault codes). */
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
/** The namespace bound to the `xml` prefix by Namespaces in XML. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** The SKSML 1.0 namespace. */
export const SKSML_NS = 'http://docs.oasis-open.org/ekmi/2008/01';

/** SOAP 1.2 roles (Part 1 §2.2). A node that is the ultimate receiver acts in `next` and `ultimateReceiver`. */
export const SOAP12_ROLE_NEXT = 'http://www.w3.org/2003/05/soap-envelope/role/next';
export const SOAP12_ROLE_NONE = 'http://www.w3.org/2003/05/soap-envelope/role/none';
export const SOAP12_ROLE_ULTIMATE_RECEIVER = 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver';
/** SOAP 1.1 actor meaning "the next SOAP node" (SOAP 1.1 §4.2.2). */
export const SOAP11_ACTOR_NEXT = 'http://schemas.xmlsoap.org/soap/actor/next';

/** Envelope namespace of each version. */
export const ENVELOPE_NS: Readonly<Record<SoapVersion, string>> = {
  '1.1': SOAP11_ENVELOPE_NS,
  '1.2': SOAP12_ENVELOPE_NS,
};

/** Prefix the project writes for the envelope namespace of each version. */
export const ENVELOPE_PREFIX: Readonly<Record<SoapVersion, string>> = { '1.1': 'soap', '1.2': 'env' };

/** The SOAP version whose envelope namespace is `namespaceURI`, or null for any other namespace. */
export function versionOfNamespace(namespaceURI: string | null): SoapVersion | null {
  if (namespaceURI === SOAP12_ENVELOPE_NS) return '1.2';
  if (namespaceURI === SOAP11_ENVELOPE_NS) return '1.1';
  return null;
}
