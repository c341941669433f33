/**
 * The OASIS draft-8.0 schema set is a test oracle kept outside the repository, beside it in
 * ../shared/reference (protocol/schema/load.ts). Tests that need it call this: outside CI they skip
 * with a visible reason when it is absent; with CI=true they fail, naming the path, because CI has
 * it (like the optional back ends of external-tool.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DRAFT8_SCHEMA_SET } from '../schema/load.ts';
import { isCi } from './external-tool.ts';

/** Null when the draft-8.0 reference schemas are there; else the skip reason (throws in CI). */
export function draft8ReferenceSkipReason(): string | null {
  if (existsSync(join(DRAFT8_SCHEMA_SET.dir, 'symkeyResponse.xsd'))) return null;
  const missing = `the draft-8.0 reference schemas are missing (${DRAFT8_SCHEMA_SET.dir}; they are kept beside the repository, in ../shared/reference)`;
  if (isCi()) throw new Error(`${missing}: CI needs them`);
  const reason = `skipped: ${missing}`;
  console.warn(reason);
  return reason;
}
