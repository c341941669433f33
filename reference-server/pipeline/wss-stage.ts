/**
 * Stage 4: WS-Security verification against the configured trust anchors, with the server's replay
 * cache (spec/wss-profile.md). Only what verifyEnvelope returns — the verified Body's payload and
 * the verified signer certificate — is used after this stage (SKSML-WSS-27).
 */
import type { VerifiedMessage } from '../../protocol/wss/verify.ts';
import type { XmlDocument } from '../../protocol/xml/tree.ts';
import { verifyRequestWithDefects } from '../defects/verify-request.ts';
import type { SksServices } from '../service/services.ts';

export function verifyRequestSignature(services: SksServices, doc: XmlDocument): VerifiedMessage {
  const { wss } = services.config;
  // SKSML-SRV-37: the requester is authenticated by the signature in the security header.
  return verifyRequestWithDefects(services, doc, {
    trustAnchors: services.trustAnchors,
    now: services.now(),
    maxSkewSeconds: wss.maxClockSkewSeconds,
    maxLifetimeSeconds: wss.maxLifetimeSeconds,
    replayCache: services.replayCache,
    allowRsaSha1: wss.allowRsaSha1,
  });
}
