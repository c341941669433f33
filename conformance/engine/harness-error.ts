import { SksmlError } from '../../protocol/errors/sksml-error.ts';

/**
 * The harness itself cannot go on (a case names an unknown builder, mutation or step, a step the
 * case depends on gave nothing to use, ...). Cases that hit it get status `error`, never `fail`.
 */
export class HarnessError extends SksmlError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
