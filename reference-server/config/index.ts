/** Public API of the reference server's configuration (spec/server-config.md). */
export { ConfigError } from './config-error.ts';
export type { ConfigErrorCode, ConfigIssue, ConfigWarning } from './config-error.ts';
export { serverConfigToJson, keyCachePolicyToJson, keyUsePolicyToJson } from './config-to-json.ts';
export { DEV_CONFIG_FILES, DOCUMENTATION_DOMAIN_ID, defaultDevConfig } from './default-dev-config.ts';
export { configuredGroupsOf, memberMatches, normalizeDistinguishedName } from './group-membership.ts';
export type { ClientIdentity } from './group-membership.ts';
export {
  MAX_CONFIG_BYTES,
  findDuplicateKeys,
  loadServerConfig,
  parseConfigJson,
} from './load-server-config.ts';
export { parseServerConfig } from './parse-server-config.ts';
export type { ParseServerConfigOptions } from './parse-server-config.ts';
export { readEnvSecret, readRecordSealingKeys, readSecretBytes } from './secrets.ts';
export type { Environment } from './secrets.ts';
export * from './server-config.ts';
