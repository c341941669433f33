/**
 * The embedded default configuration: what `sksml server` runs without a configuration file.
 * Every file lives under `dataDir`; the files do not exist until the server's first run creates
 * them (DEV_CONFIG_FILES lists what it must create: a dev PKI, two escrow key pairs, a sealing
 * key). The value is not checked for files here; after creating them, parseServerConfig on
 * serverConfigToJson(defaultDevConfig(dir), dir) gives the same configuration back.
 */
import { join } from 'node:path';
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { KeyUsePolicy, Permissions } from '../../protocol/model/key-use-policy.ts';
import { CONFIG_DEFAULTS, type KeyClassConfig, type ServerConfig } from './server-config.ts';

/** IANA Private Enterprise Number 32473, reserved for documentation and examples (RFC 5612). */
export const DOCUMENTATION_DOMAIN_ID = 32473n;

/** The files of the embedded default, relative to the data folder. */
export const DEV_CONFIG_FILES = Object.freeze({
  serverCertificate: 'pki/server.crt.pem',
  serverPrivateKey: 'pki/server.key.pem',
  clientCa: 'pki/client-ca.crt.pem',
  store: 'sks.sqlite',
  sealingKey: 'sealing.key',
  escrowPublicKeys: ['escrow/escrow-1.pub.pem', 'escrow/escrow-2.pub.pem'],
});

const UNRESTRICTED: Permissions = {
  permittedApplications: { any: true },
  permittedDates: { any: true },
  permittedDays: { any: true },
  permittedDuration: { any: true },
  permittedLevels: { any: true },
  permittedLocations: { any: true },
  permittedNumberOfTransactions: { any: true },
  permittedTimes: { any: true },
  permittedUses: { any: true },
};

function devClass(
  localId: bigint,
  name: string,
  algorithm: KeyUsePolicy['keyAlgorithm'],
  keySize: KeyUsePolicy['keySize'],
  options: { isDefault?: boolean; requiresApproval?: boolean } = {},
): KeyClassConfig {
  const domainId = DOCUMENTATION_DOMAIN_ID;
  const keyCachePolicy: KeyCachePolicy = {
    keyCachePolicyId: { domainId, localId },
    policyName: `${name} cache policy (development)`,
    description: 'Embedded development default',
    keyClass: name,
    startDate: '2025-01-01T00:00:00Z',
    endDate: null,
    policyCheckInterval: 86_400,
    status: 'Active',
    newKeysCacheDetail: { maximumKeys: 10n, maximumDuration: 86_400n },
    usedKeysCacheDetail: { maximumKeys: 100n, maximumDuration: 604_800n },
  };
  return {
    name,
    isDefault: options.isDefault ?? false,
    requiresApproval: options.requiresApproval ?? false,
    requestCheckInterval: options.requiresApproval === true ? 60 : CONFIG_DEFAULTS.requestCheckInterval,
    keyUsePolicy: {
      keyUsePolicyId: { domainId, localId },
      policyName: `${name} (development)`,
      keyClass: name,
      keyAlgorithm: algorithm,
      keySize,
      status: 'Active',
      permissions: UNRESTRICTED,
    },
    keyCachePolicy,
  };
}

/** The embedded default configuration for the data folder `dataDir` (an absolute path). */
export function defaultDevConfig(dataDir: string): ServerConfig {
  const at = (p: string): string => join(dataDir, p);
  const xmlenc = 'http://www.w3.org/2001/04/xmlenc#';
  return {
    domainId: DOCUMENTATION_DOMAIN_ID,
    serverId: 1n,
    listen: { host: CONFIG_DEFAULTS.host, port: 0 },
    credentials: {
      kind: 'file',
      certificate: at(DEV_CONFIG_FILES.serverCertificate),
      privateKey: at(DEV_CONFIG_FILES.serverPrivateKey),
    },
    trustAnchors: [at(DEV_CONFIG_FILES.clientCa)],
    store: { kind: 'sqlite', path: at(DEV_CONFIG_FILES.store) },
    recordSealingKey: {
      keyId: CONFIG_DEFAULTS.sealingKeyId,
      source: { kind: 'file', path: at(DEV_CONFIG_FILES.sealingKey) },
      previousKeys: [],
    },
    keyProvider: { kind: 'node' },
    escrow: { publicKeys: DEV_CONFIG_FILES.escrowPublicKeys.map(at) },
    keyClasses: [
      devClass(1n, 'DEFAULT', `${xmlenc}aes256-cbc`, 256, { isDefault: true }),
      devClass(2n, 'AES-128', `${xmlenc}aes128-cbc`, 128),
      devClass(3n, 'APPROVAL', `${xmlenc}aes256-cbc`, 256, { requiresApproval: true }),
    ],
    authorization: { mode: 'owner', groups: new Map() },
    limits: { ...CONFIG_DEFAULTS.limits },
    wss: { ...CONFIG_DEFAULTS.wss },
    logging: { level: CONFIG_DEFAULTS.logLevel },
  };
}
