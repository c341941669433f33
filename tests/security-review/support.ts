/**
 * Shared helpers of the security review tests: one attack context (test PKI, fixed clock, the
 * legitimate signer) per test file, and `rejectionOf`, which runs the verifier and returns the
 * WssError code it refused with (or 'ACCEPTED').
 */
import { createAttackContext, type AttackContext } from '../../protocol/testkit/attacks/catalog.ts';
import { verifyEnvelope, type VerifiedMessage, type VerifyOptions } from '../../protocol/wss/verify.ts';
import { WssError } from '../../protocol/wss/wss-error.ts';

export { ATTACKER_NS, EVIL_PAYLOAD, bodyOf, replaceOnce } from '../../protocol/testkit/attacks/edit.ts';

let shared: AttackContext | undefined;

/** The attack context shared by the tests of one file (keys are made once). */
export function reviewContext(): AttackContext {
  shared ??= createAttackContext();
  return shared;
}

export function verifyWith(xml: string, options: Partial<VerifyOptions> = {}): VerifiedMessage {
  const c = reviewContext();
  return verifyEnvelope(xml, { trustAnchors: c.pki.trustAnchors, now: c.now, ...options });
}

/** The code the verifier refuses `xml` with, or 'ACCEPTED'. Non-WssError exceptions propagate. */
export function rejectionOf(xml: string, options: Partial<VerifyOptions> = {}): string {
  try {
    verifyWith(xml, options);
    return 'ACCEPTED';
  } catch (e) {
    if (e instanceof WssError) return e.code;
    throw e;
  }
}

/** Replaces the first match of `pattern` inside the wsse:Security header only. */
export function editSecurity(xml: string, find: string, replacement: string): string {
  const start = xml.indexOf('<wsse:Security');
  const end = xml.indexOf('</wsse:Security>');
  if (start === -1 || end === -1) throw new Error('fixture: no wsse:Security');
  const inside = xml.slice(start, end);
  if (!inside.includes(find)) throw new Error(`fixture: ${find} not in wsse:Security`);
  return xml.slice(0, start) + inside.replace(find, replacement) + xml.slice(end);
}
