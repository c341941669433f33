/**
 * A KeyCacheStore in a directory: `index.skc` plus one `<GlobalKeyID>.entry` file per key.
 *
 * - Directory created with mode 0700, files with mode 0600.
 * - Writes are atomic: a temporary file in the same directory is written, fsynced, renamed over
 *   the target, and the directory is fsynced. A crash leaves the old file or the new one.
 * - Reads refuse symbolic links (O_NOFOLLOW) and files over 1 MiB; reads are synchronous because
 *   entries are small and a thread-pool round trip costs more than the read itself.
 * - Leftover temporary files from an interrupted write are removed when the entries are listed.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { KeyCacheError } from './cache-error.ts';
import { checkEntryName, isEntryName, type KeyCacheStore } from './key-cache-store.ts';

const INDEX_FILE = 'index.skc';
const ENTRY_SUFFIX = '.entry';
const TEMP_SUFFIX = '.tmp';
const MAX_FILE_BYTES = 1024 * 1024;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

function storeFailed(action: string, cause: unknown): KeyCacheError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
  return new KeyCacheError('CACHE_STORE_FAILED', `key cache store: cannot ${action} (${code})`, { cause });
}

/** Reads a regular file of at most MAX_FILE_BYTES; undefined when it does not exist. */
function readSmallFile(path: string): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A symbolic link (ELOOP) or an unreadable file is not a usable entry: empty bytes are refused
    // by the verifier like any other damaged file.
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') return new Uint8Array(0);
    throw storeFailed('read a cache file', e);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return new Uint8Array(0);
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < buffer.length) {
      const n = readSync(fd, buffer, offset, buffer.length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

/** Runs a synchronous read so that a throw becomes a rejection. */
function attempt<T>(read: () => T): Promise<T> {
  return new Promise((resolve) => resolve(read()));
}

export interface FileKeyCacheStoreOptions {
  /** fsync files and the directory on every write (default true; tests may turn it off). */
  readonly durable?: boolean;
}

export async function createFileKeyCacheStore(
  directory: string,
  options: FileKeyCacheStoreOptions = {},
): Promise<KeyCacheStore> {
  const durable = options.durable ?? true;
  try {
    await mkdir(directory, { recursive: true, mode: DIR_MODE });
  } catch (e) {
    throw storeFailed('create the cache directory', e);
  }

  async function syncDirectory(): Promise<void> {
    if (!durable) return;
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async function writeAtomically(fileName: string, bytes: Uint8Array): Promise<void> {
    const target = join(directory, fileName);
    const temp = join(directory, `.${fileName}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    try {
      const handle = await open(temp, 'wx', FILE_MODE);
      try {
        await handle.writeFile(bytes);
        if (durable) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      await syncDirectory();
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw storeFailed('write a cache file', e);
    }
  }

  async function removeFile(fileName: string): Promise<void> {
    try {
      await unlink(join(directory, fileName));
      await syncDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw storeFailed('delete a cache file', e);
    }
  }

  async function names(): Promise<string[]> {
    try {
      return await readdir(directory);
    } catch (e) {
      throw storeFailed('list the cache directory', e);
    }
  }

  return {
    description: directory,
    readIndex: () => attempt(() => readSmallFile(join(directory, INDEX_FILE))),
    writeIndex: (bytes) => writeAtomically(INDEX_FILE, bytes),
    async listEntries() {
      const all = await names();
      for (const name of all)
        if (name.startsWith('.') && name.endsWith(TEMP_SUFFIX))
          await rm(join(directory, name), { force: true }).catch(() => undefined);
      return all
        .filter((n) => n.endsWith(ENTRY_SUFFIX))
        .map((n) => n.slice(0, -ENTRY_SUFFIX.length))
        .filter(isEntryName);
    },
    readEntry: (name) => attempt(() => readSmallFile(join(directory, checkEntryName(name) + ENTRY_SUFFIX))),
    writeEntry: (name, bytes) => writeAtomically(checkEntryName(name) + ENTRY_SUFFIX, bytes),
    deleteEntry: (name) => removeFile(checkEntryName(name) + ENTRY_SUFFIX),
    async clear() {
      for (const name of await names())
        if (name === INDEX_FILE || name.endsWith(ENTRY_SUFFIX) || name.endsWith(TEMP_SUFFIX))
          await rm(join(directory, name), { force: true });
      await syncDirectory();
    },
  };
}
