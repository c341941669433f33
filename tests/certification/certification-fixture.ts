/**
 * The reference server as a certification target, in-process (app.fetch): the same setup `sksml
 * start` certifies (openCertificationSetup), on a private copy of one data folder so each server
 * (correct or defective) starts from the same dev PKI without paying for new RSA keys.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCertificationSetup } from '../../cli/commands/start.ts';
import {
  ALL_CASES,
  createFetchTarget,
  runSuite,
  type ConformanceProfile,
  type RunResult,
  type Target,
} from '../../conformance/index.ts';
import type { DefectSwitches } from '../../reference-server/defects/index.ts';
import { createMemoryLogger } from '../../reference-server/service/request-log.ts';
import type { SksServer } from '../../reference-server/service/create-server.ts';

export interface CertificationTarget {
  readonly server: SksServer;
  readonly target: Target;
  readonly profile: ConformanceProfile;
  /** Runs ALL_CASES (or only `only`) against this server. */
  run(only?: readonly string[]): Promise<RunResult>;
  close(): Promise<void>;
}

export interface CertificationBench {
  /** A server on a fresh copy of the shared data folder, with `defects` switched on (none: correct). */
  open(defects?: DefectSwitches): Promise<CertificationTarget>;
  dispose(): Promise<void>;
}

/** Creates the shared data folder once (dev PKI, escrow keys, conformance clients, store). */
export async function createCertificationBench(): Promise<CertificationBench> {
  const root = mkdtempSync(join(tmpdir(), 'sksml-certification-'));
  const template = join(root, 'template');
  // First opening creates every file and registers the clients; the copies start from there.
  const first = await openCertificationSetup(template, { logger: createMemoryLogger() });
  await first.server.close({ drainTimeoutMs: 1_000 });
  let copies = 0;
  return {
    async open(defects) {
      const dir = join(root, `copy-${++copies}`);
      cpSync(template, dir, { recursive: true });
      const setup = await openCertificationSetup(dir, {
        logger: createMemoryLogger(),
        ...(defects === undefined ? {} : { defects }),
      });
      const target = createFetchTarget('reference', (request) => setup.server.app.fetch(request));
      return {
        server: setup.server,
        target,
        profile: setup.profile,
        run: (only) => runSuite(ALL_CASES, target, setup.profile, only === undefined ? {} : { only }),
        async close() {
          await setup.server.close({ drainTimeoutMs: 1_000 });
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}
