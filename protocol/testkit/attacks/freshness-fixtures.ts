/** Freshness and replay attacks (SKSML-WSS-8..10, -22). */
import type { AttackFixture } from './context.ts';

const MINUTE = 60_000;
const at = (now: Date, minutes: number): Date => new Date(now.getTime() + minutes * MINUTE);

export const FRESHNESS_FIXTURES: readonly AttackFixture[] = [
  {
    name: 'missing-timestamp',
    category: 'freshness',
    description: 'no wsu:Timestamp (the Reference to it dangles)',
    expected: { code: 'WSS_MISSING_TIMESTAMP', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ timestamp: null }) }),
  },
  {
    name: 'stale-timestamp',
    category: 'freshness',
    description: 'a correctly signed message that expired 55 minutes ago',
    expected: { code: 'WSS_EXPIRED', fault: 'MessageExpired' },
    build: (c) => ({ xml: c.signed({ timestamp: { created: at(c.now, -60), expires: at(c.now, -55) } }) }),
  },
  {
    name: 'far-future-created',
    category: 'freshness',
    description: 'Created one hour in the future (a message prepared for later replay)',
    expected: { code: 'WSS_CREATED_IN_FUTURE', fault: 'MessageExpired' },
    build: (c) => ({ xml: c.signed({ timestamp: { created: at(c.now, 60), expires: at(c.now, 65) } }) }),
  },
  {
    name: 'expires-before-created',
    category: 'freshness',
    description: 'Expires earlier than Created',
    expected: { code: 'WSS_TIMESTAMP_ORDER', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ timestamp: { created: c.now, expires: at(c.now, -1) } }) }),
  },
  {
    name: 'lifetime-too-long',
    category: 'freshness',
    description: 'a one-day lifetime, far above the 300 s maximum',
    expected: { code: 'WSS_LIFETIME_TOO_LONG', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ timestamp: { created: c.now, expires: at(c.now, 24 * 60) } }) }),
  },
  {
    name: 'local-time-timestamp',
    category: 'freshness',
    description: 'Created without a time zone (local time is ambiguous)',
    expected: { code: 'WSS_MALFORMED_TIMESTAMP', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.forge(c.template().replace(/(<wsu:Created>[^<]*)Z</, '$1<')) }),
  },
  {
    name: 'replayed-message',
    category: 'freshness',
    description: 'the same valid message sent twice within its lifetime',
    expected: { code: 'WSS_REPLAY', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed(), replayFirst: true }),
  },
  {
    name: 'replayed-message-rewrapped-base64',
    category: 'freshness',
    description: 'a replay whose SignatureValue is re-wrapped with line breaks (same bytes, different text)',
    expected: { code: 'WSS_REPLAY', fault: 'InvalidSecurity' },
    build: (c) => {
      const xml = c.signed();
      return {
        xml: xml.replace(/<ds:SignatureValue>([^<]{64})/, '<ds:SignatureValue>$1\n'),
        replayFirst: true,
      };
    },
  },
];
