/** The switches of the scripted test server: one correct behaviour and many misbehaviours. */

export type Behaviour =
  /** A correct, signed answer. */
  | 'ok'
  /** The SymkeyResponse without any wsse:Security header. */
  | 'unsigned'
  /** Signed by a self-signed certificate that does not chain to the client's trust anchor. */
  | 'untrusted-signer'
  /** Signed by another server certificate of the same CA (caught by pinning). */
  | 'wrong-server-certificate'
  /** Signed by a client certificate of the same CA (not a server certificate). */
  | 'client-certificate-signer'
  /** Signature valid over the original Body, which was moved into a header; a new Body replaces it. */
  | 'wrapped-body'
  /** Signed with a Timestamp an hour old. */
  | 'stale'
  /** Answers with the previous signed answer again (the first call answers normally). */
  | 'replay'
  /** A key 64 bits shorter than the policy's KeySize. */
  | 'wrong-key-size'
  /** KeyAlgorithm aes256-cbc with KeySize 128 (and a 128-bit key). */
  | 'algorithm-mismatch'
  /** CipherValue of random bytes (cannot be unwrapped). */
  | 'bad-cipher-value'
  /** HTTP 200 with a truncated, not well-formed body. */
  | 'malformed-xml'
  /** A signed, empty SymkeyResponse (not valid SKSML). */
  | 'schema-invalid'
  /** A signed KeyCachePolicyResponse to a SymkeyRequest. */
  | 'wrong-response-type'
  /** An unsigned SOAP Receiver fault (HTTP 500). */
  | 'fault'
  /** A correct answer after `delayMs`. */
  | 'slow'
  /** Never answers (ends only when the client aborts). */
  | 'hang'
  /** HTTP 500 with an HTML page. */
  | 'http-500-html'
  /** The connection is refused (the fetch rejects). */
  | 'refuse'
  /** New keys come as SymkeyWorkInProgress; the key arrives on the `polls`-th poll. */
  | 'work-in-progress'
  /** A key of a KeyClass that was not requested. */
  | 'unrequested-key-class'
  /** For existing keys: a key with another GlobalKeyID than requested. */
  | 'unrequested-global-key-id'
  /** A signed SymkeyError for every requested item. */
  | 'symkey-error';

export const BEHAVIOURS: readonly Behaviour[] = [
  'ok',
  'unsigned',
  'untrusted-signer',
  'wrong-server-certificate',
  'client-certificate-signer',
  'wrapped-body',
  'stale',
  'replay',
  'wrong-key-size',
  'algorithm-mismatch',
  'bad-cipher-value',
  'malformed-xml',
  'schema-invalid',
  'wrong-response-type',
  'fault',
  'slow',
  'hang',
  'http-500-html',
  'refuse',
  'work-in-progress',
  'unrequested-key-class',
  'unrequested-global-key-id',
  'symkey-error',
];
