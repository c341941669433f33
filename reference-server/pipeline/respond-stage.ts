/**
 * Stage 8: the response envelope, signed with the server's credentials in the request's SOAP
 * version (SKSML-SRV-36, SKSML-WSS-23, SKSML-BIND-2). Faults are signed too (a client reports an
 * unsigned fault as unauthenticated); only when signing itself fails is a fault sent unsigned.
 */
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';
import { buildSksmlResponse, type HttpResponse } from '../../protocol/soap/http-binding.ts';
import type { WriterElement } from '../../protocol/xml/writer.ts';
import { faultWithDefects } from '../defects/faults.ts';
import { payloadWithDefects } from '../defects/response-payload.ts';
import type { SksServices } from '../service/services.ts';
import { buildPipelineFault } from './fault-mapping.ts';

export function buildSignedResponse(
  services: SksServices,
  version: SoapVersion,
  payload: WriterElement,
): HttpResponse {
  // SKSML-SRV-36: every response is signed. The payload goes to the signer as a tree: the same
  // bytes as writing it and signing the text, without the write-and-parse round trip.
  const envelope = services.signEnvelope({
    payload: payloadWithDefects(services, payload),
    version,
    now: services.now(),
  });
  return buildSksmlResponse(version, envelope);
}

export function buildSignedFault(
  services: SksServices,
  error: unknown,
  version: SoapVersion | null,
): HttpResponse {
  const unsigned = faultWithDefects(services, error, buildPipelineFault(error, version));
  try {
    return { ...unsigned, body: services.signEnvelope({ envelopeXml: unsigned.body, now: services.now() }) };
  } catch {
    return unsigned;
  }
}
