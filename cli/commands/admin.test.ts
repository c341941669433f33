import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatGlobalKeyID,
  parseGlobalKeyID,
  type SymkeyRequestID,
} from '../../protocol/model/identifiers.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import {
  createAdminDataDir,
  removeAdminTemplate,
  type AdminDataDir,
} from '../../reference-server/admin/testing/admin-fixture.ts';
import { serverConfigToJson } from '../../reference-server/config/config-to-json.ts';
import { keyCachePolicyToJson, keyUsePolicyToJson } from '../../reference-server/config/config-to-json.ts';
import type { SqlStore } from '../../reference-server/store/sql-store.ts';
import type { CliIo } from '../io.ts';
import { runCli } from '../main.ts';

interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function cli(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/** Runs `fn` on the data folder's store, closing it before the CLI touches the file again. */
async function withStore<T>(data: AdminDataDir, fn: (store: SqlStore) => Promise<T>): Promise<T> {
  const store = await data.openStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function addPendingRequest(data: AdminDataDir, keyClass: string | null): Promise<SymkeyRequestID> {
  return withStore(data, async (store) => {
    const { domainId, serverId } = data.config;
    const requestId = { domainId, serverId, requestId: await store.allocateRequestId(serverId) };
    await store.insertRequest({
      requestId,
      clientId: 'dev-client',
      requestedGlobalKeyId: { domainId, serverId: 0n, keyId: 0n },
      keyClass,
      checkIntervalSeconds: 60,
    });
    return requestId;
  });
}

afterAll(() => removeAdminTemplate());

const idText = (id: SymkeyRequestID): string => `${id.domainId}-${id.serverId}-${id.requestId}`;

describe('sksml admin client', () => {
  let data: AdminDataDir;
  beforeAll(async () => {
    data = await createAdminDataDir();
  });
  afterAll(async () => {
    await data.cleanup();
  });

  it('registers a client from its certificate with name and groups, and audits it', async () => {
    const credential = data.issueClient('app-one');
    const certPath = join(data.dir, 'app-one.pem');
    writeFileSync(certPath, credential.certificatePem);
    const r = await cli(
      'admin',
      'client',
      'register',
      certPath,
      '--name',
      'billing',
      '--group',
      'g1',
      '--group',
      'g0',
      '--data',
      data.dir,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('registered client billing');
    const record = await withStore(data, (s) => s.getClient('billing'));
    expect(record?.status).toBe('active');
    expect(record?.groups).toEqual(['g0', 'g1']);
    expect(Buffer.from(record!.certificateDer).equals(credential.certificate.raw)).toBe(true);
    expect(r.out).toContain(record!.fingerprintSha256);
    const entries = await withStore(data, (s) => s.audit.listEntries(0, 100));
    expect(entries.map((e) => [e.operation, e.clientId])).toContainEqual(['AdminRegisterClient', 'billing']);
  });

  it('names the client after the certificate CN by default', async () => {
    const credential = data.issueClient('app-two');
    const certPath = join(data.dir, 'app-two.pem');
    writeFileSync(certPath, credential.certificatePem);
    const r = await cli('admin', 'client', 'register', certPath, '--data', data.dir);
    expect(r.code).toBe(0);
    expect((await withStore(data, (s) => s.getClient('app-two')))?.subject).toContain('CN=app-two');
  });

  it('refuses a certificate registered twice, and a second client under a taken ID', async () => {
    const again = await cli('admin', 'client', 'register', join(data.dir, 'app-one.pem'), '--data', data.dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already registered as client billing');
    const other = data.issueClient('app-three');
    writeFileSync(join(data.dir, 'app-three.pem'), other.certificatePem);
    const taken = await cli(
      'admin',
      'client',
      'register',
      join(data.dir, 'app-three.pem'),
      '--name',
      'billing',
      '--data',
      data.dir,
    );
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('ID billing already exists');
  });

  it('refuses a certificate that does not chain to the server trust anchors', async () => {
    const foreign = createTestPki({ clients: 1 }).clients[0]!;
    const path = join(data.dir, 'foreign.pem');
    writeFileSync(path, foreign.certificatePem);
    const r = await cli('admin', 'client', 'register', path, '--data', data.dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not acceptable to the server');
    expect(
      await withStore(data, (s) =>
        s.getClientByFingerprint(foreign.certificate.fingerprint256.replace(/:/g, '')),
      ),
    ).toBeUndefined();
  });

  it('rejects unreadable or non-certificate input with exit 2', async () => {
    const missing = await cli('admin', 'client', 'register', join(data.dir, 'nope.pem'), '--data', data.dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read the certificate');
    const garbage = join(data.dir, 'garbage.pem');
    writeFileSync(garbage, 'hello');
    const bad = await cli('admin', 'client', 'register', garbage, '--data', data.dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('not a certificate');
    const key = join(data.dir, 'key.pem');
    writeFileSync(key, data.issueClient('x').privateKeyPem);
    expect((await cli('admin', 'client', 'register', key, '--data', data.dir)).code).toBe(2);
  });

  it('lists clients as a table and as JSON', async () => {
    const text = await cli('admin', 'client', 'list', '--data', data.dir);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toMatch(/^ID\s+STATUS\s+FINGERPRINT/);
    for (const id of ['billing', 'app-two', 'dev-client']) expect(text.out).toContain(id);
    const asJson = await cli('admin', 'client', 'list', '--json', '--data', data.dir);
    const parsed = JSON.parse(asJson.out) as {
      clients: { id: string; status: string; fingerprintSha256: string }[];
    };
    expect(parsed.clients.map((c) => c.id).sort()).toEqual(['app-two', 'billing', 'dev-client']);
    const billing = await withStore(data, (s) => s.getClient('billing'));
    expect(parsed.clients.find((c) => c.id === 'billing')?.fingerprintSha256).toBe(
      billing?.fingerprintSha256,
    );
  });

  it('deactivates by fingerprint and reactivates by ID, visible in the store', async () => {
    const billing = (await withStore(data, (s) => s.getClient('billing')))!;
    const colons = billing.fingerprintSha256.toUpperCase().replace(/(..)(?!$)/g, '$1:');
    const off = await cli('admin', 'client', 'deactivate', colons, '--data', data.dir);
    expect(off.code).toBe(0);
    expect(off.out).toContain('client billing deactivated');
    expect((await withStore(data, (s) => s.getClient('billing')))?.status).toBe('deactivated');
    const twice = await cli('admin', 'client', 'deactivate', 'billing', '--data', data.dir);
    expect(twice.code).toBe(0);
    expect(twice.out).toContain('already deactivated');
    const on = await cli('admin', 'client', 'reactivate', 'billing', '--data', data.dir);
    expect(on.code).toBe(0);
    const after = await withStore(data, (s) => s.getClient('billing'));
    expect(after?.status).toBe('active');
    // deactivate + reactivate; the repeated deactivate wrote nothing.
    expect(after?.version).toBe(billing.version + 2);
    const ops = (await withStore(data, (s) => s.audit.listEntries(0, 100))).map((e) => e.operation);
    expect(ops.filter((o) => o === 'AdminDeactivateClient')).toHaveLength(1);
    expect(ops.filter((o) => o === 'AdminReactivateClient')).toHaveLength(1);
  });

  it('answers an unknown client with exit 1', async () => {
    const r = await cli('admin', 'client', 'deactivate', 'nobody', '--data', data.dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no client has the ID or fingerprint nobody');
  });

  it('does not show a tampered client row and exits 1 with the integrity alarm', async () => {
    await data.raw().run("UPDATE clients SET subject = 'CN=mallory' WHERE id = 'app-two'");
    const r = await cli('admin', 'client', 'list', '--data', data.dir);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('app-two');
    expect(r.out).toContain('billing');
    expect(r.err).toContain('integrity alarm: clients');
    expect(r.err).toContain('bad-seal');
    const deact = await cli('admin', 'client', 'deactivate', 'app-two', '--data', data.dir);
    expect(deact.code).toBe(1);
    expect(deact.err).toContain('integrity alarm');
  });
});

describe('sksml admin key-class', () => {
  let data: AdminDataDir;
  beforeAll(async () => {
    data = await createAdminDataDir();
  });
  afterAll(async () => {
    await data.cleanup();
  });

  function classJson(
    name: string,
    localId: number,
    changes: { approval?: boolean; status?: string } = {},
  ): object {
    const base = data.config.keyClasses.find((c) => c.name === 'AES-128')!;
    const domain = data.config.domainId;
    return {
      name,
      requiresApproval: changes.approval ?? false,
      keyUsePolicy: {
        ...(keyUsePolicyToJson(base.keyUsePolicy) as object),
        id: `${domain}-${localId}`,
        name: `${name} policy`,
        ...(changes.status === undefined ? {} : { status: changes.status }),
      },
      keyCachePolicy: {
        ...(keyCachePolicyToJson(base.keyCachePolicy) as object),
        id: `${domain}-${localId}`,
      },
    };
  }

  it('loads classes from a keyClasses file, creating, updating and reporting what the server does with them', async () => {
    const file = join(data.dir, 'classes.json');
    writeFileSync(
      file,
      JSON.stringify({
        keyClasses: [classJson('EXTRA', 40), classJson('AES-128', 2, { approval: true, status: 'Inactive' })],
      }),
    );
    const r = await cli('admin', 'key-class', 'load', file, '--data', data.dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/created\s+EXTRA\n\s+note: stored, but not served/);
    expect(r.out).toMatch(/updated\s+AES-128\n\s+note: differs from the server configuration/);
    expect(r.err).toContain('Inactive');
    const stored = await withStore(data, (s) => s.getKeyClass('AES-128'));
    expect(stored?.requiresApproval).toBe(true);
    expect(stored?.keyUsePolicy).toContain('Inactive');
    expect(await withStore(data, (s) => s.getKeyClass('EXTRA'))).toBeDefined();
    const again = await cli('admin', 'key-class', 'load', file, '--data', data.dir);
    expect(again.out).toMatch(/unchanged\s+EXTRA/);
    expect(again.out).toMatch(/unchanged\s+AES-128/);
    const ops = (await withStore(data, (s) => s.audit.listEntries(0, 100))).map((e) => e.operation);
    expect(ops.filter((o) => o === 'AdminLoadKeyClasses')).toHaveLength(1);
  });

  it('lists stored and configured classes with their state', async () => {
    const text = await cli('admin', 'key-class', 'list', '--data', data.dir);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/EXTRA .*stored, not served/);
    expect(text.out).toMatch(/AES-128 .*yes .*Inactive .*differs from the configuration/);
    const parsed = JSON.parse(
      (await cli('admin', 'key-class', 'list', '--json', '--data', data.dir)).out,
    ) as {
      keyClasses: {
        name: string;
        configured: boolean;
        isDefault: boolean;
        keyUsePolicy: { status: string };
      }[];
    };
    expect(parsed.keyClasses.map((c) => c.name)).toEqual(['AES-128', 'APPROVAL', 'DEFAULT', 'EXTRA']);
    expect(parsed.keyClasses.find((c) => c.name === 'DEFAULT')?.isDefault).toBe(true);
    expect(parsed.keyClasses.find((c) => c.name === 'EXTRA')?.configured).toBe(false);
  });

  it('refuses an invalid file with exit 2, naming every problem, and stores nothing', async () => {
    const file = join(data.dir, 'bad.json');
    const bad = classJson('BROKEN', 41) as { keyUsePolicy: Record<string, unknown> };
    writeFileSync(
      file,
      JSON.stringify([
        { ...bad, keyUsePolicy: { ...bad.keyUsePolicy, algorithm: 'rot13' } },
        classJson('EXTRA', 40),
        { name: 'X' },
      ]),
    );
    const r = await cli('admin', 'key-class', 'load', file, '--data', data.dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('keyClasses[0].keyUsePolicy.algorithm');
    expect(r.err).toContain('keyClasses[2].keyUsePolicy: is required');
    expect(await withStore(data, (s) => s.getKeyClass('BROKEN'))).toBeUndefined();
    writeFileSync(file, '{"keyClasses": [');
    expect((await cli('admin', 'key-class', 'load', file, '--data', data.dir)).code).toBe(2);
    writeFileSync(file, JSON.stringify([classJson('DUP', 50), classJson('DUP', 51)]));
    const dup = await cli('admin', 'key-class', 'load', file, '--data', data.dir);
    expect(dup.code).toBe(2);
    expect(dup.err).toContain('is also used by keyClasses[0]');
  });

  it('refuses policy IDs of another DomainID', async () => {
    const file = join(data.dir, 'foreign.json');
    const c = classJson('FOREIGN', 60) as { keyUsePolicy: Record<string, unknown> };
    writeFileSync(file, JSON.stringify([{ ...c, keyUsePolicy: { ...c.keyUsePolicy, id: '99-60' } }]));
    const r = await cli('admin', 'key-class', 'load', file, '--data', data.dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("not the server's domainId");
  });
});

describe('sksml admin request, recover and audit verify', () => {
  let data: AdminDataDir;
  let first: SymkeyRequestID;
  let second: SymkeyRequestID;
  let gkid = '';
  beforeAll(async () => {
    data = await createAdminDataDir();
    first = await addPendingRequest(data, 'APPROVAL');
    second = await addPendingRequest(data, null);
  });
  afterAll(async () => {
    await data.cleanup();
  });

  it('lists pending requests', async () => {
    const r = await cli('admin', 'request', 'list', '--pending', '--data', data.dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(idText(first));
    expect(r.out).toContain(idText(second));
    expect(r.out).toMatch(/pending\s+dev-client\s+APPROVAL/);
  });

  it('approves a request: the key is made, escrowed and stored, and the request is approved', async () => {
    const r = await cli('admin', 'request', 'approve', idText(first), '--data', data.dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const request = await withStore(data, (s) => s.getRequest(first));
    expect(request?.status).toBe('approved');
    expect(request?.resultKeyId).not.toBeNull();
    gkid = formatGlobalKeyID(request!.resultKeyId!);
    expect(r.out).toContain(`key ${gkid} is stored`);
    const key = await withStore(data, (s) => s.getKey(request!.resultKeyId!));
    expect(key?.keyClass).toBe('APPROVAL');
    expect(key?.ownerClientId).toBe('dev-client');
    expect(key?.escrow).toHaveLength(2);
    const again = await cli('admin', 'approve', idText(first), '--data', data.dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('the request is approved');
  });

  it('denies a request through the short form', async () => {
    const r = await cli('admin', 'deny', idText(second), '--data', data.dir);
    expect(r.code).toBe(0);
    expect((await withStore(data, (s) => s.getRequest(second)))?.status).toBe('denied');
    const pending = await cli('admin', 'request', 'list', '--pending', '--data', data.dir);
    expect(pending.out).toBe('no pending requests\n');
    const all = JSON.parse((await cli('admin', 'request', 'list', '--json', '--data', data.dir)).out) as {
      requests: { symkeyRequestId: string; status: string; resultGlobalKeyId: string | null }[];
    };
    expect(all.requests.map((q) => [q.symkeyRequestId, q.status, q.resultGlobalKeyId])).toEqual([
      [idText(first), 'approved', gkid],
      [idText(second), 'denied', null],
    ]);
  });

  it('answers unknown and malformed request IDs', async () => {
    const { domainId, serverId } = data.config;
    const unknown = await cli(
      'admin',
      'request',
      'approve',
      `${domainId}-${serverId}-999`,
      '--data',
      data.dir,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no such request');
    const bad = await cli('admin', 'request', 'deny', 'not-an-id', '--data', data.dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not a SymkeyRequestID');
  });

  it('recovers the key with each escrow key alone, matching the stored key', async () => {
    const [k1, k2] = data.escrowPrivateKeys as [string, string];
    const out1 = join(data.dir, 'recovered-1.key');
    const out2 = join(data.dir, 'recovered-2.key');
    const r1 = await cli('admin', 'recover', gkid, '--escrow-key', k1, '--out', out1, '--data', data.dir);
    expect(r1.err).toBe('');
    expect(r1.code).toBe(0);
    const r2 = await cli('admin', 'recover', gkid, '--escrow-key', k2, '--out', out2, '--data', data.dir);
    expect(r2.code).toBe(0);
    const v1 = readFileSync(out1);
    const v2 = readFileSync(out2);
    expect(v1).toHaveLength(32);
    expect(v1.equals(v2)).toBe(true);
    expect(statSync(out1).mode & 0o777).toBe(0o600);
    const record = (await withStore(data, (s) => s.getKey(parseGlobalKeyID(gkid))))!;
    const stored = data.keySealer().unseal(record.sealedKey, record);
    expect(Buffer.from(stored).equals(v1)).toBe(true);
    // Key bytes appear only in the file, never in the command's messages.
    expect(r1.out).not.toContain(v1.toString('hex'));
    const printed = await cli('admin', 'recover', gkid, '--escrow-key', k2, '--print', '--data', data.dir);
    expect(printed.code).toBe(0);
    expect(printed.out).toBe(`${v1.toString('hex')}\n`);
    expect(printed.err).toContain(`recovered key ${gkid}`);
    const ops = (await withStore(data, (s) => s.audit.listEntries(0, 100))).filter(
      (e) => e.operation === 'AdminRecoverKey',
    );
    expect(ops).toHaveLength(3);
    expect(ops[0]?.globalKeyIds).toEqual([gkid]);
  });

  it('refuses recovery with a foreign escrow key, an unknown key, or an existing output file', async () => {
    const foreign = join(data.dir, 'foreign-escrow.pem');
    writeFileSync(
      foreign,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const wrong = await cli('admin', 'recover', gkid, '--escrow-key', foreign, '--print', '--data', data.dir);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toBe('');
    expect(wrong.err).toContain('is not escrowed under escrow key');
    const { domainId, serverId } = data.config;
    const none = await cli(
      'admin',
      'recover',
      `${domainId}-${serverId}-4242`,
      '--escrow-key',
      data.escrowPrivateKeys[0]!,
      '--print',
      '--data',
      data.dir,
    );
    expect(none.code).toBe(1);
    expect(none.err).toContain('there is no key');
    const existing = join(data.dir, 'existing.key');
    writeFileSync(existing, 'keep me');
    const clobber = await cli(
      'admin',
      'recover',
      gkid,
      '--escrow-key',
      data.escrowPrivateKeys[0]!,
      '--out',
      existing,
      '--data',
      data.dir,
    );
    expect(clobber.code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const sentinel = await cli(
      'admin',
      'recover',
      `${domainId}-0-0`,
      '--escrow-key',
      data.escrowPrivateKeys[0]!,
      '--print',
      '--data',
      data.dir,
    );
    expect(sentinel.code).toBe(2);
    const pub = join(data.dir, 'escrow', 'escrow-1.pub.pem');
    const notPrivate = await cli(
      'admin',
      'recover',
      gkid,
      '--escrow-key',
      pub,
      '--print',
      '--data',
      data.dir,
    );
    expect(notPrivate.code).toBe(2);
    expect(notPrivate.err).toContain('no PEM private key');
  });

  it('recovers with an encrypted escrow key and its passphrase from the environment', async () => {
    const plain = readFileSync(data.escrowPrivateKeys[0]!, 'utf8');
    const { createPrivateKey } = await import('node:crypto');
    const encrypted = createPrivateKey(plain).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'correct horse',
    });
    const path = join(data.dir, 'escrow-1.enc.pem');
    writeFileSync(path, encrypted);
    const without = await cli('admin', 'recover', gkid, '--escrow-key', path, '--print', '--data', data.dir);
    expect(without.code).toBe(2);
    expect(without.err).toContain('--passphrase-env');
    process.env.SKSML_TEST_ESCROW_PASS = 'correct horse';
    try {
      const ok = await cli(
        'admin',
        'recover',
        gkid,
        '--escrow-key',
        path,
        '--passphrase-env',
        'SKSML_TEST_ESCROW_PASS',
        '--print',
        '--data',
        data.dir,
      );
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/^[0-9a-f]{64}\n$/);
      process.env.SKSML_TEST_ESCROW_PASS = 'wrong';
      const bad = await cli(
        'admin',
        'recover',
        gkid,
        '--escrow-key',
        path,
        '--passphrase-env',
        'SKSML_TEST_ESCROW_PASS',
        '--print',
        '--data',
        data.dir,
      );
      expect(bad.code).toBe(2);
      expect(bad.err).not.toContain('wrong');
    } finally {
      delete process.env.SKSML_TEST_ESCROW_PASS;
    }
  });

  it('verifies the audit chain, prints an anchor, and checks it later', async () => {
    const ok = await cli('audit', 'verify', '--data', data.dir);
    expect(ok.code).toBe(0);
    const count = (await withStore(data, (s) => s.audit.listEntries(0, 1000))).length;
    expect(count).toBeGreaterThanOrEqual(6);
    expect(ok.out).toContain(`OK: ${count} audit entries verified`);
    const anchor = /anchor: ([0-9]+:[0-9a-f]{64})/.exec(ok.out)?.[1];
    expect(anchor).toBeDefined();
    const withAnchor = await cli('audit', 'verify', '--anchor', anchor!, '--data', data.dir);
    expect(withAnchor.code).toBe(0);
    expect(withAnchor.out).toContain('anchor matches');
    const forged = `${count}:${'0'.repeat(64)}`;
    const mismatch = await cli('audit', 'verify', '--anchor', forged, '--json', '--data', data.dir);
    expect(mismatch.code).toBe(1);
    expect(JSON.parse(mismatch.out)).toMatchObject({ ok: false, seq: count, reason: 'anchor-mismatch' });
    const asJson = JSON.parse((await cli('audit', 'verify', '--json', '--data', data.dir)).out) as {
      ok: boolean;
      count: number;
    };
    expect(asJson).toMatchObject({ ok: true, count });
    expect((await cli('audit', 'verify', '--anchor', 'twelve', '--data', data.dir)).code).toBe(2);
  });

  it('names the first bad entry after an edit with raw SQL', async () => {
    await data.raw().run("UPDATE audit_log SET outcome = 'failure' WHERE seq = 2");
    await data.raw().run("UPDATE audit_log SET operation = 'Forged' WHERE seq = 4");
    const r = await cli('audit', 'verify', '--data', data.dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      'FAILED at entry 2: bad-seal: the seal does not verify: entry edited, moved or forged\n',
    );
    const asJson = JSON.parse((await cli('audit', 'verify', '--json', '--data', data.dir)).out) as object;
    expect(asJson).toMatchObject({ ok: false, seq: 2, reason: 'bad-seal' });
  });
});

describe('sksml audit verify: deletions', () => {
  let data: AdminDataDir;
  beforeAll(async () => {
    data = await createAdminDataDir();
    for (const name of ['dev-client', 'dev-client', 'dev-client']) {
      expect((await cli('admin', 'client', 'deactivate', name, '--data', data.dir)).code).toBe(0);
      expect((await cli('admin', 'client', 'reactivate', name, '--data', data.dir)).code).toBe(0);
    }
  });
  afterAll(async () => {
    await data.cleanup();
  });

  it('reports a deleted entry as missing, and a removed tail as truncated', async () => {
    expect((await cli('audit', 'verify', '--data', data.dir)).out).toContain('OK: 6 audit entries');
    await data.raw().run('DELETE FROM audit_log WHERE seq = 6');
    const truncated = await cli('audit', 'verify', '--data', data.dir);
    expect(truncated.code).toBe(1);
    expect(truncated.out).toMatch(/^FAILED at entry 6: truncated/);
    await data.raw().run('DELETE FROM audit_log WHERE seq = 3');
    const missing = await cli('audit', 'verify', '--data', data.dir);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/^FAILED at entry 3: missing-entry/);
  });
});

describe('store selection and usage errors', () => {
  let data: AdminDataDir;
  beforeAll(async () => {
    data = await createAdminDataDir();
  });
  afterAll(async () => {
    await data.cleanup();
  });

  it('opens the same store from the server configuration file', async () => {
    const configPath = join(data.dir, 'server.json');
    writeFileSync(configPath, JSON.stringify(serverConfigToJson(data.config, data.dir), null, 2));
    const r = await cli('admin', 'client', 'list', '--json', '--config', configPath);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { clients: { id: string }[] }).clients.map((c) => c.id)).toEqual([
      'dev-client',
    ]);
    expect((await cli('audit', 'verify', '--config', configPath)).code).toBe(0);
  });

  it('refuses a folder or configured SQLite file without a store (exit 2), creating nothing', async () => {
    const empty = join(data.dir, 'no-such-folder');
    const r = await cli('admin', 'client', 'list', '--data', empty);
    expect(r.code).toBe(2);
    expect(r.err).toContain('does not exist');
    const json = serverConfigToJson(data.config, data.dir) as { store: { path: string } };
    json.store.path = 'elsewhere.sqlite';
    const configPath = join(data.dir, 'moved.json');
    writeFileSync(configPath, JSON.stringify(json));
    const moved = await cli('audit', 'verify', '--config', configPath);
    expect(moved.code).toBe(2);
    expect(moved.err).toContain('there is no store at');
    expect(() => statSync(join(data.dir, 'elsewhere.sqlite'))).toThrow();
    const badConfig = await cli('admin', 'client', 'list', '--config', join(data.dir, 'missing.json'));
    expect(badConfig.code).toBe(2);
    expect(badConfig.err).toContain('cannot read the configuration file');
  });

  it.each([
    [['admin'], 'admin needs a command'],
    [['admin', 'frobnicate'], "unknown admin command 'frobnicate'"],
    [['admin', 'client'], 'client needs an action'],
    [['admin', 'client', 'list', '--verbose'], 'unknown option --verbose'],
    [['admin', 'client', 'list', 'extra'], 'client list: expected 0 arguments, found 1'],
    [['admin', 'client', 'deactivate'], 'client deactivate: expected 1 argument, found 0'],
    [['admin', 'client', 'list', '--config', 'a', '--data', 'b'], 'not both'],
    [['admin', 'client', 'register', 'c.pem', '--name'], '--name needs a value'],
    [['admin', 'client', 'register', 'c.pem', '--name', 'a', '--name', 'b'], '--name given twice'],
    [['admin', 'key-class', 'drop', 'X'], "unknown key-class action 'drop'"],
    [['admin', 'request', 'list', '--pending=yes'], 'unknown option --pending=yes'],
    [['admin', 'recover', '1-1-1', '--print'], 'recover needs --escrow-key'],
    [['admin', 'recover', '1-1-1', '--escrow-key', 'k.pem'], 'give exactly one'],
    [['admin', 'recover', '1-1-1', '--escrow-key', 'k.pem', '--print', '--out', 'f'], 'give exactly one'],
    [['audit'], 'audit needs an action'],
    [['audit', 'verify', 'now'], 'audit verify: expected 0 arguments'],
  ])('usage error for %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('usage: sksml');
  });

  it('prints help with exit 0', async () => {
    const admin = await cli('admin', '--help');
    expect(admin.code).toBe(0);
    expect(admin.out).toContain('sksml admin recover GKID --escrow-key KEY.pem');
    const audit = await cli('audit', 'help');
    expect(audit.code).toBe(0);
    expect(audit.out).toContain('sksml audit verify');
  });
});
