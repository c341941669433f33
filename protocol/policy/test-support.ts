/** Builders shared by the policy tests (not used by production code). */
import type { KeyUsePolicy, Permissions } from '../model/key-use-policy.ts';
import {
  buildKeyUsePolicy,
  buildUnrestrictedPermissions,
  type KeyUsePolicyOptions,
} from '../testkit/builders.ts';
import type { KeyUseRequest, KeyUseState } from './key-use-types.ts';

/** An Active AES-256 policy, all permissions unrestricted except those given. */
export function policyWith(
  permissions: Partial<Permissions>,
  options: KeyUsePolicyOptions = {},
): KeyUsePolicy {
  return buildKeyUsePolicy({
    ...options,
    permissions: { ...buildUnrestrictedPermissions(), ...permissions },
  });
}

/** An encrypt request at 2024-06-05T12:00:00Z (a Wednesday), UTC. */
export function requestWith(overrides: Partial<KeyUseRequest> = {}): KeyUseRequest {
  return { operation: 'encrypt', at: new Date('2024-06-05T12:00:00Z'), ...overrides };
}

export const FRESH_STATE: KeyUseState = { encryptionsPerformed: 0n };

/** `YYYY-MM-DD`, `weekday` (0 = Sunday) and `HH:MM:SS` of `at` in `timeZone`, via locale formatting. */
export function referenceWallClock(
  at: Date,
  timeZone: string,
): { date: string; weekday: number; time: string } {
  const date = at.toLocaleDateString('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const dayName = at.toLocaleDateString('en-US', { timeZone, weekday: 'long' });
  const time = at.toLocaleTimeString('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const weekday = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].indexOf(
    dayName,
  );
  return { date, weekday, time };
}

/** Time zones with unusual offsets, half-hour DST, date-line crossings. */
export const SAMPLE_TIME_ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Pacific/Chatham',
  'Pacific/Apia',
] as const;
