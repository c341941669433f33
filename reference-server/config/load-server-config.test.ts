import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { serverConfigToJson } from './config-to-json.ts';
import { DEV_CONFIG_FILES, defaultDevConfig } from './default-dev-config.ts';
import { configuredGroupsOf, normalizeDistinguishedName } from './group-membership.ts';
import { findDuplicateKeys, loadServerConfig } from './load-server-config.ts';
import { parseServerConfig } from './parse-server-config.ts';
import { readEnvSecret, readRecordSealingKeys } from './secrets.ts';
import { createConfigFixture, type ConfigFixture } from './testing/config-fixture.ts';

const EXAMPLE = fileURLToPath(new URL('../../spec/examples/server-config.example.json', import.meta.url));

let fx: ConfigFixture;
beforeAll(() => {
  fx = createConfigFixture();
});
afterAll(() => fx.remove());

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).code;
  }
  throw new Error('expected a ConfigError');
}

describe('loadServerConfig', () => {
  it('loads the documented example (spec/examples/server-config.example.json) completely', () => {
    const file = join(fx.dir, 'server-config.json');
    copyFileSync(EXAMPLE, file);
    const warnings: string[] = [];
    const c = loadServerConfig(file, { onWarning: (w) => warnings.push(w.path) });
    expect(c.domainId).toBe(32473n);
    expect(c.keyClasses.map((k) => k.name)).toEqual(['DEFAULT', 'PAYROLL', 'ARCHIVE']);
    const payroll = c.keyClasses[1]!;
    expect(payroll.keyUsePolicy.permissions.permittedDays).toEqual({ any: false, days: ['Weekday'] });
    expect(payroll.keyUsePolicy.permissions.permittedDuration).toEqual({ any: false, seconds: 2592000n });
    expect(payroll.keyCachePolicy.newKeysCacheDetail).toBeUndefined();
    expect(c.keyClasses[2]!.requiresApproval).toBe(true);
    expect(c.keyClasses[2]!.requestCheckInterval).toBe(900);
    expect(c.authorization.groups.get('payroll')).toHaveLength(2);
    expect(c.recordSealingKey.keyId).toBe('2025-01');
    expect(warnings).toEqual([]);
  });

  it('refuses a key given twice in one object, naming the line', () => {
    const file = fx.write('dup.json', '{\n "domainId": 1,\n "listen": {"port": 1, "port": 2}\n}');
    try {
      loadServerConfig(file);
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).code).toBe('CONFIG_SYNTAX');
      expect((error as ConfigError).issues).toEqual([
        { path: 'port', message: 'key given twice in one object (line 3)' },
      ]);
    }
  });

  it('finds duplicates only within one object, and copes with escapes', () => {
    expect(findDuplicateKeys('{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}')).toEqual([]);
    expect(findDuplicateKeys('{"a\\"b":"x\\\\","a\\"b":2}')).toEqual([
      { path: 'a"b', message: 'key given twice in one object (line 1)' },
    ]);
    expect(findDuplicateKeys('{"x":"a:b","y":"{","x":"}"}').map((i) => i.path)).toEqual(['x']);
  });

  it('reports unreadable files and bad JSON with their own codes', () => {
    expect(codeOf(() => loadServerConfig(join(fx.dir, 'missing.json')))).toBe('CONFIG_UNREADABLE');
    expect(codeOf(() => loadServerConfig(fx.dir))).toBe('CONFIG_UNREADABLE');
    expect(codeOf(() => loadServerConfig(fx.write('bad.json', '{"domainId": }')))).toBe('CONFIG_SYNTAX');
    expect(codeOf(() => loadServerConfig(fx.write('big.json', ' '.repeat(1024 * 1024 + 1))))).toBe(
      'CONFIG_UNREADABLE',
    );
  });

  it('resolves relative paths against the configuration file folder, not the working directory', () => {
    const sub = join(fx.dir, 'etc');
    mkdirSync(sub, { recursive: true });
    const json = fx.minimalJson();
    json.credentials = {
      certificate: '../pki/server.crt.pem',
      privateKey: join(fx.dir, 'pki/server.key.pem'),
    };
    json.trustAnchors = '../pki/client-ca.pem';
    json.store = { kind: 'sqlite', path: '../data/sks.sqlite' };
    json.recordSealingKey = { file: '../keys/sealing.key' };
    json.escrow = {
      publicKeys: ['../escrow/escrow-officer-1.pub.pem', '../escrow/escrow-officer-3.pub.pem'],
    };
    writeFileSync(join(sub, 'c.json'), JSON.stringify(json));
    const c = loadServerConfig(join(sub, 'c.json'));
    expect(c.trustAnchors).toEqual([join(fx.dir, 'pki/client-ca.pem')]);
    expect(c.store).toEqual({ kind: 'sqlite', path: join(fx.dir, 'data/sks.sqlite') });
  });
});

