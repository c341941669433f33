/**
 * The registry of SymkeyError codes the reference server uses (spec/error-registry.md, and the
 * same data in spec/error-registry.json). Each code has one fixed ErrorMessage: the server never
 * puts exception text, paths or key material into a SymkeyError.
 *
 * Format: `SKS-` followed by upper-case words joined by hyphens, at most 64 characters. Codes are
 * mnemonic rather than numeric (the only known sample, `SKS-100004`, is numeric) because clients
 * branch on them and people read them in logs; they keep the `SKS-` prefix of that sample.
 */

export interface SymkeyErrorCodeEntry {
  /** The ErrorCode value. */
  readonly code: string;
  /** The ErrorMessage value, fixed (at most 1024 characters, SKSML-MSG-12). */
  readonly message: string;
  /** What the code means, for people. */
  readonly meaning: string;
  /** When the server uses it. */
  readonly appliesWhen: string;
  /** What a client should do. */
  readonly clientAction: string;
  /** Requirement IDs the code enforces. */
  readonly requirements: readonly string[];
  /** Codes other servers are known to use for the same condition (informative). */
  readonly legacyAliases?: readonly string[];
}

export const SYMKEY_ERROR_CODE_PATTERN = /^SKS-[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

export const SYMKEY_ERROR_CODES = [
  {
    code: 'SKS-UNKNOWN-KEY',
    message: 'The requested key does not exist',
    meaning: 'The GlobalKeyID names no key this server (or its shared store) holds.',
    appliesWhen:
      'An existing-key GlobalKeyID of the server domain whose ServerID-KeyID is not in the store (including a KeyID above the sequence, and a ServerID no server of the domain used).',
    clientAction: 'Do not retry the same ID; check where the ID came from.',
    requirements: ['SKSML-SRV-41', 'SKSML-SRV-45', 'SKSML-SRV-106'],
  },
  {
    code: 'SKS-UNAUTHORIZED',
    message: 'The client is not authorized for the requested key',
    meaning: 'The key exists but the authorization rules do not let this client have it.',
    appliesWhen:
      'An existing key whose owner is another client, when the mode is "owner", or "owner-or-group" and the two clients share no group.',
    clientAction: 'Ask the key owner or an administrator for group membership; do not retry unchanged.',
    requirements: ['SKSML-SRV-41', 'SKSML-SRV-45', 'SKSML-SRV-106'],
    legacyAliases: ['SKS-100004'],
  },
  {
    code: 'SKS-UNKNOWN-KEY-CLASS',
    message: 'The requested key class is not configured',
    meaning: 'A KeyClass of the request names no configured key class.',
    appliesWhen:
      'A new-key request lists a KeyClass (compared exactly, case-sensitive) that the server does not configure.',
    clientAction: 'Use a key class the administrator configured; the KeyCachePolicyResponse lists them.',
    requirements: ['SKSML-SRV-42', 'SKSML-SRV-45', 'SKSML-SRV-107'],
  },
  {
    code: 'SKS-POLICY-INACTIVE',
    message: 'The key use policy of the requested key class is inactive',
    meaning: 'New keys of this class are not issued because its KeyUsePolicy has Status Inactive.',
    appliesWhen:
      'A new-key request for a class whose KeyUsePolicy Status is Inactive. Existing keys of such a class are still delivered (with the Inactive policy), so data can be decrypted.',
    clientAction: 'Use another key class; an administrator must reactivate the policy.',
    requirements: ['SKSML-SRV-45', 'SKSML-SRV-108'],
  },
  {
    code: 'SKS-UNKNOWN-REQUEST-ID',
    message: 'The SymkeyRequestID is not a pending request of this client',
    meaning: 'A polled SymkeyRequestID is unknown, was issued to another client, or was already delivered.',
    appliesWhen:
      'A poll (SymkeyRequest with SymkeyRequestID) for an ID the server never issued, issued to another client, or whose key was already delivered.',
    clientAction: 'Stop polling this ID; send a new request if the key is still needed.',
    requirements: ['SKSML-SRV-45', 'SKSML-SRV-109'],
  },
  {
    code: 'SKS-REQUEST-DENIED',
    message: 'The request was denied by an administrator',
    meaning: 'A request that needed approval was denied.',
    appliesWhen: 'A poll for a request of an approval-requiring class after an officer denied it.',
    clientAction: 'Stop polling this ID; contact the administrator.',
    requirements: ['SKSML-SRV-45', 'SKSML-SRV-109'],
  },
  {
    code: 'SKS-INVALID-ENCRYPTION-CERTIFICATE',
    message: 'The encryption certificate cannot be used for this client',
    meaning: 'The key cannot be encrypted for the certificate the server would use.',
    appliesWhen:
      'The request X509EncryptionCertificate does not chain to the trust anchors, is outside its validity period, does not allow keyEncipherment, has no RSA key of at least 2048 bits, or has a subject other than the authenticated client certificate; or key wrapping for the chosen certificate failed.',
    clientAction:
      'Send a certificate issued to the same subject by the configured CA, or omit it to use the registered certificate.',
    requirements: ['SKSML-SRV-39', 'SKSML-SRV-45', 'SKSML-SRV-110'],
  },
  {
    code: 'SKS-DOMAIN-MISMATCH',
    message: 'The GlobalKeyID belongs to another domain',
    meaning: 'The DomainID of the requested GlobalKeyID is not the server domain.',
    appliesWhen:
      'Any GlobalKeyID (new-key sentinel or existing key) whose DomainID differs from the configured domainId.',
    clientAction: 'Send the request to a server of that domain.',
    requirements: ['SKSML-SRV-45', 'SKSML-SRV-50', 'SKSML-SRV-111'],
  },
  {
    code: 'SKS-INTERNAL',
    message: 'The server could not process this item',
    meaning:
      'An internal failure affected this item only (key generation, escrow, storage, or a record that failed its integrity check).',
    appliesWhen:
      'An item-level failure that is not the client fault: key provider or HSM error, store error, integrity alarm on the key row. Details go to the server log and the audit entry, never to the client.',
    clientAction: 'Retry later; report to the administrator if it persists.',
    requirements: ['SKSML-SRV-45', 'SKSML-SRV-112'],
  },
] as const satisfies readonly SymkeyErrorCodeEntry[];

export type SymkeyErrorCode = (typeof SYMKEY_ERROR_CODES)[number]['code'];

const BY_CODE: ReadonlyMap<string, SymkeyErrorCodeEntry> = new Map(
  SYMKEY_ERROR_CODES.map((e) => [e.code, e]),
);

/** True when `code` is a registered SymkeyError code. */
export function isSymkeyErrorCode(code: string): code is SymkeyErrorCode {
  return BY_CODE.has(code);
}

/** The registry entry of `code`. */
export function symkeyErrorEntry(code: SymkeyErrorCode): SymkeyErrorCodeEntry {
  return BY_CODE.get(code) as SymkeyErrorCodeEntry;
}
