/** What the client hands back: delivered keys, pending requests and per-item errors. */
import { inspect } from 'node:util';
import {
  formatGlobalKeyID,
  formatSymkeyRequestID,
  type GlobalKeyID,
  type SymkeyRequestID,
} from '../../protocol/model/identifiers.ts';
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import type { SymkeyError } from '../../protocol/model/symkey.ts';

/**
 * A verified, unwrapped key. The key bytes are reachable only through `key`; printing or
 * serializing the object never shows them (SKSML-CLT-124).
 */
export class DeliveredKey {
  readonly globalKeyId: GlobalKeyID;
  readonly keyClass: string;
  readonly keyUsePolicy: KeyUsePolicy;
  readonly symkeyRequestId: SymkeyRequestID;
  /** Name of the server that delivered the key. */
  readonly server: string;
  readonly #key: Uint8Array;

  constructor(fields: {
    globalKeyId: GlobalKeyID;
    keyUsePolicy: KeyUsePolicy;
    symkeyRequestId: SymkeyRequestID;
    server: string;
    key: Uint8Array;
  }) {
    this.globalKeyId = fields.globalKeyId;
    this.keyClass = fields.keyUsePolicy.keyClass;
    this.keyUsePolicy = fields.keyUsePolicy;
    this.symkeyRequestId = fields.symkeyRequestId;
    this.server = fields.server;
    this.#key = fields.key;
  }

  /** The symmetric key bytes (the caller may wipe them with `fill(0)` when done). */
  get key(): Uint8Array {
    return this.#key;
  }

  /** Overwrites the key bytes with zeros. */
  wipe(): void {
    this.#key.fill(0);
  }

  toJSON(): Record<string, unknown> {
    return {
      globalKeyId: formatGlobalKeyID(this.globalKeyId),
      keyClass: this.keyClass,
      symkeyRequestId: formatSymkeyRequestID(this.symkeyRequestId),
      server: this.server,
      key: '[redacted]',
    };
  }

  [inspect.custom](): string {
    return `DeliveredKey ${formatGlobalKeyID(this.globalKeyId)} (${this.keyClass}, ${this.#key.length * 8} bits, key redacted)`;
  }
}

/** A request the server is still working on (SymkeyWorkInProgress). */
export interface WorkInProgress {
  readonly symkeyRequestId: SymkeyRequestID;
  readonly requestedGlobalKeyId: GlobalKeyID;
  readonly requestedKeyClass?: string;
  readonly requestCheckInterval: number;
  /** The earliest instant the client may poll (SKSML-CLT-70). */
  readonly notBefore: Date;
  /** The server that must be polled. */
  readonly server: string;
}

/** The answer to a key request or a poll: partial success is normal. */
export interface KeyResults {
  readonly keys: readonly DeliveredKey[];
  readonly pending: readonly WorkInProgress[];
  readonly errors: readonly SymkeyError[];
  /** The server that answered (several for a poll spanning servers). */
  readonly servers: readonly string[];
}

export interface KeyCachePolicyResult {
  readonly policies: readonly KeyCachePolicy[];
  readonly server: string;
  /** The client's clock when the verified answer was accepted. */
  readonly receivedAt: Date;
}
