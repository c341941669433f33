/**
 * createServer(config, deps?): one SKS server instance — its components (openServices), its Hono
 * app, and the operator functions. It opens no port: `sksml server` (or a test) serves `app`.
 *
 * close() is the graceful shutdown: new requests are refused (503), requests in flight finish (up
 * to `drainTimeoutMs`), then the store, key provider, schema validator and signer are released.
 */
import type { Hono } from 'hono';
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import { createApp } from '../app/create-app.ts';
import { createRequestGate } from '../app/request-gate.ts';
import type { ServerConfig } from '../config/server-config.ts';
import { approveRequest, denyRequest } from '../handlers/approve-request.ts';
import { openServices, type ServerDeps } from './open-services.ts';
import type { SksServices } from './services.ts';

export interface SksServer {
  readonly app: Hono;
  readonly services: SksServices;
  /** Approves a pending request (generates and stores its key); the next poll delivers it. */
  approveRequest(id: SymkeyRequestID): Promise<GlobalKeyID>;
  denyRequest(id: SymkeyRequestID): Promise<void>;
  /** Graceful shutdown; resolves once everything is closed. Idempotent. */
  close(options?: { drainTimeoutMs?: number }): Promise<void>;
}

export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

export async function createServer(config: ServerConfig, deps: ServerDeps = {}): Promise<SksServer> {
  const services = await openServices(config, deps);
  const gate = createRequestGate(config.limits.maxConcurrent);
  const app = createApp(services, gate);
  let closing: Promise<void> | undefined;
  services.logger.event('info', {
    event: 'server-ready',
    domainId: config.domainId.toString(),
    serverId: config.serverId.toString(),
    store: config.store.kind,
    keyProvider: services.keyProvider.name,
  });
  return {
    app,
    services,
    approveRequest: (id) => approveRequest(services, id),
    denyRequest: (id) => denyRequest(services, id),
    close(options = {}) {
      closing ??= (async () => {
        const drained = await gate.drain(options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
        services.logger.event(drained ? 'info' : 'warn', { event: 'server-stopping', drained });
        await services.close();
        services.logger.event('info', { event: 'server-stopped' });
      })();
      return closing;
    },
  };
}
