import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toCredential } from '../../protocol/pki/credential.ts';
import {
  buildSignedRequest,
  readAnswer,
  unwrapSymkey,
} from '../../reference-server/service/testing/server-fixture.ts';
import type { CliIo } from '../io.ts';
import { UsageError } from '../io.ts';
import { parseServerArgs, runServer } from './server.ts';

const dir = mkdtempSync(join(tmpdir(), 'sksml-cli-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIo & { text: () => string; waitFor: (re: RegExp) => Promise<RegExpExecArray> } {
  let out = '';
  const waiters: (() => void)[] = [];
  return {
    out: (t) => {
      out += t;
      waiters.splice(0).forEach((w) => w());
    },
    err: (t) => {
      out += t;
    },
    text: () => out,
    async waitFor(re) {
      for (;;) {
        const m = re.exec(out);
        if (m !== null) return m;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

async function runOnce(): Promise<{ output: string; code: number }> {
  const io = capture();
  let stop: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const running = runServer(['--data', dir, '--port', '0'], io, () => stopped);
  const [, url] = await io.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/sks)/);
  const [, certPath] = await io.waitFor(/dev client certificate: (.+)/);
  const [, keyPath] = await io.waitFor(/dev client private key: (.+)/);
  const [, caPath] = await io.waitFor(/trust anchor \(dev CA\): (.+)/);
  const client = toCredential(
    new X509Certificate(readFileSync(certPath!, 'utf8')),
    createPrivateKey(readFileSync(keyPath!, 'utf8')),
  );
  const response = await fetch(
    buildSignedRequest(
      client,
      {
        type: 'SymkeyRequest',
        message: { kind: 'keys', globalKeyIds: [{ domainId: 32473n, serverId: 0n, keyId: 0n }] },
      },
      { url: url! },
    ),
  );
  const answer = await readAnswer(response, [new X509Certificate(readFileSync(caPath!, 'utf8'))]);
  if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse') throw new Error(answer.text);
  expect(unwrapSymkey(answer.message.message.symkeys[0]!, client.privateKey)).toHaveLength(32);
  stop('SIGTERM');
  return { code: await running, output: io.text() };
}

describe('sksml server', () => {
  it('starts the embedded default on a fresh folder, serves the dev client, and stops on a signal', async () => {
    const first = await runOnce();
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/DomainID: 32473/);
    expect(first.output).toMatch(/\(created\)/);
    expect(first.output).toMatch(/server certificate: .*server\.crt\.pem/);
    expect(first.output).toMatch(/stopped/);
  });

  it('reuses the folder on the next run (same CA, same dev client)', async () => {
    const ca = readFileSync(join(dir, 'pki', 'client-ca.crt.pem'), 'utf8');
    const second = await runOnce();
    expect(second.code).toBe(0);
    expect(second.output).not.toMatch(/\(created\)/);
    expect(readFileSync(join(dir, 'pki', 'client-ca.crt.pem'), 'utf8')).toBe(ca);
  });

  it('refuses bad arguments', () => {
    expect(() => parseServerArgs(['--port', '70000'])).toThrow(UsageError);
    expect(() => parseServerArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseServerArgs(['--config', 'a.json', '--data', 'd'])).toThrow(UsageError);
    expect(parseServerArgs(['--port=0', '--data', 'x'])).toEqual({ port: 0, data: 'x' });
  });
});
