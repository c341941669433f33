/**
 * The JSON form of a ServerConfig (the inverse of parseServerConfig): for writing the embedded
 * default to disk, and for showing the effective configuration. Paths are written relative to
 * `baseDir` when they lie inside it.
 */
import { isAbsolute, relative } from 'node:path';
import { formatTwoPartID } from '../../protocol/model/identifiers.ts';
import type { KeyCacheDetail, KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { KeyUsePolicy, Permissions } from '../../protocol/model/key-use-policy.ts';
import { digestAlgorithmName, keyAlgorithmName } from './key-use-policy-json.ts';
import { CONFIG_DEFAULTS, type GroupMember, type SecretSource, type ServerConfig } from './server-config.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Numbers that fit a JSON number exactly are written as numbers, others as decimal strings. */
function u64(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function permissionsJson(
  p: Permissions,
  domainOf: (id: { domainId: bigint; localId: bigint }) => string,
): Json {
  const any = 'any';
  const a = p.permittedApplications;
  const d = p.permittedDates;
  const dy = p.permittedDays;
  const du = p.permittedDuration;
  const l = p.permittedLevels;
  const lo = p.permittedLocations;
  const n = p.permittedNumberOfTransactions;
  const t = p.permittedTimes;
  const u = p.permittedUses;
  return {
    applications: a.any
      ? any
      : a.applications.map((x) => ({
          id: domainOf(x.applicationId),
          name: x.applicationName,
          ...(x.version !== undefined ? { version: x.version } : {}),
          ...(x.digest !== undefined
            ? {
                digest: {
                  algorithm: digestAlgorithmName(x.digest.algorithm),
                  value: Buffer.from(x.digest.value).toString('base64'),
                },
              }
            : {}),
        })),
    dates: d.any ? any : d.dates.map((x) => ({ start: x.startDate, end: x.endDate })),
    days: dy.any ? any : [...dy.days],
    duration: du.any ? any : u64(du.seconds),
    levels: l.any ? any : [...l.levels],
    locations: lo.any
      ? any
      : lo.locations.map((x) => ({
          name: x.locationName,
          ...(x.coordinates.length > 0
            ? { coordinates: x.coordinates.map((c) => ({ latitude: c.latitude, longitude: c.longitude })) }
            : {}),
        })),
    numberOfTransactions: n.any ? any : u64(n.count),
    times: t.any ? any : t.times.map((x) => ({ start: x.startTime, end: x.endTime })),
    uses: u.any ? any : [...u.uses],
  };
}

export function keyUsePolicyToJson(p: KeyUsePolicy): Json {
  return {
    id: formatTwoPartID(p.keyUsePolicyId),
    name: p.policyName,
    algorithm: keyAlgorithmName(p.keyAlgorithm),
    keySize: p.keySize,
    status: p.status,
    permissions: permissionsJson(p.permissions, formatTwoPartID),
  };
}

function detailJson(d: KeyCacheDetail): Json {
  return { maximumKeys: u64(d.maximumKeys), maximumDuration: u64(d.maximumDuration) };
}

export function keyCachePolicyToJson(p: KeyCachePolicy): Json {
  return {
    id: formatTwoPartID(p.keyCachePolicyId),
    name: p.policyName,
    description: p.description,
    startDate: p.startDate,
    endDate: p.endDate,
    policyCheckInterval: p.policyCheckInterval,
    status: p.status,
    ...(p.newKeysCacheDetail !== undefined ? { newKeys: detailJson(p.newKeysCacheDetail) } : {}),
    ...(p.usedKeysCacheDetail !== undefined ? { usedKeys: detailJson(p.usedKeysCacheDetail) } : {}),
  };
}

function memberJson(m: GroupMember): string {
  return m.kind === 'fingerprint' ? `sha256:${m.sha256}` : m.subject;
}

/** The configuration as JSON, paths relative to `baseDir` where possible. */
export function serverConfigToJson(config: ServerConfig, baseDir?: string): Json {
  const path = (p: string): string => {
    if (baseDir === undefined) return p;
    const r = relative(baseDir, p);
    return r !== '' && !r.startsWith('..') && !isAbsolute(r) ? r : p;
  };
  const secret = (s: SecretSource): Json => (s.kind === 'env' ? { env: s.name } : { file: path(s.path) });
  const c = config.credentials;
  const st = config.store;
  const kp = config.keyProvider;
  return {
    domainId: u64(config.domainId),
    serverId: u64(config.serverId),
    listen: { host: config.listen.host, port: config.listen.port },
    credentials:
      c.kind === 'file'
        ? { certificate: path(c.certificate), privateKey: path(c.privateKey) }
        : { certificate: path(c.certificate), hsm: { ...c.hsm, module: path(c.hsm.module) } },
    trustAnchors: config.trustAnchors.map(path),
    store:
      st.kind === 'sqlite'
        ? { kind: 'sqlite', path: path(st.path) }
        : { kind: 'postgres', connectionStringEnv: st.connectionStringEnv },
    recordSealingKey: {
      keyId: config.recordSealingKey.keyId,
      ...(secret(config.recordSealingKey.source) as Record<string, Json>),
      ...(config.recordSealingKey.previousKeys.length > 0
        ? {
            previousKeys: config.recordSealingKey.previousKeys.map((k) => ({
              keyId: k.keyId,
              ...(secret(k.source) as Record<string, Json>),
            })),
          }
        : {}),
    },
    keyProvider:
      kp.kind === 'node'
        ? { kind: 'node' }
        : { kind: 'pkcs11', module: path(kp.module), tokenLabel: kp.tokenLabel, pinEnv: kp.pinEnv },
    escrow: { publicKeys: config.escrow.publicKeys.map(path) },
    keyClasses: config.keyClasses.map((k) => ({
      name: k.name,
      default: k.isDefault,
      requiresApproval: k.requiresApproval,
      ...(k.requiresApproval || k.requestCheckInterval !== CONFIG_DEFAULTS.requestCheckInterval
        ? { requestCheckInterval: k.requestCheckInterval }
        : {}),
      keyUsePolicy: keyUsePolicyToJson(k.keyUsePolicy),
      keyCachePolicy: keyCachePolicyToJson(k.keyCachePolicy),
    })),
    authorization: {
      mode: config.authorization.mode,
      groups: Object.fromEntries(
        [...config.authorization.groups].map(([name, members]) => [name, members.map(memberJson)]),
      ),
    },
    limits: { ...config.limits },
    wss: { ...config.wss },
    logging: { level: config.logging.level },
  };
}
