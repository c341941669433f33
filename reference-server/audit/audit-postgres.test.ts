import { afterAll, beforeAll, describe } from 'vitest';
import { hasTool, toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import { postgresHarnessFactory } from '../store/testing/postgres-harness.ts';
import {
  findPostgresBin,
  hasPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../store/testing/throwaway-postgres.ts';
import { describeAuditContract } from './testing/audit-contract.ts';

const bin = findPostgresBin();
const skip = toolSkipReason('postgresql', bin !== null && hasTool(`${bin}/initdb`) && hasPostgres());

describe.skipIf(skip !== null)(`audit log on PostgreSQL ${skip ?? ''}`, () => {
  let cluster: ThrowawayPostgres | undefined;
  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
  });
  afterAll(() => cluster?.stop());

  describeAuditContract(
    'PostgreSQL',
    postgresHarnessFactory(() => cluster!),
  );
});
