/**
 * limits.replayCacheEntries (spec/server-config.md) sizes the server's replay cache
 * (SKSML-WSS-22): a cache full of live entries refuses new requests (fail closed), and the
 * default holds ten minutes of traffic at the reference server's measured peak rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../config/server-config.ts';
import {
  buildSignedRequest,
  readAnswer,
  startServerFixture,
  type ServerFixture,
} from './testing/server-fixture.ts';

const SIZE = 1_000;
let fx: ServerFixture;

beforeAll(async () => {
  fx = await startServerFixture({
    configure: (c) => ({ ...c, limits: { ...c.limits, replayCacheEntries: SIZE } }),
  });
});
afterAll(async () => {
  await fx.cleanup();
});

function newKeyRequest(): Request {
  return buildSignedRequest(fx.client.credential, {
    type: 'SymkeyRequest',
    message: { kind: 'keys', globalKeyIds: [{ domainId: fx.config.domainId, serverId: 0n, keyId: 0n }] },
  });
}

describe('replay cache capacity', () => {
  it('uses the configured size: full of live entries, the next request is refused', async () => {
    const first = await readAnswer(await fx.server.app.fetch(newKeyRequest()), fx.trustAnchors);
    expect(first.kind).toBe('message');
    // Fill the rest with live entries (ten minutes ahead), as 999 other signed requests would.
    const now = Date.now();
    for (let i = fx.server.services.replayCache.size; i < SIZE; i++)
      expect(fx.server.services.replayCache.remember(`filler-${i}`, now + 600_000, now)).toBe('stored');
    const refused = await readAnswer(await fx.server.app.fetch(newKeyRequest()), fx.trustAnchors);
    expect(refused.kind).toBe('fault');
    if (refused.kind !== 'fault') return;
    expect(refused.fault.subcodes.map((s) => s.localName)).toContain('InvalidSecurity');
  });

  it('defaults to ten minutes of traffic at 1,600 requests per second', () => {
    expect(CONFIG_DEFAULTS.limits.replayCacheEntries).toBeGreaterThanOrEqual(600 * 1_600);
  });
});
