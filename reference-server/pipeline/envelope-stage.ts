/**
 * Stage 3: the SOAP envelope — structure (SKSML-BIND-3..6), version against the media type
 * (SKSML-BIND-18), mandatory header blocks (only wsse:Security is understood; SKSML-BIND-9), and a
 * Body holding an SKSML request that matches the announced action (SKSML-BIND-16, -19).
 */
import type { SksmlMessageName } from '../../protocol/soap/actions.ts';
import { parseEnvelope, type SoapEnvelope } from '../../protocol/soap/envelope.ts';
import { checkMustUnderstand } from '../../protocol/soap/header-blocks.ts';
import { checkEnvelopeBinding, type HttpRequestBinding } from '../../protocol/soap/http-binding.ts';
import { WSSE_NS } from '../../protocol/soap/namespaces.ts';
import type { XmlDocument } from '../../protocol/xml/tree.ts';

const UNDERSTOOD = [{ namespace: WSSE_NS, localName: 'Security' }] as const;

export interface RequestEnvelope {
  readonly envelope: SoapEnvelope;
  readonly message: SksmlMessageName;
}

export function readRequestEnvelope(doc: XmlDocument, binding: HttpRequestBinding): RequestEnvelope {
  const envelope = parseEnvelope(doc, { expectedVersion: binding.version });
  checkMustUnderstand(envelope, UNDERSTOOD);
  const message = checkEnvelopeBinding(binding, envelope);
  return { envelope, message };
}
