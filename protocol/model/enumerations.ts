/** The closed value sets of SKSML, as string-literal unions with their value lists. */

export const KEY_ALGORITHMS = [
  'http://www.w3.org/2001/04/xmlenc#tripledes-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes192-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
] as const;
/** KeyAlgorithm of a KeyUsePolicy (SKSML-MSG-16). */
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export const KEY_SIZES = [128, 192, 256] as const;
/** KeySize of a KeyUsePolicy, in bits (SKSML-MSG-17). */
export type KeySize = (typeof KEY_SIZES)[number];

/** The KeySize that matches each KeyAlgorithm (3DES is written as 192 bits). */
export const KEY_SIZE_OF_ALGORITHM: Readonly<Record<KeyAlgorithm, KeySize>> = {
  'http://www.w3.org/2001/04/xmlenc#tripledes-cbc': 192,
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc': 128,
  'http://www.w3.org/2001/04/xmlenc#aes192-cbc': 192,
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc': 256,
};

export const STATUSES = ['Active', 'Default', 'Inactive', 'Other'] as const;
/** Status of a KeyUsePolicy or KeyCachePolicy (SKSML-MSG-18). */
export type Status = (typeof STATUSES)[number];

export const PERMITTED_DAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Weekday',
  'Weekend',
] as const;
export type PermittedDay = (typeof PERMITTED_DAYS)[number];

export const PERMITTED_LEVELS = ['Unclassified', 'Confidential', 'Secret', 'Top-Secret'] as const;
export type PermittedLevel = (typeof PERMITTED_LEVELS)[number];

export const DIGEST_ALGORITHMS = [
  'http://www.w3.org/2000/09/xmldsig#sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512',
] as const;
/** DigestAlgorithm of a PermittedApplication (SKSML-MSG-28). */
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

/** Key-transport algorithms commonly named in Symkey/EncryptionMethod/@Algorithm (not a closed set). */
export const KEY_TRANSPORT_ALGORITHMS = {
  rsaOaepMgf1p: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  rsaOaep: 'http://www.w3.org/2009/xmlenc11#rsa-oaep',
  rsa15: 'http://www.w3.org/2001/04/xmlenc#rsa-1_5',
} as const;

export function isOneOf<T extends string | number>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}
