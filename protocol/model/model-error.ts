import { SksmlError } from '../errors/sksml-error.ts';
import type { XmlPosition } from '../xml/tree.ts';

/** Stable codes of ModelError. */
export type ModelErrorCode =
  | 'MODEL_UNEXPECTED_ELEMENT'
  | 'MODEL_MISSING_ELEMENT'
  | 'MODEL_UNEXPECTED_ATTRIBUTE'
  | 'MODEL_MISSING_ATTRIBUTE'
  | 'MODEL_UNEXPECTED_TEXT'
  | 'MODEL_INVALID_VALUE'
  | 'MODEL_INVALID_ID'
  | 'MODEL_ANY_NIL_VIOLATION';

/**
 * A message that does not fit the SKSML model (on parse) or a typed value that cannot be
 * written as a valid message (on serialize). `path` names the element, e.g.
 * `/SymkeyResponse/Symkey[2]/KeyUsePolicy/Permissions/PermittedDates`; attribute problems end
 * with `/@name`. Messages never contain key bytes.
 */
export class ModelError extends SksmlError {
  declare readonly code: ModelErrorCode;
  readonly path: string;
  readonly position: XmlPosition | null;

  constructor(
    code: ModelErrorCode,
    detail: string,
    path: string,
    options: { position?: XmlPosition | null; requirement?: string } = {},
  ) {
    const where = options.position
      ? ` (line ${options.position.line}, column ${options.position.column})`
      : '';
    const req = options.requirement ? ` [${options.requirement}]` : '';
    super(
      code,
      `${path}: ${detail}${where}${req}`,
      options.requirement ? { requirement: options.requirement } : undefined,
    );
    this.path = path;
    this.position = options.position ?? null;
  }
}
