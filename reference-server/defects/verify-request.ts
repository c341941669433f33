/**
 * TEST-ONLY hook of the WS-Security stage: the request verifier with the verification defects
 * applied. Without switches it is exactly verifyEnvelope with the server's options.
 */
import { verifyEnvelope, type VerifiedMessage, type VerifyOptions } from '../../protocol/wss/verify.ts';
import type { XmlDocument } from '../../protocol/xml/tree.ts';
import { hasDefect, type DefectCarrier } from './defect-switches.ts';
import { verifyLaxly } from './lax-verify.ts';

/** Ten days of tolerated clock skew: any Timestamp of the last days passes. */
const STALE_SKEW_SECONDS = 10 * 86_400;

export function verifyRequestWithDefects(
  carrier: DefectCarrier,
  doc: XmlDocument,
  options: VerifyOptions,
): VerifiedMessage {
  if (carrier.defects === undefined) return verifyEnvelope(doc, options);
  const { replayCache, ...rest } = options;
  const adjusted: VerifyOptions = {
    ...rest,
    ...(hasDefect(carrier, 'noReplayCache') || replayCache === undefined ? {} : { replayCache }),
    ...(hasDefect(carrier, 'acceptStaleTimestamp') ? { maxSkewSeconds: STALE_SKEW_SECONDS } : {}),
    ...(hasDefect(carrier, 'acceptRsaSha1') ? { allowRsaSha1: true } : {}),
  };
  if (hasDefect(carrier, 'skipSignatureVerification'))
    return verifyLaxly(doc, adjusted, 'no-signature-check');
  if (hasDefect(carrier, 'acceptWrappedBody')) return verifyLaxly(doc, adjusted, 'references-anywhere');
  return verifyEnvelope(doc, adjusted);
}
