import { afterAll, beforeAll, describe } from 'vitest';
import { hasTool, toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import { describeStoreContract } from './testing/store-contract.ts';
import { postgresHarnessFactory } from './testing/postgres-harness.ts';
import {
  findPostgresBin,
  hasPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './testing/throwaway-postgres.ts';

const bin = findPostgresBin();
const skip = toolSkipReason('postgresql', bin !== null && hasTool(`${bin}/initdb`) && hasPostgres());

describe.skipIf(skip !== null)(`PostgreSQL back end ${skip ?? ''}`, () => {
  let cluster: ThrowawayPostgres | undefined;
  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
  });
  afterAll(() => cluster?.stop());

  describeStoreContract(
    'PostgreSQL',
    postgresHarnessFactory(() => cluster!),
  );
});
