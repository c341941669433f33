/**
 * The reference SKSML client (SKCL) core: signed requests, verified responses, unwrapped keys,
 * failover across the ordered servers, and asynchronous requests (spec/client.md).
 */
import {
  formatSymkeyRequestID,
  isNewKeyRequest,
  parseGlobalKeyID,
  parseSymkeyRequestID,
  type GlobalKeyID,
  type SymkeyRequestID,
} from '../../protocol/model/identifiers.ts';
import { ModelError } from '../../protocol/model/model-error.ts';
import { parseSksmlMessage } from '../../protocol/model/parse/parse-message.ts';
import {
  serializeKeyCachePolicyRequest,
  serializeSymkeyRequest,
} from '../../protocol/model/serialize/serialize-messages.ts';
import type { SymkeyRequest } from '../../protocol/model/symkey-request.ts';
import type { SymkeyResponse } from '../../protocol/model/symkey-response.ts';
import type { SksmlMessageName } from '../../protocol/soap/actions.ts';
import { nextPollNotBefore } from '../../protocol/policy/poll-interval.ts';
import { createReplayCache } from '../../protocol/wss/replay-cache.ts';
import { createEnvelopeSigner } from '../../protocol/wss/sign.ts';
import type { XmlElement } from '../../protocol/xml/tree.ts';
import { ClientError } from '../errors/client-error.ts';
import { exchange } from '../transport/exchange.ts';
import { runWithFailover } from '../transport/failover.ts';
import type { ResolvedEndpoint } from '../transport/server-endpoint.ts';
import { deliverKeys } from './deliver-keys.ts';
import { checkResponseAnswersRequest, type RequestShape } from './match-response.ts';
import { resolveClientOptions, type ClientOptions } from './options.ts';
import type { KeyCachePolicyResult, KeyResults, WorkInProgress } from './results.ts';
import { waitForKeys, type WaitOptions } from './wait-for-keys.ts';
import { verifyAnswer } from './verify-response.ts';

export interface SksmlClient {
  /** One new key of `keyClass` (or of the server's default class) (SKSML-CLT-54). */
  requestNewKey(keyClass?: string): Promise<KeyResults>;
  /** One new key per listed class, in one request (SKSML-CLT-55). */
  requestNewKeys(keyClasses: readonly string[]): Promise<KeyResults>;
  /** An existing key by GlobalKeyID. */
  getKey(globalKeyId: GlobalKeyID | string): Promise<KeyResults>;
  getKeys(globalKeyIds: readonly (GlobalKeyID | string)[]): Promise<KeyResults>;
  getKeyCachePolicy(): Promise<KeyCachePolicyResult>;
  /** Asks about pending requests; refuses to ask early (SKSML-CLT-70, SKSML-CLT-71). */
  poll(requestIds: readonly (SymkeyRequestID | string)[]): Promise<KeyResults>;
  /** Polls, sleeping between rounds, until every request has a key or an error. */
  waitForKeys(requestIds: readonly (SymkeyRequestID | string)[], options?: WaitOptions): Promise<KeyResults>;
  /** Requests still pending (SymkeyWorkInProgress received, no key or error yet). */
  pendingRequests(): readonly WorkInProgress[];
}

function badArgument(message: string, cause?: unknown): ClientError {
  return new ClientError('CLIENT_BAD_ARGUMENT', message, cause === undefined ? {} : { cause });
}

function toGlobalKeyId(value: GlobalKeyID | string): GlobalKeyID {
  let id: GlobalKeyID;
  try {
    id = typeof value === 'string' ? parseGlobalKeyID(value.trim()) : value;
  } catch (e) {
    throw badArgument('not a GlobalKeyID', e);
  }
  if (isNewKeyRequest(id)) throw badArgument('use requestNewKey to ask for a new key');
  return id;
}

function toRequestId(value: SymkeyRequestID | string): SymkeyRequestID {
  try {
    // SKSML-CLT-73: a SymkeyRequestID is its own type, never a GlobalKeyID.
    return typeof value === 'string' ? parseSymkeyRequestID(value.trim()) : value;
  } catch (e) {
    throw badArgument('not a SymkeyRequestID', e);
  }
}

