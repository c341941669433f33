/** Every named check, by name. Cases refer to checks only through these names. */
import type { CheckDefinition } from './check.ts';
import { ITEM_CHECKS } from './item-checks.ts';
import { KEY_CHECKS } from './key-checks.ts';
import { LEAK_CHECKS } from './leak-checks.ts';
import { RESPONSE_CHECKS } from './response-checks.ts';
import { SIGNED_BODY_CHECKS } from './signed-body-checks.ts';

export const CHECKS: readonly CheckDefinition[] = [
  ...RESPONSE_CHECKS,
  ...KEY_CHECKS,
  ...ITEM_CHECKS,
  ...LEAK_CHECKS,
  ...SIGNED_BODY_CHECKS,
];

const BY_NAME = new Map(CHECKS.map((c) => [c.name, c]));

export function checkNamed(name: string): CheckDefinition | undefined {
  return BY_NAME.get(name);
}

/** The checks every accepted new-key response gets. */
export const NEW_KEY_CHECKS = [
  'response-http-200',
  'response-signed-by-server',
  'response-is-symkey-response',
  'response-schema-valid',
  'response-semantics-valid',
  'symkey-count-matches',
  'key-classes-match',
  'key-decrypts',
  'key-size-matches-policy',
  'key-transport-allowed',
  'gkid-format',
  'gkid-not-sentinel',
  'gkid-domain-matches',
  'keys-fresh',
  'request-ids-unique',
] as const;
