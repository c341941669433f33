/** The server end to end on PostgreSQL (a throwaway cluster of the store's test helper). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import {
  hasPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../store/testing/throwaway-postgres.ts';
import { checkNewKeyRoundTrip } from './testing/new-key-roundtrip.ts';
import { startServerFixture, type ServerFixture } from './testing/server-fixture.ts';

const skip = toolSkipReason('postgresql', hasPostgres());

describe.skipIf(skip !== null)(`SKS server on PostgreSQL ${skip ?? ''}`, () => {
  let cluster: ThrowawayPostgres;
  let fx: ServerFixture;

  beforeAll(async () => {
    cluster = await startThrowawayPostgres('sks_server_test');
    fx = await startServerFixture({
      configure: (c) => ({ ...c, store: { kind: 'postgres', connectionStringEnv: 'SKSML_TEST_PG_URL' } }),
      deps: { env: { ...process.env, SKSML_TEST_PG_URL: cluster.connectionString } },
    });
  });
  afterAll(async () => {
    await fx?.cleanup();
    cluster?.stop();
  });

  it('creates, stores, serves again and audits keys', async () => {
    expect(fx.server.services.config.store.kind).toBe('postgres');
    await checkNewKeyRoundTrip(fx);
  });
});
