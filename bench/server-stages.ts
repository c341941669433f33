/**
 * The stages of a server CPU profile for the issue-4 benchmark (tests/server-crash/
 * cpu-profile-stages.ts): the three operations of the crypto floor first, then the other
 * cryptography, SQLite, and the pipeline stages by function, then HTTP and GC; the code areas
 * (`nearest`) take what is left by the folder of the running function. The parts are disjoint.
 */
import type { StageRule } from '../tests/server-crash/cpu-profile-stages.ts';

type Frame = Parameters<StageRule['matches']>[0];

const named =
  (...names: string[]) =>
  (f: Frame): boolean =>
    names.includes(f.functionName);
const inUrl =
  (...parts: string[]) =>
  (f: Frame): boolean =>
    parts.some((p) => f.url.includes(p));

export const SERVER_STAGES: readonly StageRule[] = [
  { label: 'RSA-2048 sign (response signature; floor)', matches: named('signOneShot') },
  { label: 'RSA verify (request signature; floor)', matches: named('verifyOneShot') },
  {
    label: 'RSA-OAEP wraps (client key transport: floor; 2 escrow copies) and AES-GCM',
    matches: inUrl('node:internal/crypto/cipher'),
  },
  { label: 'HMAC and SHA-256 (row seals, journal, digests)', matches: inUrl('node:internal/crypto/hash') },
  {
    label: 'SQLite (statements, COMMIT with fsync)',
    matches: (f) =>
      f.url.includes('/better-sqlite3/') ||
      (f.url.endsWith('sqlite-database.ts') && ['run', 'all', 'exec', 'prepare'].includes(f.functionName)),
  },
  { label: 'intake: hardened XML parse', matches: named('readRequestDocument') },
  { label: 'SOAP envelope and binding checks', matches: named('readRequestEnvelope', 'decideBinding') },
  { label: 'WS-Security verify (c14n, digests, token, chain)', matches: named('verifyRequestSignature') },
  { label: 'client identification', matches: named('identifyClient') },
  { label: 'schema and semantic validation', matches: named('validatePayload') },
  {
    label: 'response: payload, envelope, c14n, serialize',
    matches: named('buildSignedResponse', 'buildSignedFault'),
  },
  { label: 'audit log', matches: inUrl('/reference-server/audit/', 'audit-stage.ts'), nearest: true },
  {
    // Prepared BEGIN/SAVEPOINT/RELEASE/COMMIT run in small closures of sqlite-database.ts.
    label: 'SQLite transaction control (SAVEPOINT, COMMIT incl. fsync wait)',
    matches: (f) => f.url.endsWith('sqlite-database.ts'),
    nearest: true,
  },
  {
    label: 'store logic (rows, journal, sealing, group commit)',
    matches: inUrl('/reference-server/store/', '/reference-server/integrity/'),
    nearest: true,
  },
  {
    label: 'handler (keys, escrow, policy, delivery)',
    matches: inUrl(
      '/reference-server/handlers/',
      '/reference-server/escrow/',
      '/reference-server/keys/',
      '/reference-server/service/key-sealing',
      '/protocol/model/',
      '/protocol/keytransport/',
    ),
    nearest: true,
  },
  { label: 'request log', matches: inUrl('request-log.ts', 'stdout-lines.ts') },
  {
    label: 'pipeline glue (route, gate, transaction per request)',
    matches: inUrl('/reference-server/app/', '/reference-server/pipeline/'),
    nearest: true,
  },
  { label: 'garbage collector', matches: named('(garbage collector)') },
  {
    label: 'HTTP (node:http, sockets, Hono)',
    matches: (f) =>
      f.functionName === 'writev' ||
      [
        'node:_http',
        'node:net',
        'node:internal/stream',
        'node:internal/webstreams',
        'undici',
        '/hono/',
        '@hono',
      ].some((p) => f.url.includes(p)),
    nearest: true,
  },
];
