/** SymkeyResponse from the tree (SKSML-MSG-8). */
import type { XmlElement } from '../../xml/tree.ts';
import { ModelError } from '../model-error.ts';
import type { SymkeyResponse } from '../symkey-response.ts';
import { parseSymkey, parseSymkeyError, parseSymkeyWorkInProgress } from './parse-symkey.ts';
import { SequenceReader, checkAttributes, sksml } from './reader.ts';
import { expectRoot } from './root.ts';

/**
 * Keys, then work-in-progress entries, then errors, at least one item in all. The draft schema's
 * wildcard branch (which would allow an empty or foreign-content response) is not accepted.
 */
export function parseSymkeyResponse(root: XmlElement): SymkeyResponse {
  const at = expectRoot(root, 'SymkeyResponse');
  checkAttributes(at);
  const r = new SequenceReader(at, ['Symkey', 'SymkeyWorkInProgress', 'SymkeyError'].map(sksml));
  const symkeys = r.repeated(sksml('Symkey'), 0).map(parseSymkey);
  const workInProgress = r.repeated(sksml('SymkeyWorkInProgress'), 0).map(parseSymkeyWorkInProgress);
  const errors = r.repeated(sksml('SymkeyError'), 0).map(parseSymkeyError);
  // SKSML-MSG-8: order Symkey -> SymkeyWorkInProgress -> SymkeyError.
  r.end('SKSML-MSG-8');
  if (symkeys.length + workInProgress.length + errors.length === 0)
    throw new ModelError(
      'MODEL_MISSING_ELEMENT',
      'a SymkeyResponse needs at least one Symkey, SymkeyWorkInProgress or SymkeyError',
      `${at.path}/Symkey`,
      {
        position: root.position,
        requirement: 'SKSML-MSG-8',
      },
    );
  return { symkeys, workInProgress, errors };
}
