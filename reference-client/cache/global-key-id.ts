/** The canonical spelling of a GlobalKeyID given as a value or as text. */
import {
  formatGlobalKeyID,
  isNewKeyRequest,
  parseGlobalKeyID,
  type GlobalKeyID,
} from '../../protocol/model/identifiers.ts';
import { KeyCacheError } from './cache-error.ts';

export function canonicalGlobalKeyId(id: GlobalKeyID | string): string {
  try {
    return formatGlobalKeyID(typeof id === 'string' ? parseGlobalKeyID(id) : id);
  } catch (e) {
    throw new KeyCacheError('CACHE_INVALID_ARGUMENT', 'not a valid GlobalKeyID', {
      requirement: 'SKSML-MSG-5',
      cause: e,
    });
  }
}

/** Canonical spelling of a real key's id; the new-key sentinel names no key and is refused. */
export function canonicalKeyId(id: GlobalKeyID | string): string {
  const text = canonicalGlobalKeyId(id);
  if (isNewKeyRequest(parseGlobalKeyID(text)))
    throw new KeyCacheError('CACHE_INVALID_ARGUMENT', 'the new-key sentinel GlobalKeyID names no key', {
      requirement: 'SKSML-MSG-10',
    });
  return text;
}
