/**
 * A key released by the KeyUsePolicy check. The bytes are reachable only through `key`; printing
 * or serializing the object never shows them (SKSML-CLT-124).
 */
import { inspect } from 'node:util';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import type { KeyOperation, KeyUseState } from '../../protocol/policy/key-use-types.ts';

export class UsableKey {
  readonly globalKeyId: string;
  readonly keyClass: string;
  readonly keyUsePolicy: KeyUsePolicy;
  readonly operation: KeyOperation;
  /** The persisted state after this use (first use recorded, encryptions counted). */
  readonly state: KeyUseState;
  readonly source: 'cache' | 'server';
  /** The requirement IDs the decision applied. */
  readonly requirements: readonly string[];
  readonly #key: Uint8Array;

  constructor(fields: {
    globalKeyId: string;
    keyUsePolicy: KeyUsePolicy;
    operation: KeyOperation;
    state: KeyUseState;
    source: 'cache' | 'server';
    requirements: readonly string[];
    key: Uint8Array;
  }) {
    this.globalKeyId = fields.globalKeyId;
    this.keyClass = fields.keyUsePolicy.keyClass;
    this.keyUsePolicy = fields.keyUsePolicy;
    this.operation = fields.operation;
    this.state = fields.state;
    this.source = fields.source;
    this.requirements = fields.requirements;
    this.#key = fields.key;
  }

  /** The key bytes (a copy owned by this object). */
  get key(): Uint8Array {
    return this.#key;
  }

  /** Overwrites the key bytes with zeros. */
  wipe(): void {
    this.#key.fill(0);
  }

  toJSON(): Record<string, unknown> {
    return {
      globalKeyId: this.globalKeyId,
      keyClass: this.keyClass,
      operation: this.operation,
      source: this.source,
      key: '[redacted]',
    };
  }

  [inspect.custom](): string {
    return `UsableKey ${this.globalKeyId} (${this.keyClass}, ${this.operation}, key redacted)`;
  }
}
