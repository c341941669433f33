/**
 * The administration commands against a RUNNING reference server's data folder: the CLI opens the
 * server's SQLite store through its own connection (as a separate `sksml admin` process would),
 * and the server sees each change on the client's next request.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatGlobalKeyID,
  formatSymkeyRequestID,
  type GlobalKeyID,
} from '../../protocol/model/identifiers.ts';
import type { SksmlMessage } from '../../protocol/model/message.ts';
import type { SymkeyResponse } from '../../protocol/model/symkey-response.ts';
import { keyCachePolicyToJson, keyUsePolicyToJson } from '../../reference-server/config/config-to-json.ts';
import { DEV_CLIENT_FILES } from '../../reference-server/dev/ensure-dev-data.ts';
import {
  buildSignedRequest,
  readAnswer,
  startServerFixture,
  unwrapSymkey,
  type ServerAnswer,
  type ServerFixture,
} from '../../reference-server/service/testing/server-fixture.ts';
import type { CliIo } from '../io.ts';
import { runCli } from '../main.ts';

let fx: ServerFixture;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await runCli([...argv, '--data', fx.dev.dataDir], io);
  return { code, out, err };
}

function newKeyRequest(keyClass: string): SksmlMessage {
  const sentinel: GlobalKeyID = { domainId: fx.config.domainId, serverId: 0n, keyId: 0n };
  return {
    type: 'SymkeyRequest',
    message: { kind: 'keys', globalKeyIds: [sentinel], keyClasses: [keyClass] },
  };
}

async function send(message: SksmlMessage): Promise<ServerAnswer> {
  return readAnswer(
    await fx.server.app.fetch(buildSignedRequest(fx.client.credential, message)),
    fx.trustAnchors,
  );
}

async function ask(message: SksmlMessage): Promise<SymkeyResponse> {
  const answer = await send(message);
  if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse')
    throw new Error(
      `expected a SymkeyResponse, got ${answer.kind === 'fault' ? answer.text : answer.message.type}`,
    );
  return answer.message.message;
}

beforeAll(async () => {
  fx = await startServerFixture();
});
afterAll(async () => {
  await fx?.cleanup();
});

describe('sksml admin on a running server', () => {
  it('approves a pending request: the next poll delivers the key, which escrow recovery reproduces', async () => {
    const wip = await ask(newKeyRequest('APPROVAL'));
    expect(wip.workInProgress).toHaveLength(1);
    const id = wip.workInProgress[0]!.symkeyRequestId;
    const listed = await cli('admin', 'request', 'list', '--pending');
    expect(listed.out).toContain(formatSymkeyRequestID(id));
    const poll: SksmlMessage = { type: 'SymkeyRequest', message: { kind: 'poll', symkeyRequestIds: [id] } };
    expect((await ask(poll)).workInProgress).toHaveLength(1);

    const approved = await cli('admin', 'request', 'approve', formatSymkeyRequestID(id));
    expect(approved.err).toBe('');
    expect(approved.code).toBe(0);
    const delivered = await ask(poll);
    expect(delivered.symkeys).toHaveLength(1);
    const symkey = delivered.symkeys[0]!;
    expect(approved.out).toContain(formatGlobalKeyID(symkey.globalKeyId));
    const value = unwrapSymkey(symkey, fx.client.credential.privateKey);

    const escrowKey = join(fx.dev.dataDir, DEV_CLIENT_FILES.escrowPrivateKeys[1]!);
    const recovered = await cli(
      'admin',
      'recover',
      formatGlobalKeyID(symkey.globalKeyId),
      '--escrow-key',
      escrowKey,
      '--print',
    );
    expect(recovered.code).toBe(0);
    expect(recovered.out).toBe(`${Buffer.from(value).toString('hex')}\n`);
  });

  it('denies a pending request: the next poll gets SKS-REQUEST-DENIED', async () => {
    const id = (await ask(newKeyRequest('APPROVAL'))).workInProgress[0]!.symkeyRequestId;
    expect((await cli('admin', 'deny', formatSymkeyRequestID(id))).code).toBe(0);
    const answer = await ask({ type: 'SymkeyRequest', message: { kind: 'poll', symkeyRequestIds: [id] } });
    expect(answer.errors.map((e) => e.errorCode)).toEqual(['SKS-REQUEST-DENIED']);
  });

  it('deactivation refuses the very next request; reactivation serves it again', async () => {
    expect((await ask(newKeyRequest('DEFAULT'))).symkeys).toHaveLength(1);
    expect((await cli('admin', 'client', 'deactivate', 'dev-client')).code).toBe(0);
    const refused = await send(newKeyRequest('DEFAULT'));
    expect(refused.kind).toBe('fault');
    expect((await cli('admin', 'client', 'reactivate', 'dev-client')).code).toBe(0);
    expect((await ask(newKeyRequest('DEFAULT'))).symkeys).toHaveLength(1);
  });

  it('a loaded key class takes effect on the next request', async () => {
    const base = fx.config.keyClasses.find((c) => c.name === 'AES-128')!;
    const file = join(fx.dev.dataDir, 'aes128-approval.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          name: 'AES-128',
          requiresApproval: true,
          keyUsePolicy: keyUsePolicyToJson(base.keyUsePolicy),
          keyCachePolicy: keyCachePolicyToJson(base.keyCachePolicy),
        },
      ]),
    );
    expect((await ask(newKeyRequest('AES-128'))).symkeys).toHaveLength(1);
    const loaded = await cli('admin', 'key-class', 'load', file);
    expect(loaded.code).toBe(0);
    expect(loaded.out).toMatch(/updated\s+AES-128/);
    const now = await ask(newKeyRequest('AES-128'));
    expect(now.symkeys).toEqual([]);
    expect(now.workInProgress).toHaveLength(1);
  });

  it('verifies the audit chain the server and the CLI appended to together', async () => {
    const r = await cli('audit', 'verify', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as { ok: boolean; count: number };
    expect(result.ok).toBe(true);
    // At least: the requests above, the approval, the denial, the recovery, two status changes, the load.
    expect(result.count).toBeGreaterThanOrEqual(14);
  });
});
