/**
 * `sksml audit verify`: the server's audit chain checked with the server's own sealing key
 * (audit/verify-audit-log.ts), optionally against an anchor (count and head hash) published
 * earlier, which also detects a rollback of the whole log (spec/store.md §8.3).
 */
import { type AuditAnchor, type AuditVerification, verifyAuditLog } from '../audit/verify-audit-log.ts';
import type { AdminContext } from './admin-context.ts';
import { AdminError } from './admin-error.ts';

/** Parses an anchor written `COUNT:HEADHASH` (HEADHASH: 64 hex digits), as the OK line prints it. */
export function parseAuditAnchor(text: string): AuditAnchor {
  const m = /^([0-9]{1,15}):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (m === null)
    throw new AdminError(
      'ADMIN_INPUT_INVALID',
      'an anchor is COUNT:HEADHASH (a whole number, a colon, 64 hex digits)',
    );
  return { count: Number(m[1]), headHash: new Uint8Array(Buffer.from(m[2] as string, 'hex')) };
}

export function formatAuditAnchor(count: number, headHash: Uint8Array): string {
  return `${count}:${Buffer.from(headHash).toString('hex')}`;
}

export function verifyServerAuditLog(ctx: AdminContext, anchor?: AuditAnchor): Promise<AuditVerification> {
  return verifyAuditLog(ctx.store, ctx.sealer, anchor === undefined ? {} : { anchor });
}
