/**
 * The administration commands on a PostgreSQL store (a throwaway cluster), selected through a
 * server configuration file with `store.kind = postgres`: listing (identifier parts come back as
 * NUMERIC text), status changes, approval, recovery, and audit verification with tampering.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { hasTool, toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import {
  createAdminDataDir,
  removeAdminTemplate,
  type AdminDataDir,
} from '../../reference-server/admin/testing/admin-fixture.ts';
import { serverConfigToJson } from '../../reference-server/config/config-to-json.ts';
import { readRecordSealingKeys } from '../../reference-server/config/secrets.ts';
import type { ServerConfig } from '../../reference-server/config/server-config.ts';
import { createHmacSealer } from '../../reference-server/integrity/hmac-sealer.ts';
import { syncKeyClasses } from '../../reference-server/service/open-services.ts';
import { openPostgresStore } from '../../reference-server/store/open-store.ts';
import { PostgresDatabase } from '../../reference-server/store/postgres/postgres-database.ts';
import type { SqlStore } from '../../reference-server/store/sql-store.ts';
import {
  findPostgresBin,
  hasPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../../reference-server/store/testing/throwaway-postgres.ts';
import type { CliIo } from '../io.ts';
import { runCli } from '../main.ts';

afterAll(() => removeAdminTemplate());

const bin = findPostgresBin();
const skip = toolSkipReason('postgresql', bin !== null && hasTool(`${bin}/initdb`) && hasPostgres());
const ENV = 'SKSML_ADMIN_TEST_PG';

describe.skipIf(skip !== null)(`sksml admin on PostgreSQL ${skip ?? ''}`, () => {
  let cluster: ThrowawayPostgres | undefined;
  let data: AdminDataDir;
  let config: ServerConfig;
  let configPath: string;
  let connectionString: string;

  const cli = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
    const code = await runCli([...argv, '--config', configPath], io);
    return { code, out, err };
  };

  const withStore = async <T>(fn: (store: SqlStore) => Promise<T>): Promise<T> => {
    const sealer = createHmacSealer(readRecordSealingKeys(config.recordSealingKey, {}));
    const store = await openPostgresStore({ connectionString, sealer });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    cluster = await startThrowawayPostgres('sksml_admin');
    connectionString = await cluster.createSchema(`admin_${process.pid}`);
    process.env[ENV] = connectionString;
    data = await createAdminDataDir();
    config = { ...data.config, store: { kind: 'postgres', connectionStringEnv: ENV } };
    configPath = join(data.dir, 'server-pg.json');
    writeFileSync(configPath, JSON.stringify(serverConfigToJson(config, data.dir)));
    await withStore(async (store) => {
      await syncKeyClasses(config, store);
      const dev = await (await data.openStore()).getClient('dev-client');
      await store.insertClient({
        id: dev!.id,
        certificateDer: dev!.certificateDer,
        subject: dev!.subject,
        groups: ['dev'],
      });
    });
  });
  afterAll(async () => {
    delete process.env[ENV];
    await data?.cleanup();
    cluster?.stop();
  });

  it('registers, lists, deactivates and reactivates clients', async () => {
    const credential = data.issueClient('pg-app');
    const certPath = join(data.dir, 'pg-app.pem');
    writeFileSync(certPath, credential.certificatePem);
    expect((await cli('admin', 'client', 'register', certPath)).code).toBe(0);
    const listed = JSON.parse((await cli('admin', 'client', 'list', '--json')).out) as {
      clients: { id: string }[];
    };
    expect(listed.clients.map((c) => c.id)).toEqual(['dev-client', 'pg-app']);
    expect((await cli('admin', 'client', 'deactivate', 'pg-app')).code).toBe(0);
    expect((await withStore((s) => s.getClient('pg-app')))?.status).toBe('deactivated');
    expect((await cli('admin', 'client', 'reactivate', 'pg-app')).code).toBe(0);
    expect((await withStore((s) => s.getClient('pg-app')))?.status).toBe('active');
  });

  it('lists, approves and recovers through both escrow keys', async () => {
    const { domainId, serverId } = config;
    const requestId = await withStore(async (store) => {
      const id = { domainId, serverId, requestId: await store.allocateRequestId(serverId) };
      await store.insertRequest({
        requestId: id,
        clientId: 'dev-client',
        requestedGlobalKeyId: { domainId, serverId: 0n, keyId: 0n },
        keyClass: 'APPROVAL',
        checkIntervalSeconds: 60,
      });
      return id;
    });
    const text = `${requestId.domainId}-${requestId.serverId}-${requestId.requestId}`;
    expect((await cli('admin', 'request', 'list', '--pending')).out).toContain(text);
    expect((await cli('admin', 'request', 'approve', text)).code).toBe(0);
    const request = await withStore((s) => s.getRequest(requestId));
    expect(request?.status).toBe('approved');
    const gkid = formatGlobalKeyID(request!.resultKeyId!);
    const [one, two] = await Promise.all(
      data.escrowPrivateKeys.map(
        async (k) => (await cli('admin', 'recover', gkid, '--escrow-key', k, '--print')).out,
      ),
    );
    expect(one).toMatch(/^[0-9a-f]{64}\n$/);
    expect(two).toBe(one);
  });

  it('detects an audit entry edited with raw SQL', async () => {
    expect((await cli('audit', 'verify')).code).toBe(0);
    const raw = new PostgresDatabase({ connectionString, maxConnections: 1 });
    try {
      await raw.run("UPDATE audit_log SET client_id = 'mallory' WHERE seq = 1");
    } finally {
      await raw.close();
    }
    const r = await cli('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAILED at entry 1: bad-seal/);
  });
});
