/**
 * SKSML identifiers as parsed values. Each part is an unsigned 64-bit number written in decimal
 * without leading zeros (the project's canonical spelling; the draft schema patterns would also
 * accept leading zeros and 20-digit values above 2^64-1, see sksml-facts §10 items 12-14).
 */

/** Largest value of any identifier part: 2^64 - 1. */
export const MAX_ID_PART = 18446744073709551615n;

/** DomainID-ServerID-KeyID. ServerID 0 with KeyID 0 is the new-key sentinel. */
export interface GlobalKeyID {
  readonly domainId: bigint;
  readonly serverId: bigint;
  readonly keyId: bigint;
}

/** DomainID-ServerID-RequestID of an asynchronous request; no part is zero. */
export interface SymkeyRequestID {
  readonly domainId: bigint;
  readonly serverId: bigint;
  readonly requestId: bigint;
}

/** DomainID-LocalID, both parts 1..2^64-1 (KeyUsePolicyID, KeyCachePolicyID, ApplicationID). */
export interface TwoPartID {
  readonly domainId: bigint;
  readonly localId: bigint;
}

export type KeyUsePolicyID = TwoPartID;
export type KeyCachePolicyID = TwoPartID;
export type ApplicationID = TwoPartID;

/** Why an identifier string was refused (a short English reason, safe to show to peers). */
export class InvalidIdentifierError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidIdentifierError';
  }
}

const PART = /^(?:0|[1-9][0-9]{0,19})$/;

function parsePart(text: string, min: bigint, what: string): bigint {
  if (!PART.test(text)) {
    if (/^[0-9]+$/.test(text)) {
      throw new InvalidIdentifierError(
        text.length > 20 ? `${what} has more than 20 digits` : `${what} has a leading zero`,
      );
    }
    throw new InvalidIdentifierError(`${what} is not a decimal number`);
  }
  const value = BigInt(text);
  if (value > MAX_ID_PART) throw new InvalidIdentifierError(`${what} exceeds 18446744073709551615`);
  if (value < min) throw new InvalidIdentifierError(`${what} must not be zero`);
  return value;
}

function splitParts(text: string, count: number, type: string): string[] {
  const parts = text.split('-');
  if (parts.length !== count)
    throw new InvalidIdentifierError(`${type} must have ${count} hyphen-separated parts`);
  return parts;
}

function checkPart(value: bigint, min: bigint, what: string): void {
  if (typeof value !== 'bigint' || value < min || value > MAX_ID_PART)
    throw new InvalidIdentifierError(`${what} is out of range`);
}

/** Parses `DomainID-ServerID-KeyID`; each part 0..2^64-1. Throws InvalidIdentifierError. */
export function parseGlobalKeyID(text: string): GlobalKeyID {
  const [d = '', s = '', k = ''] = splitParts(text, 3, 'GlobalKeyID');
  return {
    domainId: parsePart(d, 0n, 'DomainID'),
    serverId: parsePart(s, 0n, 'ServerID'),
    keyId: parsePart(k, 0n, 'KeyID'),
  };
}

export function formatGlobalKeyID(id: GlobalKeyID): string {
  checkPart(id.domainId, 0n, 'DomainID');
  checkPart(id.serverId, 0n, 'ServerID');
  checkPart(id.keyId, 0n, 'KeyID');
  return `${id.domainId}-${id.serverId}-${id.keyId}`;
}

/** Parses `DomainID-ServerID-RequestID`; each part 1..2^64-1 (SKSML-MSG-6). */
export function parseSymkeyRequestID(text: string): SymkeyRequestID {
  const [d = '', s = '', r = ''] = splitParts(text, 3, 'SymkeyRequestID');
  return {
    domainId: parsePart(d, 1n, 'DomainID'),
    serverId: parsePart(s, 1n, 'ServerID'),
    requestId: parsePart(r, 1n, 'RequestID'),
  };
}

export function formatSymkeyRequestID(id: SymkeyRequestID): string {
  checkPart(id.domainId, 1n, 'DomainID');
  checkPart(id.serverId, 1n, 'ServerID');
  checkPart(id.requestId, 1n, 'RequestID');
  return `${id.domainId}-${id.serverId}-${id.requestId}`;
}

/** Parses `DomainID-LocalID`; both parts 1..2^64-1 (SKSML-MSG-30). */
export function parseTwoPartID(text: string): TwoPartID {
  const [d = '', l = ''] = splitParts(text, 2, 'two-part ID');
  return { domainId: parsePart(d, 1n, 'DomainID'), localId: parsePart(l, 1n, 'local ID') };
}

export function formatTwoPartID(id: TwoPartID): string {
  checkPart(id.domainId, 1n, 'DomainID');
  checkPart(id.localId, 1n, 'local ID');
  return `${id.domainId}-${id.localId}`;
}

export const parseKeyUsePolicyID = parseTwoPartID;
export const formatKeyUsePolicyID = formatTwoPartID;
export const parseKeyCachePolicyID = parseTwoPartID;
export const formatKeyCachePolicyID = formatTwoPartID;
export const parseApplicationID = parseTwoPartID;
export const formatApplicationID = formatTwoPartID;

/** The new-key sentinel `<DomainID>-0-0`: ServerID and KeyID both zero (SKSML-CLT-54, SKSML-SRV-40). */
export function isNewKeyRequest(id: GlobalKeyID): boolean {
  return id.serverId === 0n && id.keyId === 0n;
}

/** The sentinel GlobalKeyID that asks a server of `domainId` for a new key. */
export function newKeyGlobalKeyID(domainId: bigint): GlobalKeyID {
  return { domainId, serverId: 0n, keyId: 0n };
}

export function sameGlobalKeyID(a: GlobalKeyID, b: GlobalKeyID): boolean {
  return a.domainId === b.domainId && a.serverId === b.serverId && a.keyId === b.keyId;
}

export function sameSymkeyRequestID(a: SymkeyRequestID, b: SymkeyRequestID): boolean {
  return a.domainId === b.domainId && a.serverId === b.serverId && a.requestId === b.requestId;
}

export function sameTwoPartID(a: TwoPartID, b: TwoPartID): boolean {
  return a.domainId === b.domainId && a.localId === b.localId;
}
