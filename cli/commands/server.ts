/**
 * `sksml server`: runs the reference SKS server.
 *
 *   sksml server [--config FILE] [--data DIR] [--port N]
 *
 * With --config, the configuration file (spec/server-config.md). Without it, the embedded default
 * on DIR (default ./.sksml): created on first run (dev PKI, dev client, escrow keys, SQLite store),
 * reused later, listening on 127.0.0.1. --port overrides the configured port (0: a free port).
 * SIGTERM or SIGINT stops it gracefully (requests in flight finish, then the store closes); exit 0.
 */
import { ConfigError } from '../../reference-server/config/config-error.ts';
import { loadServerConfig } from '../../reference-server/config/load-server-config.ts';
import type { ServerConfig } from '../../reference-server/config/server-config.ts';
import { ensureDevData, type DevData } from '../../reference-server/dev/ensure-dev-data.ts';
import { registerDevClient } from '../../reference-server/dev/register-dev-client.ts';
import { createServer } from '../../reference-server/service/create-server.ts';
import { listenSksServer } from '../../reference-server/service/listen.ts';
import { type CliIo, UsageError } from '../io.ts';

const USAGE = 'usage: sksml server [--config FILE] [--data DIR] [--port N]';

interface ServerArgs {
  readonly config?: string;
  readonly data?: string;
  readonly port?: number;
}

export function parseServerArgs(args: readonly string[]): ServerArgs {
  const out: { config?: string; data?: string; port?: number } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name !== '--config' && name !== '--data' && name !== '--port')
      throw new UsageError(`unknown argument ${arg.slice(0, 80)}\n${USAGE}`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value\n${USAGE}`);
    const key = name.slice(2) as keyof typeof out;
    if (out[key] !== undefined) throw new UsageError(`${name} given twice\n${USAGE}`);
    if (key === 'port') {
      if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535)
        throw new UsageError(`--port must be 0..65535\n${USAGE}`);
      out.port = Number(value);
    } else out[key] = value;
  }
  if (out.config !== undefined && out.data !== undefined)
    throw new UsageError(
      `--data applies to the embedded default only; the configuration file names its paths\n${USAGE}`,
    );
  return out;
}

/** Resolves when `signals` arrive (SIGTERM/SIGINT by default). Tests pass their own trigger. */
export type StopTrigger = () => Promise<string>;

function processSignals(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

export async function runServer(
  args: string[],
  io: CliIo,
  waitForStop: StopTrigger = processSignals,
): Promise<number> {
  const parsed = parseServerArgs(args);
  let config: ServerConfig;
  let dev: DevData | undefined;
  try {
    if (parsed.config !== undefined) config = loadServerConfig(parsed.config);
    else {
      dev = ensureDevData(parsed.data ?? '.sksml');
      config = dev.config;
    }
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof Error && 'code' in error)) {
      io.err(`sksml server: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const listen = { host: config.listen.host, port: parsed.port ?? config.listen.port };
  const sks = await createServer({ ...config, listen });
  try {
    if (dev !== undefined) await registerDevClient(sks.services.store, dev.clientCertificate);
  } catch (error) {
    await sks.close();
    throw error;
  }
  let listening;
  try {
    listening = await listenSksServer(sks, listen);
  } catch (error) {
    await sks.close();
    io.err(
      `sksml server: cannot listen on ${listen.host}:${listen.port}: ${error instanceof Error ? error.message : ''}\n`,
    );
    return 1;
  }
  const lines = [
    `sksml server listening on ${listening.url}`,
    `DomainID: ${config.domainId}`,
    `ServerID: ${config.serverId}`,
  ];
  if (dev !== undefined) {
    lines.push(
      `data folder: ${dev.dataDir}${dev.created ? ' (created)' : ''}`,
      `server certificate: ${dev.serverCertificate}`,
      `trust anchor (dev CA): ${dev.caCertificate}`,
      `dev client certificate: ${dev.clientCertificate}`,
      `dev client private key: ${dev.clientPrivateKey}`,
    );
  }
  io.out(`${lines.join('\n')}\n`);
  const signal = await waitForStop();
  io.out(`sksml server: ${signal}: stopping (requests in flight finish first)\n`);
  await listening.stop();
  io.out('sksml server: stopped\n');
  return 0;
}
