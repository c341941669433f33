/**
 * Reading what a target answered: HTTP status and headers, the SOAP envelope, a fault or an SKSML
 * response, whether the response signature verifies against the profile's trust anchors, and the
 * typed response. Nothing here judges; checks and expectations do.
 */
import type { X509Certificate } from 'node:crypto';
import type { KeyCachePolicyResponse } from '../../protocol/model/key-cache-policy.ts';
import { parseKeyCachePolicyResponse } from '../../protocol/model/parse/parse-key-cache-policy.ts';
import { parseSymkeyResponse } from '../../protocol/model/parse/parse-symkey-response.ts';
import type { SymkeyResponse } from '../../protocol/model/symkey-response.ts';
import { isFaultEnvelope, parseEnvelope, type SoapEnvelope } from '../../protocol/soap/envelope.ts';
import { parseFault, type SoapFault } from '../../protocol/soap/parse-fault.ts';
import { SKSML_NS } from '../../protocol/model/namespaces.ts';
import { verifyEnvelope, type VerifiedMessage } from '../../protocol/wss/verify.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import type { XmlElement } from '../../protocol/xml/tree.ts';

export interface Observation {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
  /** Why the body is not a SOAP envelope (null when it is one). */
  readonly envelopeError: string | null;
  readonly envelope: SoapEnvelope | null;
  readonly fault: SoapFault | null;
  /** Why a fault body could not be read as a fault. */
  readonly faultError: string | null;
  readonly verified: VerifiedMessage | null;
  /** The verifier's code when the response signature does not verify (null when it does or for faults). */
  readonly signatureError: {
    readonly code: string;
    readonly message: string;
    readonly requirement: string | null;
  } | null;
  /** The payload: the verified one when the signature verifies, else the envelope's (for diagnosis). */
  readonly payload: XmlElement | null;
  /** Local name of an SKSML payload, or null. */
  readonly message: string | null;
  readonly symkeyResponse: SymkeyResponse | null;
  readonly keyCachePolicyResponse: KeyCachePolicyResponse | null;
  /** Why the SKSML payload does not parse into the typed model. */
  readonly modelError: string | null;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
}

export function observeResponse(
  status: number,
  headers: Readonly<Record<string, string>>,
  bodyText: string,
  trustAnchors: readonly X509Certificate[],
): Observation {
  const base = {
    status,
    headers,
    bodyText,
    fault: null,
    faultError: null,
    verified: null,
    signatureError: null,
    payload: null,
    message: null,
    symkeyResponse: null,
    keyCachePolicyResponse: null,
    modelError: null,
  };
  let envelope: SoapEnvelope;
  try {
    envelope = parseEnvelope(parseXml(bodyText));
  } catch (e) {
    return { ...base, envelopeError: bodyText.trim() === '' ? 'empty body' : messageOf(e), envelope: null };
  }
  if (isFaultEnvelope(envelope)) {
    try {
      return { ...base, envelopeError: null, envelope, fault: parseFault(envelope) };
    } catch (e) {
      return { ...base, envelopeError: null, envelope, faultError: messageOf(e) };
    }
  }
  let verified: VerifiedMessage | null = null;
  let signatureError: Observation['signatureError'] = null;
  try {
    verified = verifyEnvelope(bodyText, { trustAnchors });
  } catch (e) {
    signatureError = {
      code: (e as { code?: string }).code ?? 'ERROR',
      message: e instanceof Error ? e.message : String(e),
      requirement: (e as { requirement?: string }).requirement ?? null,
    };
  }
  const payload = verified?.payload ?? envelope.payload;
  const message = payload.namespaceURI === SKSML_NS ? payload.localName : null;
  let symkeyResponse: SymkeyResponse | null = null;
  let keyCachePolicyResponse: KeyCachePolicyResponse | null = null;
  let modelError: string | null = null;
  try {
    if (message === 'SymkeyResponse') symkeyResponse = parseSymkeyResponse(payload);
    else if (message === 'KeyCachePolicyResponse')
      keyCachePolicyResponse = parseKeyCachePolicyResponse(payload);
  } catch (e) {
    modelError = messageOf(e);
  }
  return {
    ...base,
    envelopeError: null,
    envelope,
    verified,
    signatureError,
    payload,
    message,
    symkeyResponse,
    keyCachePolicyResponse,
    modelError,
  };
}
