/**
 * Test support: a temporary folder holding every file a configuration refers to (server
 * credential, client CA, sealing key, two escrow keys, a data folder), plus a valid minimal
 * configuration JSON that uses them.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../../../protocol/testkit/pki.ts';

export interface ConfigFixture {
  readonly dir: string;
  readonly pki: TestPki;
  /** Writes `content` (text) to `relativePath` inside the folder, creating folders. */
  write(relativePath: string, content: string | Uint8Array): string;
  /** A complete, valid configuration (JSON value) for this folder. */
  minimalJson(): Record<string, unknown>;
  remove(): void;
}

const ESCROW_KEYS = Array.from({ length: 3 }, () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString(),
);

export function unrestrictedPermissionsJson(): Record<string, unknown> {
  return Object.fromEntries(
    [
      'applications',
      'dates',
      'days',
      'duration',
      'levels',
      'locations',
      'numberOfTransactions',
      'times',
      'uses',
    ].map((k) => [k, 'any']),
  );
}

export function keyClassJson(
  name: string,
  localId: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    keyUsePolicy: {
      id: `32473-${localId}`,
      name: `${name} policy`,
      algorithm: 'aes256-cbc',
      permissions: unrestrictedPermissionsJson(),
    },
    keyCachePolicy: {
      id: `32473-${localId}`,
      name: `${name} cache`,
      startDate: '2025-01-01T00:00:00Z',
      policyCheckInterval: 3600,
      newKeys: { maximumKeys: 1, maximumDuration: 60 },
    },
    ...extra,
  };
}

export function createConfigFixture(): ConfigFixture {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-config-'));
  const pki = createTestPki({ clients: 1 });
  const write = (relativePath: string, content: string | Uint8Array): string => {
    const file = join(dir, relativePath);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  write('pki/server.crt.pem', pki.server.certificate.toString());
  write('pki/server.key.pem', pki.server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  write('pki/client-ca.pem', pki.ca.certificate.toString());
  write('keys/sealing.key', `${randomBytes(32).toString('base64')}\n`);
  write('escrow/escrow-officer-1.pub.pem', ESCROW_KEYS[0] as string);
  write('escrow/escrow-officer-2.pub.pem', ESCROW_KEYS[1] as string);
  write('escrow/escrow-officer-3.pub.pem', ESCROW_KEYS[2] as string);
  mkdirSync(join(dir, 'data'), { recursive: true });
  return {
    dir,
    pki,
    write,
    minimalJson: () => ({
      domainId: 32473,
      serverId: 1,
      listen: { port: 8080 },
      credentials: { certificate: 'pki/server.crt.pem', privateKey: 'pki/server.key.pem' },
      trustAnchors: ['pki/client-ca.pem'],
      store: { kind: 'sqlite', path: 'data/sks.sqlite' },
      recordSealingKey: { file: 'keys/sealing.key' },
      escrow: { publicKeys: ['escrow/escrow-officer-1.pub.pem', 'escrow/escrow-officer-2.pub.pem'] },
      keyClasses: [keyClassJson('DEFAULT', 1, { default: true })],
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
