/**
 * The KeyUsePolicy gate of the reference client: a key is released for one operation only when
 * `evaluateKeyUse` allows it, and only after the next state (first use, encryption counter) has
 * been persisted (SKSML-CLT-57, SKSML-CLT-104, SKSML-CLT-105). Uses of one key are serialized in
 * this process so that two concurrent encryptions cannot both see the same counter.
 */
import type {
  ApplicationContext,
  KeyOperation,
  KeyUseOptions,
  KeyUseRequest,
  KeyUseState,
  LocationContext,
} from '../../protocol/policy/key-use-types.ts';
import type { PermittedLevel } from '../../protocol/model/enumerations.ts';
import { evaluateKeyUse } from '../../protocol/policy/evaluate-key-use.ts';
import { keyAlgorithmSatisfiedBy } from '../data/algorithms.ts';
import type { KeyMaterial } from './key-material.ts';
import type { KeyUseStateStore } from './key-use-state-store.ts';
import { UsableKey } from './usable-key.ts';
import { KeyUnavailableError, KeyUseDeniedError } from './usage-errors.ts';

/** What the application says about the use it is about to make of a key. */
export interface KeyUseContext {
  readonly operation: KeyOperation;
  readonly application?: ApplicationContext;
  readonly level?: PermittedLevel;
  readonly location?: LocationContext;
  readonly use?: string;
  /**
   * The XML Encryption URI the key is about to be used with. A CBC URI must be the policy's
   * KeyAlgorithm; an AES-GCM URI is accepted for the CBC KeyAlgorithm of the same key size unless
   * `strictAlgorithm` (SKSML-CLT-58, spec/client-usage.md §3).
   */
  readonly algorithm?: string;
  readonly strictAlgorithm?: boolean;
  /** IANA zone for dates, days and times; default the key user's zone, else UTC (SKSML-CLT-101). */
  readonly timeZone?: string;
}

export interface KeyUserOptions {
  readonly states: KeyUseStateStore;
  readonly clock?: () => Date;
  readonly timeZone?: string;
  readonly policyOptions?: KeyUseOptions;
}

export interface KeyUser {
  /**
   * Checks one use of `material` and, when allowed, persists the next state and returns a copy of
   * the key. Throws KeyUseDeniedError (nothing persisted, nothing returned) when refused. The
   * caller's `material.key` is left untouched.
   */
  authorize(material: KeyMaterial, context: KeyUseContext): Promise<UsableKey>;
}

const INITIAL: KeyUseState = { encryptionsPerformed: 0n };

function unchanged(before: KeyUseState, after: KeyUseState): boolean {
  return (
    before.encryptionsPerformed === after.encryptionsPerformed &&
    before.firstUseAt?.getTime() === after.firstUseAt?.getTime()
  );
}

export function createKeyUser(options: KeyUserOptions): KeyUser {
  const clock = options.clock ?? ((): Date => new Date());
  const locks = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task on the same key (in this process). */
  function serialized<T>(globalKeyId: string, task: () => Promise<T>): Promise<T> {
    const previous = locks.get(globalKeyId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    locks.set(globalKeyId, tail);
    void tail.then(() => {
      if (locks.get(globalKeyId) === tail) locks.delete(globalKeyId);
    });
    return run;
  }

  async function decide(material: KeyMaterial, context: KeyUseContext): Promise<UsableKey> {
    const id = material.globalKeyId;
    const state = options.states.get(id) ?? INITIAL;
    const timeZone = context.timeZone ?? options.timeZone;
    const request: KeyUseRequest = {
      operation: context.operation,
      at: clock(),
      ...(timeZone === undefined ? {} : { timeZone }),
      // SKSML-CLT-58: the algorithm about to be used, as the KeyAlgorithm it satisfies.
      ...(context.algorithm === undefined
        ? {}
        : { algorithm: keyAlgorithmSatisfiedBy(context.algorithm, context.strictAlgorithm === true) }),
      ...(context.application === undefined ? {} : { application: context.application }),
      ...(context.level === undefined ? {} : { level: context.level }),
      ...(context.location === undefined ? {} : { location: context.location }),
      ...(context.use === undefined ? {} : { use: context.use }),
    };
    // SKSML-CLT-57: every permission of the KeyUsePolicy is examined before the key is used.
    const decision = evaluateKeyUse(material.keyUsePolicy, request, state, options.policyOptions);
    if (!decision.allowed || decision.nextState === undefined)
      throw new KeyUseDeniedError(id, context.operation, decision.violations);
    const next = decision.nextState;
    if (!unchanged(state, next)) {
      try {
        // SKSML-CLT-141 (SKSML-CLT-104, SKSML-CLT-105): persisted BEFORE the key is released, so a
        // crash after this point can lose an operation but never grant one more than allowed.
        await options.states.record(id, next);
      } catch (e) {
        throw new KeyUnavailableError(
          'CLIENT_KEY_STATE_FAILED',
          `the use state of key ${id} could not be persisted; the key is not released`,
          { cause: e, requirement: next.encryptionsPerformed > 0n ? 'SKSML-CLT-105' : 'SKSML-CLT-104' },
        );
      }
    }
    return new UsableKey({
      globalKeyId: id,
      keyUsePolicy: material.keyUsePolicy,
      operation: context.operation,
      state: next,
      source: material.source,
      requirements: decision.requirements,
      key: new Uint8Array(material.key),
    });
  }

  return {
    authorize: (material, context) => serialized(material.globalKeyId, () => decide(material, context)),
  };
}