describe('defaultDevConfig', () => {
  it('round-trips through its JSON form once its files exist', () => {
    const data = join(fx.dir, 'dev');
    const put = (rel: string, text: string): void => {
      mkdirSync(join(data, rel, '..'), { recursive: true });
      writeFileSync(join(data, rel), text);
    };
    put(DEV_CONFIG_FILES.serverCertificate, fx.pki.server.certificate.toString());
    put(
      DEV_CONFIG_FILES.serverPrivateKey,
      fx.pki.server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    put(DEV_CONFIG_FILES.clientCa, fx.pki.ca.certificate.toString());
    put(DEV_CONFIG_FILES.sealingKey, randomBytes(32).toString('base64'));
    for (const p of DEV_CONFIG_FILES.escrowPublicKeys)
      put(
        p,
        generateKeyPairSync('rsa', { modulusLength: 2048 })
          .publicKey.export({ type: 'spki', format: 'pem' })
          .toString(),
      );
    const dev = defaultDevConfig(data);
    const json = serverConfigToJson(dev, data);
    expect(JSON.stringify(json)).not.toContain(data); // written relative to the data folder
    const warnings: string[] = [];
    const reparsed = parseServerConfig(JSON.parse(JSON.stringify(json)), data, {
      onWarning: (w) => warnings.push(w.path),
    });
    expect(reparsed).toEqual(dev);
    expect(warnings).toEqual([]);
    expect(dev.keyClasses.filter((k) => k.isDefault)).toHaveLength(1);
    expect(dev.listen.host).toBe('127.0.0.1');
  });

  it('writes the example back to the same configuration', () => {
    const file = join(fx.dir, 'server-config.json');
    copyFileSync(EXAMPLE, file);
    const c = loadServerConfig(file);
    expect(parseServerConfig(JSON.parse(JSON.stringify(serverConfigToJson(c, fx.dir))), fx.dir)).toEqual(c);
  });
});

describe('secrets', () => {
  it('reads sealing keys from files and environment variables, never echoing values', () => {
    const keys = readRecordSealingKeys(
      {
        keyId: 'a',
        source: { kind: 'env', name: 'SEAL' },
        previousKeys: [{ keyId: 'b', source: { kind: 'file', path: join(fx.dir, 'keys/sealing.key') } }],
      },
      { SEAL: Buffer.alloc(40, 7).toString('base64') },
    );
    expect(keys.key).toEqual(new Uint8Array(40).fill(7));
    expect(keys.previousKeys[0]!.key).toHaveLength(32);
    const secret = 'c2VjcmV0LXZhbHVlLXRoYXQtaXMtdG9vLXNob3J0';
    try {
      readRecordSealingKeys(
        { keyId: 'a', source: { kind: 'env', name: 'SEAL' }, previousKeys: [] },
        { SEAL: secret },
      );
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).code).toBe('CONFIG_SECRET_UNAVAILABLE');
      expect((error as Error).message).toContain('SEAL');
      expect((error as Error).message).not.toContain(secret);
    }
    expect(codeOf(() => readEnvSecret('PIN', {}))).toBe('CONFIG_SECRET_UNAVAILABLE');
    expect(readEnvSecret('PIN', { PIN: '1234' })).toBe('1234');
  });
});

describe('group membership', () => {
  it('matches subjects regardless of RDN order and separators, fingerprints case-insensitively', () => {
    expect(normalizeDistinguishedName('CN=app, O=Example Corp')).toBe(
      normalizeDistinguishedName('O=Example Corp\ncn=app'),
    );
    expect(normalizeDistinguishedName('CN=app,O=Example')).not.toBe(
      normalizeDistinguishedName('CN=App,O=Example'),
    );
    expect(normalizeDistinguishedName('CN=a\\,b,O=x')).not.toBe(normalizeDistinguishedName('CN=a,B=b,O=x'));
    const fp = 'ab'.repeat(32);
    const auth = {
      mode: 'owner-or-group' as const,
      groups: new Map([
        ['finance', [{ kind: 'subject' as const, subject: 'CN=app, O=Example' }]],
        ['ops', [{ kind: 'fingerprint' as const, sha256: fp }]],
        ['other', [{ kind: 'subject' as const, subject: 'CN=else' }]],
      ]),
    };
    expect(
      configuredGroupsOf(auth, { subject: 'O=Example\nCN=app', fingerprintSha256: fp.toUpperCase() }),
    ).toEqual(['finance', 'ops']);
    expect(configuredGroupsOf(auth, { subject: 'CN=nobody', fingerprintSha256: '00'.repeat(32) })).toEqual(
      [],
    );
  });
});

describe('the example file', () => {
  it('is the file spec/server-config.md documents (every top-level field present)', () => {
    const json = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const doc = readFileSync(fileURLToPath(new URL('../../spec/server-config.md', import.meta.url)), 'utf8');
    for (const key of Object.keys(json).filter((k) => k !== '$comment')) {
      expect(doc).toContain(`\`${key}\``);
    }
  });
});
