/**
 * TEST-ONLY hook of openServices: the response signer with the `unsignedResponse` defect, which
 * writes the envelope (or passes the fault envelope on) without any WS-Security header.
 */
import { buildEnvelope } from '../../protocol/soap/build-envelope.ts';
import type { EnvelopeSigner } from '../../protocol/wss/sign.ts';
import { writeXml } from '../../protocol/xml/writer.ts';
import { hasDefect, type DefectCarrier } from './defect-switches.ts';

const unsignedSigner: EnvelopeSigner = (input) => {
  if (input.envelopeXml !== undefined) return input.envelopeXml;
  const body = input.payload === undefined ? (input.payloadXml ?? '') : writeXml(input.payload);
  return buildEnvelope({ version: input.version ?? '1.2', body });
};

export function signerWithDefects(carrier: DefectCarrier, signer: EnvelopeSigner): EnvelopeSigner {
  return hasDefect(carrier, 'unsignedResponse') ? unsignedSigner : signer;
}
