/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp dir (as the `postgres` user when
 * running as root), listening on 127.0.0.1 and a free port, fsync off (tests only), one database
 * created. `stop()` shuts it down and removes the directory. One cluster per test file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface ThrowawayPostgres {
  /** Connection string of the database created at start. */
  readonly connectionString: string;
  readonly port: number;
  /** Creates another empty database and returns its connection string (about 0.5 s each). */
  createDatabase(name: string): Promise<string>;
  /**
   * Creates an empty schema in the main database and returns a connection string whose
   * search_path is that schema: a fresh, isolated store in a few milliseconds.
   */
  createSchema(name: string): Promise<string>;
  /** Stops the server abruptly (like a crash: `pg_ctl stop -m immediate`) and starts it again. */
  crashAndRestart(): void;
  stop(): void;
}

/** The directory holding initdb and pg_ctl: $PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv !== undefined && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => /^[0-9]+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(base, versions[0], 'bin');
}

/** True when a cluster can be started here (binaries present; root needs the postgres user). */
export function hasPostgres(): boolean {
  const bin = findPostgresBin();
  if (bin === null) return false;
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0)
    return false;
  return spawnSync(join(bin, 'initdb'), ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function runAsPostgres(command: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const file = asRoot ? 'runuser' : command;
  const argv = asRoot ? ['-u', 'postgres', '--', command, ...args] : args;
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

export async function startThrowawayPostgres(database = 'sksml_test'): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin();
  if (bin === null) throw new Error('PostgreSQL binaries not found (set PG_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'sksml-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=on`;
  const start = (): void =>
    runAsPostgres(pgCtl, [
      'start',
      '-w',
      '-t',
      '30',
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-o',
      options,
    ]);
  try {
    runAsPostgres(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const urlFor = (name: string): string => `postgres://postgres@127.0.0.1:${port}/${name}`;
  let stopped = false;
  const handle: ThrowawayPostgres = {
    connectionString: urlFor(database),
    port,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async createSchema(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad schema name ${name}`);
      const client = new pg.Client({ connectionString: urlFor(database) });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${name}`);
      } finally {
        await client.end();
      }
      return `${urlFor(database)}?options=${encodeURIComponent(`-c search_path=${name}`)}`;
    },
    crashAndRestart() {
      runAsPostgres(pgCtl, ['stop', '-m', 'immediate', '-D', data]);
      start();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsPostgres(pgCtl, ['stop', '-m', 'immediate', '-D', data]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    await handle.createDatabase(database);
  } catch (error) {
    handle.stop();
    throw error;
  }
  return handle;
}
