/** The checks the engine runs on EVERY response, accepted or refused (RUNNER-CONTRACT.md). */
import type { CheckDefinition } from './check.ts';
import { LEAK_CHECKS } from './leak-checks.ts';
import { SIGNED_BODY_CHECKS } from './signed-body-checks.ts';

export const UNIVERSAL_CHECKS: readonly CheckDefinition[] = [...LEAK_CHECKS, ...SIGNED_BODY_CHECKS];

export const UNIVERSAL_CHECK_NAMES = UNIVERSAL_CHECKS.map((c) => c.name);
