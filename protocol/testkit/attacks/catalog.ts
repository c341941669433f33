/** Every named attack fixture, each with the exact code and fault the verifier must produce. */
import { ALGORITHM_FIXTURES } from './algorithm-fixtures.ts';
import type { AttackFixture } from './context.ts';
import { FRESHNESS_FIXTURES } from './freshness-fixtures.ts';
import { KEY_FIXTURES } from './key-fixtures.ts';
import { STRUCTURE_FIXTURES } from './structure-fixtures.ts';
import { XSW_FIXTURES } from './xsw-fixtures.ts';

export type { AttackCase, AttackContext, AttackFixture } from './context.ts';
export { createAttackContext } from './context.ts';

export const ATTACK_FIXTURES: readonly AttackFixture[] = [
  ...XSW_FIXTURES,
  ...KEY_FIXTURES,
  ...FRESHNESS_FIXTURES,
  ...ALGORITHM_FIXTURES,
  ...STRUCTURE_FIXTURES,
];
