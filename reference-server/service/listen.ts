/**
 * Serving an SKS server on a TCP socket with @hono/node-server. stop() is the graceful shutdown:
 * the socket stops accepting, requests in flight finish, then the server's components close
 * (store last). Idle keep-alive connections are closed so the process can exit, and queued log
 * lines are written.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { SksServer } from './create-server.ts';
import { flushStdoutLines } from './stdout-lines.ts';

export interface ListeningServer {
  /** The SKS endpoint, e.g. http://127.0.0.1:43117/sks. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
}

export function listenSksServer(
  sks: SksServer,
  listen: { host: string; port: number },
): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const http = serve(
      { fetch: sks.app.fetch, hostname: listen.host, port: listen.port },
      (info: AddressInfo) => {
        settled = true;
        const host = info.address.includes(':') ? `[${info.address}]` : info.address;
        let stopping: Promise<void> | undefined;
        resolve({
          url: `http://${host}:${info.port}/sks`,
          port: info.port,
          host: info.address,
          stop(options = {}) {
            stopping ??= (async () => {
              const closed = new Promise<void>((done) => http.close(() => done()));
              http.closeIdleConnections();
              await sks.close(options);
              http.closeAllConnections();
              await closed;
              // Request log lines still queued go out before stop() resolves.
              flushStdoutLines();
            })();
            return stopping;
          },
        });
      },
    ) as Server;
    http.once('error', (error) => {
      if (!settled) reject(error);
    });
  });
}
