/**
 * Item-level failures: a SymkeyError for one requested item, with the registry's fixed
 * ErrorMessage (SKSML-SRV-101), inside an otherwise normal SymkeyResponse (SKSML-SRV-102).
 */
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import { CertificateError } from '../../protocol/pki/certificate-error.ts';
import { KeyTransportError } from '../../protocol/keytransport/key-transport-error.ts';
import type { SymkeyError } from '../../protocol/model/symkey.ts';
import { symkeyErrorEntry, type SymkeyErrorCode } from './symkey-error-codes.ts';

/** The request item a SymkeyError answers (SKSML-SRV-45, SKSML-SRV-48). */
export interface SymkeyErrorItem {
  /** The SymkeyRequestID the server assigned to the item (or the polled one). */
  readonly symkeyRequestId: SymkeyRequestID;
  readonly requestedGlobalKeyId: GlobalKeyID;
  /** For new-key items: the KeyClass asked for (or the default class used). */
  readonly requestedKeyClass?: string;
}

/** A SymkeyError for `item` with the fixed message of `code`. */
export function toSymkeyError(code: SymkeyErrorCode, item: SymkeyErrorItem): SymkeyError {
  // SKSML-SRV-101: ErrorCode from the registry, ErrorMessage fixed per code.
  const entry = symkeyErrorEntry(code);
  return {
    symkeyRequestId: item.symkeyRequestId,
    requestedGlobalKeyId: item.requestedGlobalKeyId,
    ...(item.requestedKeyClass !== undefined ? { requestedKeyClass: item.requestedKeyClass } : {}),
    errorCode: entry.code,
    errorMessage: entry.message,
  };
}

/**
 * The item of a poll (SKSML-SRV-109): the polled SymkeyRequestID and, as RequestedGlobalKeyID,
 * the original request's GlobalKeyID when the request is known and belongs to the client, else
 * the new-key sentinel of the polled ID's domain (SymkeyError requires a GlobalKeyID; §10 item 30).
 */
// SKSML-SRV-109
export function pollItem(
  polled: SymkeyRequestID,
  original?: { readonly requestedGlobalKeyId: GlobalKeyID; readonly requestedKeyClass?: string },
): SymkeyErrorItem {
  if (original !== undefined)
    return {
      symkeyRequestId: polled,
      requestedGlobalKeyId: original.requestedGlobalKeyId,
      ...(original.requestedKeyClass !== undefined ? { requestedKeyClass: original.requestedKeyClass } : {}),
    };
  return {
    symkeyRequestId: polled,
    requestedGlobalKeyId: { domainId: polled.domainId, serverId: 0n, keyId: 0n },
  };
}

/**
 * The code for an exception raised while serving one item: certificate and key-wrapping failures
 * concern the encryption certificate; everything else is SKS-INTERNAL (details stay in the log).
 */
export function symkeyErrorCodeFor(error: unknown): SymkeyErrorCode {
  if (error instanceof CertificateError) return 'SKS-INVALID-ENCRYPTION-CERTIFICATE';
  if (
    error instanceof KeyTransportError &&
    (error.code === 'KEYTRANSPORT_BAD_KEY' || error.code === 'KEYTRANSPORT_KEY_LENGTH')
  )
    return 'SKS-INVALID-ENCRYPTION-CERTIFICATE';
  return 'SKS-INTERNAL';
}