export function createClient(options: ClientOptions): SksmlClient {
  const o = resolveClientOptions(options);
  // SKSML-CLT-53: every request is signed with the client's certificate (WSS profile).
  const sign = createEnvelopeSigner({ certificate: o.certificate, privateKey: o.privateKey });
  const replayCache = createReplayCache({ maxEntries: 10_000 });
  const pending = new Map<string, WorkInProgress>();

  /** One signed exchange, with failover across `servers`; `read` turns the verified payload into T. */
  async function send<T>(
    message: SksmlMessageName,
    payloadXml: string,
    servers: readonly ResolvedEndpoint[],
    read: (payload: XmlElement, server: ResolvedEndpoint) => T,
  ): Promise<T> {
    const outcome = await runWithFailover(
      servers,
      async (server) => {
        const sentAt = o.clock();
        const envelope = sign({ payloadXml, version: o.soapVersion, now: sentAt });
        const answer = await exchange(server, {
          version: o.soapVersion,
          message,
          envelope,
          timeoutMs: o.attemptTimeoutMs,
          maxResponseBytes: o.maxResponseBytes,
        });
        const verified = verifyAnswer(answer, {
          server,
          version: o.soapVersion,
          trustAnchors: o.trustAnchors,
          now: o.clock(),
          sentAt,
          maxSkewSeconds: o.maxSkewSeconds,
          replayCache,
        });
        return read(verified.payload, server);
      },
      {
        retry: o.retry,
        sleep: o.sleep,
        ...(o.onAttemptFailed === undefined ? {} : { onAttemptFailed: o.onAttemptFailed }),
      },
    );
    return outcome.value;
  }

  function parsePayload(
    payload: XmlElement,
    expected: 'SymkeyResponse' | 'KeyCachePolicyResponse',
    server: string,
  ) {
    let parsed;
    try {
      parsed = parseSksmlMessage(payload);
    } catch (e) {
      // A signed answer that does not fit the model is final (it is not a channel failure).
      throw new ClientError(
        'CLIENT_RESPONSE_MALFORMED',
        `the signed response of ${server} is not a valid SKSML message`,
        {
          server,
          cause: e,
          detail: e instanceof ModelError ? e.code : undefined,
          retryable: false,
        },
      );
    }
    if (parsed.type !== expected)
      throw new ClientError(
        'CLIENT_RESPONSE_MISMATCH',
        `${server} answered with ${parsed.type}, not ${expected}`,
        {
          server,
          retryable: false,
          requirement: 'SKSML-CLT-129',
        },
      );
    return parsed;
  }

  function readKeys(payload: XmlElement, server: ResolvedEndpoint, shape: RequestShape): KeyResults {
    const parsed = parsePayload(payload, 'SymkeyResponse', server.name);
    const response = parsed.message as SymkeyResponse;
    checkResponseAnswersRequest(response, shape, server.name);
    const keys = deliverKeys(response.symkeys, server.name, {
      privateKey: o.privateKey,
      allowRsa15: o.allowRsa15,
    });
    const receivedAt = o.clock();
    const work = response.workInProgress.map((w): WorkInProgress => ({
      symkeyRequestId: w.symkeyRequestId,
      requestedGlobalKeyId: w.requestedGlobalKeyId,
      ...(w.requestedKeyClass === undefined ? {} : { requestedKeyClass: w.requestedKeyClass }),
      requestCheckInterval: w.requestCheckInterval,
      notBefore: nextPollNotBefore(w, receivedAt), // SKSML-CLT-70
      server: server.name,
    }));
    // SKSML-CLT-72: results are matched by SymkeyRequestID, whatever their order.
    for (const k of keys) pending.delete(formatSymkeyRequestID(k.symkeyRequestId));
    for (const e of response.errors) pending.delete(formatSymkeyRequestID(e.symkeyRequestId));
    for (const w of work) pending.set(formatSymkeyRequestID(w.symkeyRequestId), w);
    return { keys, pending: work, errors: response.errors, servers: [server.name] };
  }

  function requestXml(request: SymkeyRequest): string {
    return serializeSymkeyRequest(request);
  }

  async function newKeys(keyClasses: readonly string[]): Promise<KeyResults> {
    for (const c of keyClasses)
      if (typeof c !== 'string' || c.length > 255)
        throw badArgument('a KeyClass is a string of at most 255 characters');
    const request: SymkeyRequest = {
      kind: 'keys',
      // SKSML-CLT-54: the new-key sentinel <DomainID>-0-0.
      globalKeyIds: [{ domainId: o.domainId, serverId: 0n, keyId: 0n }],
      ...(keyClasses.length > 0 ? { keyClasses } : {}), // SKSML-CLT-55
      ...(o.sendEncryptionCertificate
        ? { x509EncryptionCertificate: new Uint8Array(o.certificate.raw) }
        : {}), // SKSML-CLT-56
    };
    const shape: RequestShape = { kind: 'new', domainId: o.domainId, keyClasses };
    return send('SymkeyRequest', requestXml(request), o.servers, (p, s) => readKeys(p, s, shape));
  }

  async function existingKeys(ids: readonly (GlobalKeyID | string)[]): Promise<KeyResults> {
    if (ids.length === 0) throw badArgument('at least one GlobalKeyID is required');
    const globalKeyIds = ids.map(toGlobalKeyId);
    const request: SymkeyRequest = {
      kind: 'keys',
      globalKeyIds,
      ...(o.sendEncryptionCertificate
        ? { x509EncryptionCertificate: new Uint8Array(o.certificate.raw) }
        : {}),
    };
    const shape: RequestShape = { kind: 'existing', globalKeyIds };
    return send('SymkeyRequest', requestXml(request), o.servers, (p, s) => readKeys(p, s, shape));
  }

  async function poll(ids: readonly (SymkeyRequestID | string)[]): Promise<KeyResults> {
    if (ids.length === 0) throw badArgument('at least one SymkeyRequestID is required');
    const now = o.clock();
    const byServer = new Map<string, WorkInProgress[]>();
    for (const raw of ids) {
      const id = formatSymkeyRequestID(toRequestId(raw));
      const entry = pending.get(id);
      if (entry === undefined)
        throw new ClientError('CLIENT_POLL_UNKNOWN_REQUEST', `no pending request ${id}`, {
          retryable: false,
        });
      // SKSML-CLT-70: never ask before RequestCheckInterval has elapsed.
      if (now.getTime() < entry.notBefore.getTime())
        throw new ClientError(
          'CLIENT_POLL_TOO_EARLY',
          `request ${id} may be polled from ${entry.notBefore.toISOString()}`,
          {
            retryable: false,
            retryAt: entry.notBefore,
            requirement: 'SKSML-CLT-70',
          },
        );
      const group = byServer.get(entry.server) ?? [];
      if (!group.some((g) => formatSymkeyRequestID(g.symkeyRequestId) === id)) group.push(entry);
      byServer.set(entry.server, group);
    }
    const results: KeyResults[] = [];
    for (const [name, entries] of byServer) {
      // The request ID belongs to the server that issued it: poll that server (SKSML-CLT-132).
      const server = o.servers.filter((s) => s.name === name);
      // SKSML-CLT-71: a poll holds only SymkeyRequestID values.
      const request: SymkeyRequest = {
        kind: 'poll',
        symkeyRequestIds: entries.map((e) => e.symkeyRequestId),
      };
      const shape: RequestShape = { kind: 'poll', pending: entries };
      results.push(await send('SymkeyRequest', requestXml(request), server, (p, s) => readKeys(p, s, shape)));
    }
    return {
      keys: results.flatMap((r) => r.keys),
      pending: results.flatMap((r) => r.pending),
      errors: results.flatMap((r) => r.errors),
      servers: results.flatMap((r) => r.servers),
    };
  }

  const client: SksmlClient = {
    requestNewKey: (keyClass) => newKeys(keyClass === undefined ? [] : [keyClass]),
    requestNewKeys: async (keyClasses) => {
      if (keyClasses.length === 0) throw badArgument('at least one KeyClass is required');
      return newKeys(keyClasses);
    },
    getKey: (id) => existingKeys([id]),
    getKeys: (ids) => existingKeys(ids),
    getKeyCachePolicy: () =>
      send(
        'KeyCachePolicyRequest',
        serializeKeyCachePolicyRequest(),
        o.servers,
        (payload, server): KeyCachePolicyResult => {
          const parsed = parsePayload(payload, 'KeyCachePolicyResponse', server.name);
          if (parsed.type !== 'KeyCachePolicyResponse') throw new Error('unreachable');
          return { policies: parsed.message.keyCachePolicies, server: server.name, receivedAt: o.clock() };
        },
      ),
    poll,
    waitForKeys: async (ids, waitOptions = {}) =>
      waitForKeys(
        ids.map((i) => formatSymkeyRequestID(toRequestId(i))),
        {
          poll,
          pendingOf: (id) => pending.get(id),
          clock: o.clock,
          sleep: waitOptions.sleep ?? o.sleep,
          ...(waitOptions.maxWaitMs === undefined ? {} : { maxWaitMs: waitOptions.maxWaitMs }),
        },
      ),
    pendingRequests: () => [...pending.values()],
  };
  return client;
}
