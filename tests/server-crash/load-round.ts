/**
 * One round of the crash test: several concurrent client loops ask a running server process for
 * new keys and record every key whose verified, signed response reached them; once `killAfter`
 * keys have arrived, the server gets SIGKILL while the other loops still have requests in flight.
 * Answers that arrive after the signal still count: they left the server, so the server must
 * have made their keys durable first.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createKeyClient, type KeyClient } from './key-client.ts';
import type { ServerProcess, ServerProcessInfo } from './server-process.ts';

export interface RoundOptions {
  /** Concurrent client loops. */
  readonly loops: number;
  /** Keys received (in this round) after which the server is killed. */
  readonly killAfter: number;
  /** The round kills the server anyway after this long, and reports it (default 15 s). */
  readonly maxMs?: number;
  /** KeyClass lists the loops take turns with (undefined: the server's default class). */
  readonly keyClasses: readonly (readonly string[] | undefined)[];
}

export interface RoundResult {
  /** Requests whose signed SymkeyResponse was received and verified. */
  readonly answered: number;
  /** Requests that were in flight when the signal was sent. */
  readonly inFlightAtKill: number;
  /** Requests that failed after the kill (connection reset or refused): expected. */
  readonly lostAfterKill: number;
  /** Failures before the kill, SymkeyErrors, and GlobalKeyIDs delivered twice: all unexpected. */
  readonly problems: readonly string[];
  /** True when the round hit maxMs before enough keys arrived. */
  readonly timedOut: boolean;
}

/** Opens a client for the dev client of a server process, pinned to that server's certificate. */
export function clientFor(info: ServerProcessInfo): KeyClient {
  return createKeyClient({
    url: info.url,
    certificate: new X509Certificate(readFileSync(info.clientCertificate)),
    privateKey: createPrivateKey(readFileSync(info.clientPrivateKey)),
    trustAnchors: [new X509Certificate(readFileSync(info.caCertificate))],
    serverCertificate: new X509Certificate(readFileSync(info.serverCertificate)),
  });
}

/**
 * Runs the load against `server` until it is killed; adds each received key to `recorded`
 * (GlobalKeyID text → key bytes).
 */
export async function runCrashRound(
  server: ServerProcess,
  recorded: Map<string, Uint8Array>,
  options: RoundOptions,
): Promise<RoundResult> {
  const client = clientFor(server.info);
  const problems: string[] = [];
  let received = 0;
  let answered = 0;
  let inFlight = 0;
  let inFlightAtKill = -1;
  let lostAfterKill = 0;
  let killScheduled = false;
  let killed = false;
  let timedOut = false;

  const kill = (): void => {
    if (killed) return;
    killed = true;
    inFlightAtKill = inFlight;
    server.child.kill('SIGKILL');
  };
  // A small random delay lets the signal land at different points of the server's work.
  const scheduleKill = (): void => {
    if (killScheduled) return;
    killScheduled = true;
    setTimeout(kill, Math.floor(Math.random() * 4));
  };
  const deadline = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.maxMs ?? 15_000);

  const loop = async (index: number): Promise<void> => {
    for (let n = index; !killed; n++) {
      const classes = options.keyClasses[n % options.keyClasses.length];
      inFlight++;
      try {
        const answer = await client.requestNewKeys(server.info.domainId, classes);
        answered++;
        problems.push(...answer.errors.map((e) => `SymkeyError ${e}`));
        for (const key of answer.keys) {
          if (recorded.has(key.globalKeyId)) problems.push(`GlobalKeyID ${key.globalKeyId} delivered twice`);
          recorded.set(key.globalKeyId, key.value);
          received++;
        }
        if (received >= options.killAfter) scheduleKill();
      } catch (error) {
        if (killed) lostAfterKill++;
        else {
          problems.push(`before the kill: ${error instanceof Error ? error.message : String(error)}`);
          if (problems.length > 20) kill();
        }
      } finally {
        inFlight--;
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.loops }, (_, i) => loop(i)));
    await server.exited;
  } finally {
    clearTimeout(deadline);
    client.close();
  }
  return { answered, inFlightAtKill, lostAfterKill, problems, timedOut };
}
