/**
 * Test support for the reference client against the reference server (not a test file): a
 * server on a fresh embedded-default data folder (the server's own fixture), reached in-process
 * (app.fetch) or over a socket on 127.0.0.1, and a reference client for the registered dev client,
 * with a clock the tests can move forward (RequestCheckInterval is at least 60 s).
 */
import type { X509Certificate } from 'node:crypto';
import { createClient, type SksmlClient } from '../../reference-client/client/create-client.ts';
import type { ClientOptions } from '../../reference-client/client/options.ts';
import type { ServerEndpoint } from '../../reference-client/transport/server-endpoint.ts';
import type { PkiCredential } from '../../protocol/pki/credential.ts';
import { listenSksServer, type ListeningServer } from '../../reference-server/service/listen.ts';
import {
  startServerFixture,
  type FixtureOptions,
  type ServerFixture,
} from '../../reference-server/service/testing/server-fixture.ts';

/** A clock that runs with real time plus an offset the test (or a sleep) can move forward. */
export interface ShiftedClock {
  (): Date;
  advance(ms: number): void;
  readonly offsetMs: number;
}

export function shiftedClock(): ShiftedClock {
  let offset = 0;
  const clock = (() => new Date(Date.now() + offset)) as ShiftedClock;
  clock.advance = (ms) => {
    offset += ms;
  };
  Object.defineProperty(clock, 'offsetMs', { get: () => offset });
  return clock;
}

export interface ClientSetup {
  readonly credential: PkiCredential;
  readonly trustAnchors: readonly X509Certificate[];
  readonly domainId: bigint;
}

export function setupOf(fx: ServerFixture): ClientSetup {
  return { credential: fx.client.credential, trustAnchors: fx.trustAnchors, domainId: fx.config.domainId };
}

/** The in-process endpoint of a server: its Hono app's fetch. */
export function inProcess(fx: ServerFixture, name = 'in-process'): ServerEndpoint {
  return { name, fetch: (request) => Promise.resolve(fx.server.app.fetch(request)) };
}

export interface ClientUnderTest {
  readonly client: SksmlClient;
  readonly clock: ShiftedClock;
  /** Backoff and wait delays the client asked for, in ms (they advance the clock, never block). */
  readonly sleeps: number[];
}

/** A reference client for the dev client of `setup`; sleeping moves its clock, never blocks. */
export function clientFor(
  setup: ClientSetup,
  servers: readonly ServerEndpoint[],
  overrides: Partial<ClientOptions> = {},
): ClientUnderTest {
  const clock = shiftedClock();
  const sleeps: number[] = [];
  const client = createClient({
    servers,
    credentials: { certificate: setup.credential.certificate, privateKey: setup.credential.privateKey },
    trustAnchors: setup.trustAnchors,
    domainId: setup.domainId,
    clock,
    sleep: (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  return { client, clock, sleeps };
}

export { startServerFixture, listenSksServer };
export type { FixtureOptions, ListeningServer, ServerFixture };
