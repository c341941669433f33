/**
 * Collects the items of one SymkeyResponse (keys, work in progress, errors — written in that order,
 * SKSML-MSG-8) and the facts the audit log records about them.
 */
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { Symkey, SymkeyError, SymkeyWorkInProgress } from '../../protocol/model/symkey.ts';
import { buildSymkeyResponse } from '../../protocol/model/serialize/serialize-messages.ts';
import type { HandlerResult } from './handler-types.ts';
import type { SymkeyErrorCode } from '../errors/symkey-error-codes.ts';
import { toSymkeyError } from '../errors/to-symkey-error.ts';

export class ResponseItems {
  readonly symkeys: Symkey[] = [];
  readonly workInProgress: SymkeyWorkInProgress[] = [];
  readonly errors: SymkeyError[] = [];
  private readonly ids = new Set<string>();

  noteRequested(id: GlobalKeyID): void {
    this.ids.add(formatGlobalKeyID(id));
  }

  addSymkey(symkey: Symkey): void {
    this.symkeys.push(symkey);
    this.ids.add(formatGlobalKeyID(symkey.globalKeyId));
  }

  addWorkInProgress(item: SymkeyWorkInProgress): void {
    this.workInProgress.push(item);
  }

  addError(
    code: SymkeyErrorCode,
    requestId: SymkeyRequestID,
    requested: GlobalKeyID,
    keyClass?: string,
  ): void {
    // SKSML-SRV-45, SKSML-SRV-101: the item echoed, the registry's code and fixed message.
    this.errors.push(
      toSymkeyError(code, {
        symkeyRequestId: requestId,
        requestedGlobalKeyId: requested,
        ...(keyClass === undefined ? {} : { requestedKeyClass: keyClass }),
      }),
    );
  }

  toResult(): HandlerResult {
    const served = this.symkeys.length + this.workInProgress.length;
    const outcome =
      served === 0
        ? 'failure'
        : this.errors.length > 0
          ? 'partial'
          : this.workInProgress.length > 0
            ? 'pending'
            : 'success';
    return {
      payload: buildSymkeyResponse({
        symkeys: this.symkeys,
        workInProgress: this.workInProgress,
        errors: this.errors,
      }),
      outcome,
      errorCode: this.errors[0]?.errorCode ?? null,
      globalKeyIds: [...this.ids],
    };
  }
}
