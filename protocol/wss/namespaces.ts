/** Namespace names and fixed URIs of the SKSML WS-Security profile (spec/wss-profile.md). */
export {
  ENVELOPE_NS,
  SOAP11_ENVELOPE_NS,
  SOAP12_ENVELOPE_NS,
  SOAP12_ROLE_ULTIMATE_RECEIVER,
  WSSE_NS,
  WSU_NS,
  XML_NS,
  type SoapVersion,
} from '../soap/namespaces.ts';

export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** Namespace of ec:InclusiveNamespaces (exclusive c14n parameters). */
export const EC_NS = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/** ValueType of an X.509v3 BinarySecurityToken and of the STR Reference that points at it. */
export const X509V3_VALUE_TYPE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
/** EncodingType of a base64 BinarySecurityToken. */
export const BASE64_ENCODING_TYPE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
