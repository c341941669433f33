/**
 * The WSDL 1.1 description of the SKS endpoint (served at `GET /sks?wsdl`): document/literal
 * operations SymkeyRequest and KeyCachePolicyRequest, a SOAP 1.2 binding (normative,
 * SKSML-BIND-1) and a SOAP 1.1 binding (legacy clients, SKSML-BIND-2), both with the action URIs
 * of spec/binding.md (SKSML-BIND-15) as soapAction, and one service with a port per binding at the
 * same address. The message elements come from the project's schemas, served by the endpoint
 * itself (`?xsd=NAME`, see served-schemas.ts). The WS-Security requirements (spec/wss-profile.md)
 * are not expressed as WS-Policy: they are fixed by the profile, not negotiable.
 */
import { SKSML_ACTIONS } from '../../protocol/soap/actions.ts';
import { SKSML_NS } from '../../protocol/soap/namespaces.ts';
import { escapeAttribute } from '../../protocol/xml/escape.ts';
import { WSDL_MESSAGE_SCHEMAS, schemaReference } from './served-schemas.ts';

export const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
export const WSDL_SOAP11_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
export const WSDL_SOAP12_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const SOAP_HTTP_TRANSPORT = 'http://schemas.xmlsoap.org/soap/http';
/** Target namespace of the WSDL definitions (service, port type, bindings); project-defined. */
export const SKS_WSDL_NS = 'urn:sksml:wsdl:sks:1.0';

/** The names the WSDL defines, for clients and tests. */
export const SKS_WSDL_NAMES = Object.freeze({
  service: 'SksService',
  portType: 'SksPortType',
  soap12Binding: 'SksSoap12Binding',
  soap11Binding: 'SksSoap11Binding',
  soap12Port: 'SksSoap12Port',
  soap11Port: 'SksSoap11Port',
});

/** The operations: request element, response element. */
export const SKS_OPERATIONS = Object.freeze([
  { name: 'SymkeyRequest', input: 'SymkeyRequest', output: 'SymkeyResponse' },
  { name: 'KeyCachePolicyRequest', input: 'KeyCachePolicyRequest', output: 'KeyCachePolicyResponse' },
] as const);

export interface BuildWsdlInput {
  /** Absolute http(s) URL of the SKS endpoint, e.g. `https://sks.example.com/sks`; no query or fragment. */
  readonly endpointUrl: string;
}

/** Checks and normalizes the endpoint URL (throws RangeError). */
export function checkEndpointUrl(endpointUrl: string): string {
  let url: URL;
  try {
    url = new URL(endpointUrl);
  } catch {
    throw new RangeError('endpointUrl is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RangeError('endpointUrl must be http or https');
  if (url.search !== '' || url.hash !== '')
    throw new RangeError('endpointUrl must not have a query or fragment');
  if (url.username !== '' || url.password !== '')
    throw new RangeError('endpointUrl must not carry credentials');
  return url.href;
}

function binding(name: string, soap: 'soap' | 'soap12'): string {
  const ops = SKS_OPERATIONS.map(
    (op) =>
      `<wsdl:operation name="${op.name}">` +
      `<${soap}:operation soapAction="${escapeAttribute(SKSML_ACTIONS[op.input])}" style="document"/>` +
      `<wsdl:input><${soap}:body use="literal"/></wsdl:input>` +
      `<wsdl:output><${soap}:body use="literal"/></wsdl:output>` +
      `</wsdl:operation>`,
  ).join('');
  return (
    `<wsdl:binding name="${name}" type="tns:${SKS_WSDL_NAMES.portType}">` +
    `<${soap}:binding style="document" transport="${SOAP_HTTP_TRANSPORT}"/>${ops}</wsdl:binding>`
  );
}

// SKSML-SRV-115, SKSML-BIND-15
/** The WSDL document (UTF-8 text with an XML declaration). */
export function buildWsdl(input: BuildWsdlInput): string {
  const endpoint = checkEndpointUrl(input.endpointUrl);
  const address = escapeAttribute(endpoint);
  const includes = WSDL_MESSAGE_SCHEMAS.map(
    (name) => `<xs:include schemaLocation="${escapeAttribute(endpoint + schemaReference(name))}"/>`,
  ).join('');
  const messages = SKS_OPERATIONS.flatMap((op) => [op.input, op.output])
    .map((el) => `<wsdl:message name="${el}"><wsdl:part name="body" element="ekmi:${el}"/></wsdl:message>`)
    .join('');
  const portOps = SKS_OPERATIONS.map(
    (op) =>
      `<wsdl:operation name="${op.name}">` +
      `<wsdl:input message="tns:${op.input}"/><wsdl:output message="tns:${op.output}"/>` +
      `</wsdl:operation>`,
  ).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<wsdl:definitions name="${SKS_WSDL_NAMES.service}" targetNamespace="${SKS_WSDL_NS}"` +
    ` xmlns:wsdl="${WSDL_NS}" xmlns:soap="${WSDL_SOAP11_NS}" xmlns:soap12="${WSDL_SOAP12_NS}"` +
    ` xmlns:xs="${XSD_NS}" xmlns:ekmi="${SKSML_NS}" xmlns:tns="${SKS_WSDL_NS}">` +
    `<wsdl:documentation>SKSML 1.0 Symmetric Key Services endpoint (sksml reference server). Every request and response` +
    ` is signed as spec/wss-profile.md describes.</wsdl:documentation>` +
    `<wsdl:types><xs:schema targetNamespace="${SKSML_NS}" elementFormDefault="qualified">${includes}</xs:schema></wsdl:types>` +
    messages +
    `<wsdl:portType name="${SKS_WSDL_NAMES.portType}">${portOps}</wsdl:portType>` +
    binding(SKS_WSDL_NAMES.soap12Binding, 'soap12') +
    binding(SKS_WSDL_NAMES.soap11Binding, 'soap') +
    `<wsdl:service name="${SKS_WSDL_NAMES.service}">` +
    `<wsdl:port name="${SKS_WSDL_NAMES.soap12Port}" binding="tns:${SKS_WSDL_NAMES.soap12Binding}"><soap12:address location="${address}"/></wsdl:port>` +
    `<wsdl:port name="${SKS_WSDL_NAMES.soap11Port}" binding="tns:${SKS_WSDL_NAMES.soap11Binding}"><soap:address location="${address}"/></wsdl:port>` +
    `</wsdl:service></wsdl:definitions>\n`
  );
}
