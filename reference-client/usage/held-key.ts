/**
 * A key the SKCL obtained (new-key, get-key) without using it. Printing or serializing it never
 * shows the bytes (SKSML-CLT-124); `exportKey` exists for tests and the CLI's `--show-key`.
 */
import { inspect } from 'node:util';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';

export class HeldKey {
  readonly globalKeyId: string;
  readonly keyClass: string;
  readonly keyUsePolicy: KeyUsePolicy;
  readonly source: 'cache' | 'server';
  /** Whether the key is now in the key cache (the KeyCachePolicy decides). */
  readonly cached: boolean;
  readonly #key: Uint8Array;

  constructor(fields: {
    globalKeyId: string;
    keyUsePolicy: KeyUsePolicy;
    source: 'cache' | 'server';
    cached: boolean;
    key: Uint8Array;
  }) {
    this.globalKeyId = fields.globalKeyId;
    this.keyClass = fields.keyUsePolicy.keyClass;
    this.keyUsePolicy = fields.keyUsePolicy;
    this.source = fields.source;
    this.cached = fields.cached;
    this.#key = fields.key;
  }

  /** A copy of the key bytes. Not a use of the key: no KeyUsePolicy check, for tests and tooling. */
  exportKey(): Uint8Array {
    return new Uint8Array(this.#key);
  }

  wipe(): void {
    this.#key.fill(0);
  }

  toJSON(): Record<string, unknown> {
    return {
      globalKeyId: this.globalKeyId,
      keyClass: this.keyClass,
      source: this.source,
      cached: this.cached,
      key: '[redacted]',
    };
  }

  [inspect.custom](): string {
    return `HeldKey ${this.globalKeyId} (${this.keyClass}, key redacted)`;
  }
}
