import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ConfigError, type ConfigWarning } from './config-error.ts';
import { parseServerConfig } from './parse-server-config.ts';
import { CONFIG_DEFAULTS } from './server-config.ts';
import { createConfigFixture, keyClassJson, type ConfigFixture } from './testing/config-fixture.ts';

let fx: ConfigFixture;
beforeAll(() => {
  fx = createConfigFixture();
});
afterAll(() => fx.remove());

type Json = Record<string, unknown>;

/** The issues parseServerConfig reports for `json` (fails the test when it parses). */
function issuesOf(json: unknown): { path: string; message: string }[] {
  try {
    parseServerConfig(json, fx.dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected the configuration to be refused');
}

function withChange(change: (j: Json) => void): Json {
  const j = structuredClone(fx.minimalJson());
  change(j);
  return j;
}

function kup(j: Json, index = 0): Json {
  return ((j.keyClasses as Json[])[index] as Json).keyUsePolicy as Json;
}

describe('parseServerConfig: a valid configuration', () => {
  it('fills every default and resolves paths against the base folder', () => {
    const c = parseServerConfig(fx.minimalJson(), fx.dir);
    expect(c.domainId).toBe(32473n);
    expect(c.serverId).toBe(1n);
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.credentials).toEqual({
      kind: 'file',
      certificate: join(fx.dir, 'pki/server.crt.pem'),
      privateKey: join(fx.dir, 'pki/server.key.pem'),
    });
    expect(c.trustAnchors).toEqual([join(fx.dir, 'pki/client-ca.pem')]);
    expect(c.store).toEqual({ kind: 'sqlite', path: join(fx.dir, 'data/sks.sqlite') });
    expect(c.recordSealingKey).toEqual({
      keyId: 'k1',
      source: { kind: 'file', path: join(fx.dir, 'keys/sealing.key') },
      previousKeys: [],
    });
    expect(c.keyProvider).toEqual({ kind: 'node' });
    expect(c.authorization.mode).toBe('owner');
    expect(c.limits).toEqual(CONFIG_DEFAULTS.limits);
    expect(c.limits.replayCacheEntries).toBe(1_000_000);
    expect(c.wss).toEqual(CONFIG_DEFAULTS.wss);
    expect(c.logging.level).toBe('info');
    const k = c.keyClasses[0];
    expect(k?.isDefault).toBe(true);
    expect(k?.requiresApproval).toBe(false);
    expect(k?.requestCheckInterval).toBe(300);
    expect(k?.keyUsePolicy.keyClass).toBe('DEFAULT');
    expect(k?.keyUsePolicy.keySize).toBe(256);
    expect(k?.keyUsePolicy.keyAlgorithm).toBe('http://www.w3.org/2001/04/xmlenc#aes256-cbc');
    expect(k?.keyUsePolicy.status).toBe('Active');
    expect(k?.keyCachePolicy.keyClass).toBe('DEFAULT');
    expect(k?.keyCachePolicy.usedKeysCacheDetail).toBeUndefined();
  });

  it('accepts identifiers up to 2^64-1 as decimal strings', () => {
    const c = parseServerConfig(
      withChange((j) => (j.serverId = '18446744073709551615')),
      fx.dir,
    );
    expect(c.serverId).toBe(18446744073709551615n);
  });

  it('accepts an HSM credential, postgres store, env secrets and a pkcs11 key provider', () => {
    const module = fx.write('lib/fake-pkcs11.so', 'not a real module');
    const c = parseServerConfig(
      withChange((j) => {
        j.credentials = {
          certificate: 'pki/server.crt.pem',
          hsm: { module, tokenLabel: 'sks', pinEnv: 'SKS_HSM_PIN', keyLabel: 'sks-signing' },
        };
        j.store = { kind: 'postgres', connectionStringEnv: 'SKS_PG_URL' };
        j.recordSealingKey = {
          keyId: 'new',
          env: 'SKS_SEAL',
          previousKeys: [{ keyId: 'old', file: 'keys/sealing.key' }],
        };
        j.keyProvider = {
          kind: 'pkcs11',
          module: 'lib/fake-pkcs11.so',
          tokenLabel: 'sks',
          pinEnv: 'SKS_HSM_PIN',
        };
      }),
      fx.dir,
    );
    expect(c.credentials.kind).toBe('hsm');
    expect(c.store).toEqual({ kind: 'postgres', connectionStringEnv: 'SKS_PG_URL' });
    expect(c.recordSealingKey.source).toEqual({ kind: 'env', name: 'SKS_SEAL' });
    expect(c.recordSealingKey.previousKeys[0]?.keyId).toBe('old');
    expect(c.keyProvider).toEqual({ kind: 'pkcs11', module, tokenLabel: 'sks', pinEnv: 'SKS_HSM_PIN' });
  });

  it('parses authorization groups and normalizes fingerprints', () => {
    const fp = 'AB:'.repeat(31) + 'CD';
    const c = parseServerConfig(
      withChange(
        (j) => (j.authorization = { mode: 'owner-or-group', groups: { finance: [fp, 'CN=app,O=Example'] } }),
      ),
      fx.dir,
    );
    expect(c.authorization.groups.get('finance')).toEqual([
      { kind: 'fingerprint', sha256: 'ab'.repeat(31) + 'cd' },
      { kind: 'subject', subject: 'CN=app,O=Example' },
    ]);
  });

  it('reports SHOULD-level remarks as warnings, not errors', () => {
    const warnings: ConfigWarning[] = [];
    parseServerConfig(
      withChange((j) => {
        kup(j).status = 'Other';
        j.wss = { allowRsaSha1: true };
      }),
      fx.dir,
      { onWarning: (w) => warnings.push(w) },
    );
    expect(warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining(['keyClasses[0].keyUsePolicy', 'wss.allowRsaSha1']),
    );
    expect(warnings.find((w) => w.path === 'keyClasses[0].keyUsePolicy')?.message).toContain(
      'SEM_STATUS_OTHER',
    );
  });

  it('warns that requestCheckInterval has no effect on a class without approval, and only then', () => {
    const warningsOf = (requiresApproval: boolean): string[] => {
      const warnings: string[] = [];
      parseServerConfig(
        withChange((j) => {
          const c = (j.keyClasses as Json[])[0] as Json;
          c.requiresApproval = requiresApproval;
          c.requestCheckInterval = 120;
          kup(j).status = 'Inactive';
        }),
        fx.dir,
        { onWarning: (w) => warnings.push(w.path) },
      );
      return warnings;
    };
    expect(warningsOf(false)).toEqual(
      expect.arrayContaining(['keyClasses[0].requestCheckInterval', 'keyClasses[0].keyUsePolicy.status']),
    );
    expect(warningsOf(true)).not.toContain('keyClasses[0].requestCheckInterval');
    expect(warningsOf(true)).toContain('keyClasses[0].keyUsePolicy.status');
  });
});

describe('parseServerConfig: refusals name the field and the problem', () => {
  const cases: [string, (j: Json) => void, string, RegExp][] = [
    ['unknown top-level key', (j) => (j.colour = 'blue'), 'colour', /unknown key/],
    ['unknown nested key', (j) => ((j.listen as Json).hots = 'x'), 'listen.hots', /unknown key/],
    ['inline PIN', (j) => ((j.credentials as Json).pin = '1234'), 'credentials.pin', /pinEnv/],
    [
      'inline connection string',
      (j) => (j.store = { kind: 'postgres', connectionString: 'postgres://u:p@h/db' }),
      'store.connectionString',
      /connectionStringEnv/,
    ],
    ['tls is not supported', (j) => (j.tls = {}), 'tls', /not supported/],
    ['domainId zero', (j) => (j.domainId = 0), 'domainId', /between 1 and/],
    ['domainId above 2^64-1', (j) => (j.domainId = '18446744073709551616'), 'domainId', /between 1 and/],
    ['domainId not a number', (j) => (j.domainId = 'ten'), 'domainId', /decimal/],
    ['domainId unsafe JSON number', (j) => (j.domainId = 2 ** 60), 'domainId', /decimal string/],
    ['serverId missing', (j) => delete j.serverId, 'serverId', /required/],
    ['port out of range', (j) => ((j.listen as Json).port = 70000), 'listen.port', /between 0 and 65535/],
    ['port fractional', (j) => ((j.listen as Json).port = 80.5), 'listen.port', /whole number/],
    [
      'missing certificate file',
      (j) => ((j.credentials as Json).certificate = 'pki/none.pem'),
      'credentials.certificate',
      /file not found: .*none\.pem/,
    ],
    ['both privateKey and hsm', (j) => ((j.credentials as Json).hsm = {}), 'credentials', /exactly one/],
    [
      'private key of another certificate',
      (j) => ((j.credentials as Json).privateKey = 'other.key.pem'),
      'credentials.privateKey',
      /does not belong/,
    ],
    [
      'trust anchor without certificate',
      (j) => (j.trustAnchors = ['keys/sealing.key']),
      'trustAnchors[0]',
      /no PEM certificate/,
    ],
    [
      'sqlite folder missing',
      (j) => (j.store = { kind: 'sqlite', path: 'nowhere/sks.sqlite' }),
      'store.path',
      /folder not found/,
    ],
    [
      'sealing key too short',
      (j) => (j.recordSealingKey = { file: 'short.key' }),
      'recordSealingKey.file',
      /32 bytes/,
    ],
    [
      'sealing key from both sources',
      (j) => (j.recordSealingKey = { file: 'keys/sealing.key', env: 'X' }),
      'recordSealingKey',
      /exactly one/,
    ],
    [
      'bad env name',
      (j) => (j.store = { kind: 'postgres', connectionStringEnv: '1-BAD' }),
      'store.connectionStringEnv',
      /environment variable name/,
    ],
    [
      'one escrow key',
      (j) => (j.escrow = { publicKeys: ['escrow/escrow-officer-1.pub.pem'] }),
      'escrow.publicKeys',
      /at least 2/,
    ],
    [
      'the same escrow key twice',
      (j) =>
        (j.escrow = { publicKeys: ['escrow/escrow-officer-1.pub.pem', './escrow/escrow-officer-1.pub.pem'] }),
      'escrow.publicKeys[1]',
      /same key/,
    ],
    [
      'no default key class',
      (j) => (j.keyClasses = [keyClassJson('A', 1)]),
      'keyClasses',
      /exactly one key class/,
    ],
    [
      'two default key classes',
      (j) =>
        (j.keyClasses = [keyClassJson('A', 1, { default: true }), keyClassJson('B', 2, { default: true })]),
      'keyClasses',
      /found 2: A, B/,
    ],
    [
      'duplicate class names',
      (j) => (j.keyClasses = [keyClassJson('A', 1, { default: true }), keyClassJson('A', 2)]),
      'keyClasses[1].name',
      /also used by keyClasses\[0\]/,
    ],
    [
      'duplicate KeyUsePolicyID',
      (j) =>
        (j.keyClasses = [
          keyClassJson('A', 1, { default: true }),
          { ...keyClassJson('B', 2), keyUsePolicy: kup({ keyClasses: [keyClassJson('A', 1)] }) },
        ]),
      'keyClasses[1].keyUsePolicy.id',
      /KeyUsePolicyID/,
    ],
    ['blank class name', (j) => ((j.keyClasses as Json[])[0]!.name = '   '), 'keyClasses[0].name', /empty/],
    [
      'class name too long',
      (j) => ((j.keyClasses as Json[])[0]!.name = 'x'.repeat(256)),
      'keyClasses[0].name',
      /255/,
    ],
    [
      'requestCheckInterval below 60',
      (j) => ((j.keyClasses as Json[])[0]!.requestCheckInterval = 59),
      'keyClasses[0].requestCheckInterval',
      /between 60 and 604800/,
    ],
    [
      'policy ID of another domain',
      (j) => (kup(j).id = '10514-1'),
      'keyClasses[0].keyUsePolicy.id',
      /not the server's domainId/,
    ],
    [
      'policy ID with leading zero',
      (j) => (kup(j).id = '32473-01'),
      'keyClasses[0].keyUsePolicy.id',
      /DomainID-LocalID/,
    ],
    [
      'unknown algorithm',
      (j) => (kup(j).algorithm = 'aes256-gcm'),
      'keyClasses[0].keyUsePolicy.algorithm',
      /aes256-cbc/,
    ],
    [
      'a permission left out',
      (j) => delete (kup(j).permissions as Json).times,
      'keyClasses[0].keyUsePolicy.permissions.times',
      /required/,
    ],
    [
      'an empty restriction',
      (j) => ((kup(j).permissions as Json).days = []),
      'keyClasses[0].keyUsePolicy.permissions.days',
      /at least 1/,
    ],
    [
      'an unknown day',
      (j) => ((kup(j).permissions as Json).days = ['Funday']),
      'keyClasses[0].keyUsePolicy.permissions.days[0]',
      /Weekday/,
    ],
    [
      'zero duration',
      (j) => ((kup(j).permissions as Json).duration = 0),
      'keyClasses[0].keyUsePolicy.permissions.duration',
      /between 1 and/,
    ],
    [
      'KeySize not of the algorithm (semantic rule)',
      (j) => (kup(j).keySize = 128),
      'keyClasses[0].keyUsePolicy',
      /SEM_KEY_SIZE_MISMATCH/,
    ],
    [
      'reversed date range (semantic rule)',
      (j) => ((kup(j).permissions as Json).dates = [{ start: '2025-12-31', end: '2025-01-01' }]),
      'keyClasses[0].keyUsePolicy',
      /SEM_DATE_RANGE_REVERSED.*SKSML-MSG-102/,
    ],
    [
      'impossible date (model serializer)',
      (j) => ((kup(j).permissions as Json).dates = [{ start: '2025-02-30', end: '2025-03-01' }]),
      'keyClasses[0].keyUsePolicy',
      /at \/Permissions\/PermittedDates\/PermittedDate\[1\]\/StartDate\): cannot serialize: day out of range/,
    ],
    [
      'time out of range (model serializer)',
      (j) => ((kup(j).permissions as Json).times = [{ start: '25:00:00', end: '26:00:00' }]),
      'keyClasses[0].keyUsePolicy',
      /time of day out of range/,
    ],
    [
      'latitude out of range (semantic rule)',
      (j) =>
        ((kup(j).permissions as Json).locations = [
          { name: 'X', coordinates: [{ latitude: '91', longitude: '0' }] },
        ]),
      'keyClasses[0].keyUsePolicy',
      /SEM_COORDINATE_RANGE/,
    ],
    [
      'digest of the wrong length (semantic rule)',
      (j) =>
        ((kup(j).permissions as Json).applications = [
          { id: '32473-9', name: 'A', digest: { algorithm: 'sha256', value: 'AAAA' } },
        ]),
      'keyClasses[0].keyUsePolicy',
      /SEM_DIGEST_LENGTH/,
    ],
    [
      'cache policy dates reversed (semantic rule)',
      (j) => (((j.keyClasses as Json[])[0]!.keyCachePolicy as Json).endDate = '2024-01-01T00:00:00Z'),
      'keyClasses[0].keyCachePolicy',
      /SEM_KCP_DATES_REVERSED/,
    ],
    [
      'cache policy check interval too long',
      (j) => (((j.keyClasses as Json[])[0]!.keyCachePolicy as Json).policyCheckInterval = 2_592_001),
      'keyClasses[0].keyCachePolicy.policyCheckInterval',
      /between 0 and 2592000/,
    ],
    [
      'cache policy start not a dateTime (model)',
      (j) => (((j.keyClasses as Json[])[0]!.keyCachePolicy as Json).startDate = 'yesterday'),
      'keyClasses[0].keyCachePolicy',
      /not a valid KeyCachePolicy/,
    ],
    [
      'bad fingerprint',
      (j) => (j.authorization = { groups: { g: ['sha256:abcd'] } }),
      'authorization.groups.g[0]',
      /64 hex/,
    ],
    ['empty group', (j) => (j.authorization = { groups: { g: [] } }), 'authorization.groups.g', /at least 1/],
    [
      'unknown authorization mode',
      (j) => (j.authorization = { mode: 'anyone' }),
      'authorization.mode',
      /"owner", "owner-or-group"/,
    ],
    [
      'rsa-1_5 as default key transport',
      (j) => (j.wss = { keyTransport: 'rsa-1_5' }),
      'wss.keyTransport',
      /never the default/,
    ],
    [
      'clock skew too large',
      (j) => (j.wss = { maxClockSkewSeconds: 86400 }),
      'wss.maxClockSkewSeconds',
      /between 0 and 3600/,
    ],
    [
      'allowRsaSha1 not a boolean',
      (j) => (j.wss = { allowRsaSha1: 'no' }),
      'wss.allowRsaSha1',
      /true or false/,
    ],
    ['body limit too small', (j) => (j.limits = { maxBodyBytes: 10 }), 'limits.maxBodyBytes', /between 1024/],
    [
      'replay cache too small',
      (j) => (j.limits = { replayCacheEntries: 10 }),
      'limits.replayCacheEntries',
      /between 1000/,
    ],
    ['unknown log level', (j) => (j.logging = { level: 'verbose' }), 'logging.level', /"debug"/],
  ];

  beforeAll(() => {
    fx.write(
      'other.key.pem',
      fx.pki.clients[0]!.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    fx.write('short.key', Buffer.from('too short').toString('base64'));
  });

  it.each(cases)('%s', (_name, change, path, message) => {
    const issues = issuesOf(withChange(change));
    const issue = issues.find((i) => i.path === path);
    expect(issue, `issues: ${JSON.stringify(issues)}`).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('refuses a value that is not an object', () => {
    expect(issuesOf([])).toEqual([{ path: '', message: 'must be an object, found an array' }]);
  });

  it('collects every problem in one error', () => {
    const issues = issuesOf(
      withChange((j) => {
        j.domainId = 0;
        (j.listen as Json).port = -1;
        j.extra = true;
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['domainId', 'listen.port', 'extra']));
    try {
      parseServerConfig(
        withChange((j) => (j.domainId = 0)),
        fx.dir,
        { source: 'my.json' },
      );
    } catch (error) {
      expect((error as Error).message).toMatch(/^my\.json: 1 problem\n {2}domainId: /);
    }
  });

  it('property: removing any required top-level key is reported at that key', () => {
    const required = [
      'domainId',
      'serverId',
      'listen',
      'credentials',
      'trustAnchors',
      'store',
      'recordSealingKey',
      'escrow',
      'keyClasses',
    ];
    fc.assert(
      fc.property(fc.subarray(required, { minLength: 1 }), (removed) => {
        const issues = issuesOf(withChange((j) => removed.forEach((k) => delete j[k])));
        for (const k of removed) expect(issues).toContainEqual({ path: k, message: 'is required' });
      }),
      { numRuns: 40 },
    );
  });

  it('property: an unknown key anywhere in the object tree is refused at its path', () => {
    const objectPaths = [
      [],
      ['listen'],
      ['credentials'],
      ['store'],
      ['recordSealingKey'],
      ['escrow'],
      ['keyClasses', 0],
      ['keyClasses', 0, 'keyUsePolicy'],
      ['keyClasses', 0, 'keyUsePolicy', 'permissions'],
      ['keyClasses', 0, 'keyCachePolicy'],
      ['keyClasses', 0, 'keyCachePolicy', 'newKeys'],
    ] as (string | number)[][];
    fc.assert(
      fc.property(
        fc.constantFrom(...objectPaths),
        fc
          .stringMatching(/^[a-z][A-Za-z0-9]{0,12}$/)
          .filter(
            (k) =>
              ![
                'name',
                'id',
                'kind',
                'path',
                'port',
                'host',
                'file',
                'env',
                'keyId',
                'default',
                'status',
                'keySize',
                'algorithm',
                'permissions',
                'description',
                'endDate',
                'startDate',
                'usedKeys',
                'newKeys',
                'maximumKeys',
                'maximumDuration',
                'certificate',
                'privateKey',
                'hsm',
                'publicKeys',
                'previousKeys',
                'connectionStringEnv',
                'requiresApproval',
                'requestCheckInterval',
                'keyUsePolicy',
                'keyCachePolicy',
                'policyCheckInterval',
                'uses',
                'times',
                'dates',
                'days',
                'duration',
                'levels',
                'locations',
                'applications',
                'numberOfTransactions',
                'serverId',
                'domainId',
                'listen',
                'credentials',
                'trustAnchors',
                'store',
                'recordSealingKey',
                'escrow',
                'keyClasses',
                'keyProvider',
                'authorization',
                'limits',
                'wss',
                'logging',
              ].includes(k),
          ),
        (at, key) => {
          const j = structuredClone(fx.minimalJson());
          let target: unknown = j;
          for (const step of at) target = (target as Record<string | number, unknown>)[step];
          (target as Json)[key] = 1;
          const path = at.reduce<string>(
            (p, s) => (typeof s === 'number' ? `${p}[${s}]` : p === '' ? s : `${p}.${s}`),
            '',
          );
          const issues = issuesOf(j);
          expect(
            issues.some(
              (i) => i.path === (path === '' ? key : `${path}.${key}`) && i.message.startsWith('unknown key'),
            ),
          ).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
