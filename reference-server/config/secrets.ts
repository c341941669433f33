/**
 * Reading the secrets a configuration points to (environment variables, key files) at the moment
 * the server needs them. The configuration object never holds secret values; errors name the
 * variable or file, never its content.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.ts';
import type { RecordSealingKeyConfig, SecretSource } from './server-config.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

function unavailable(path: string, message: string): ConfigError {
  return new ConfigError('CONFIG_SECRET_UNAVAILABLE', [{ path, message }]);
}

/** The value of environment variable `name`; throws when it is unset or empty. */
export function readEnvSecret(name: string, env: Environment, path = name): string {
  const value = env[name];
  if (value === undefined || value === '') throw unavailable(path, `environment variable ${name} is not set`);
  return value;
}

/** The bytes of a base64 secret (file text or environment value); at least `minBytes` long. */
export function readSecretBytes(
  source: SecretSource,
  env: Environment,
  path: string,
  minBytes = 32,
): Uint8Array {
  let text: string;
  if (source.kind === 'env') text = readEnvSecret(source.name, env, path);
  else {
    try {
      text = readFileSync(source.path, 'latin1');
    } catch {
      throw unavailable(path, `cannot read the key file ${source.path}`);
    }
  }
  const trimmed = text.trim();
  const where = source.kind === 'env' ? `environment variable ${source.name}` : `key file ${source.path}`;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw unavailable(path, `${where} does not hold base64 text`);
  const bytes = new Uint8Array(Buffer.from(trimmed, 'base64'));
  if (bytes.length < minBytes) throw unavailable(path, `${where} holds fewer than ${minBytes} bytes`);
  return bytes;
}

/** The record-sealing keys (current first), ready for the store's HMAC sealer. */
export function readRecordSealingKeys(
  config: RecordSealingKeyConfig,
  env: Environment,
): { keyId: string; key: Uint8Array; previousKeys: { keyId: string; key: Uint8Array }[] } {
  return {
    keyId: config.keyId,
    key: readSecretBytes(config.source, env, 'recordSealingKey'),
    previousKeys: config.previousKeys.map((k, i) => ({
      keyId: k.keyId,
      key: readSecretBytes(k.source, env, `recordSealingKey.previousKeys[${i}]`),
    })),
  };
}
