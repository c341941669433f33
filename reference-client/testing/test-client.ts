/** Test helper: a client of the test PKI's first client credential, with fast, recorded backoff. */
import type { TestPki } from '../../protocol/testkit/pki.ts';
import { createClient, type SksmlClient } from '../client/create-client.ts';
import type { ClientOptions } from '../client/options.ts';
import type { ServerEndpoint } from '../transport/server-endpoint.ts';

export interface TestClient {
  readonly client: SksmlClient;
  /** Every backoff delay the client asked to sleep, in ms. */
  readonly sleeps: number[];
}

export function createTestClient(
  pki: TestPki,
  servers: readonly ServerEndpoint[],
  overrides: Partial<ClientOptions> = {},
): TestClient {
  const sleeps: number[] = [];
  const credential = pki.clients[0];
  if (credential === undefined) throw new Error('the test PKI has no client credential');
  const client = createClient({
    servers,
    credentials: { certificate: credential.certificate, privateKey: credential.privateKey },
    trustAnchors: pki.trustAnchors,
    domainId: 10514n,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  return { client, sleeps };
}
