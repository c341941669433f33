/**
 * File references in the configuration: resolved against the configuration file's folder,
 * checked to exist, and (for PEM material) checked to hold what the field promises. Secrets read
 * here are only parsed to check them; nothing read is kept in the configuration object.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { readString, report, type ReadContext } from './json-fields.ts';

/** Largest file the configuration refers to that the parser reads (PEM bundles, key files). */
const MAX_REFERENCED_FILE_BYTES = 1024 * 1024;

/** Resolves `p` against the configuration folder (absolute paths stay as they are). */
export function resolveConfigPath(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

type FileKind = 'file' | 'directory';

function checkExists(ctx: ReadContext, path: string, absolute: string, kind: FileKind): boolean {
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    report(ctx, path, `${kind === 'file' ? 'file' : 'folder'} not found: ${absolute}`);
    return false;
  }
  if (kind === 'file' && !stats.isFile()) {
    report(ctx, path, `is not a regular file: ${absolute}`);
    return false;
  }
  if (kind === 'directory' && !stats.isDirectory()) {
    report(ctx, path, `is not a folder: ${absolute}`);
    return false;
  }
  return true;
}

/** A path string that names an existing regular file; returns the absolute path. */
export function readExistingFile(ctx: ReadContext, path: string, value: unknown): string | undefined {
  const p = readString(ctx, path, value, { maxLength: 4096 });
  if (p === undefined) return undefined;
  const absolute = resolveConfigPath(ctx.baseDir, p);
  return checkExists(ctx, path, absolute, 'file') ? absolute : undefined;
}

/** A path for a file that may not exist yet (a database); its folder must exist. */
export function readCreatableFile(ctx: ReadContext, path: string, value: unknown): string | undefined {
  const p = readString(ctx, path, value, { maxLength: 4096 });
  if (p === undefined) return undefined;
  const absolute = resolveConfigPath(ctx.baseDir, p);
  try {
    if (statSync(absolute).isDirectory()) return report(ctx, path, `is a folder, not a file: ${absolute}`);
    return absolute;
  } catch {
    return checkExists(ctx, path, dirname(absolute), 'directory') ? absolute : undefined;
  }
}

/** The bytes of a referenced file, or undefined (with an issue) when it cannot be read. */
export function readFileBytes(ctx: ReadContext, path: string, absolute: string): Buffer | undefined {
  try {
    const size = statSync(absolute).size;
    if (size > MAX_REFERENCED_FILE_BYTES)
      return report(ctx, path, `file is larger than ${MAX_REFERENCED_FILE_BYTES} bytes: ${absolute}`);
    return readFileSync(absolute);
  } catch {
    return report(ctx, path, `file cannot be read: ${absolute}`);
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM file; an issue when there is none or one does not parse. */
export function readPemCertificates(
  ctx: ReadContext,
  path: string,
  absolute: string,
): X509Certificate[] | undefined {
  const bytes = readFileBytes(ctx, path, absolute);
  if (bytes === undefined) return undefined;
  const blocks = bytes.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return report(ctx, path, `no PEM certificate in ${absolute}`);
  const certificates: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    try {
      certificates.push(new X509Certificate(block));
    } catch {
      return report(ctx, path, `certificate ${i + 1} in ${absolute} cannot be parsed`);
    }
  }
  return certificates;
}

/** An unencrypted PEM private key (PKCS#8 or PKCS#1). The error never repeats file content. */
export function readPemPrivateKey(ctx: ReadContext, path: string, absolute: string): KeyObject | undefined {
  const bytes = readFileBytes(ctx, path, absolute);
  if (bytes === undefined) return undefined;
  try {
    return createPrivateKey({ key: bytes, format: 'pem' });
  } catch {
    return report(ctx, path, `not an unencrypted PEM private key: ${absolute}`);
  }
}

/** An RSA public key from a PEM public key or certificate. */
export function readPemPublicKey(ctx: ReadContext, path: string, absolute: string): KeyObject | undefined {
  const bytes = readFileBytes(ctx, path, absolute);
  if (bytes === undefined) return undefined;
  const text = bytes.toString('latin1');
  try {
    if (text.includes('-----BEGIN CERTIFICATE-----')) return new X509Certificate(bytes).publicKey;
    return createPublicKey({ key: bytes, format: 'pem' });
  } catch {
    return report(ctx, path, `not a PEM public key or certificate: ${absolute}`);
  }
}

/** Bits of an RSA key, or null for another key type. */
export function rsaBits(key: KeyObject): number | null {
  if (key.asymmetricKeyType !== 'rsa') return null;
  return key.asymmetricKeyDetails?.modulusLength ?? null;
}
