/**
 * Key provider backed by a PKCS#11 token (tested with SoftHSM2).
 *
 * Each key is generated INSIDE the token (CKM_AES_KEY_GEN / CKM_DES3_KEY_GEN, so the entropy and
 * the DES parity come from the HSM) as a session object that is sensitive (CKA_VALUE cannot be
 * read) but extractable, with every usage flag off. It leaves the token only wrapped: C_WrapKey
 * with CKM_AES_KEY_WRAP (RFC 3394) under a per-provider AES-256 key-encryption key (a session
 * object), and is unwrapped here; the token object is destroyed at once. Why the plaintext still
 * ends up in the server: the key must be wrapped to each client certificate with the negotiated
 * OAEP parameters, escrowed with RSA-OAEP SHA-256 and a GlobalKeyID label, and stored for later
 * delivery — SoftHSM2 wraps with OAEP only as SHA-1 without a label, and keeping one token object
 * per key would not scale. spec/key-management.md discusses the trade-off.
 */
import { createDecipheriv, randomFillSync } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import type { KeyAlgorithm, KeySize } from '../../protocol/model/enumerations.ts';
import { HsmError } from '../hsm/hsm-error.ts';
import { openPkcs11Session, type Pkcs11Handle, type Pkcs11TokenConfig } from '../hsm/pkcs11-session.ts';
import { hasDesParity, isUnfitTripleDesKey } from './des-parity.ts';
import { holdGeneratedKey } from './held-key.ts';
import { KeyGenerationError } from './key-generation-error.ts';
import { keyLengthBytes, TRIPLE_DES_CBC } from './key-length.ts';
import type { GeneratedKey, KeyProvider } from './key-provider.ts';

/** RFC 3394 default initial value. */
const KEY_WRAP_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
const MAX_DRAWS = 8;

const NO_USAGE = [
  pkcs11js.CKA_ENCRYPT,
  pkcs11js.CKA_DECRYPT,
  pkcs11js.CKA_WRAP,
  pkcs11js.CKA_UNWRAP,
  pkcs11js.CKA_SIGN,
  pkcs11js.CKA_VERIFY,
  pkcs11js.CKA_DERIVE,
].map((type) => ({ type, value: false }));

function unwrapInSoftware(kek: Buffer, wrapped: Buffer, length: number): Buffer {
  const decipher = createDecipheriv('id-aes256-wrap', kek, KEY_WRAP_IV);
  const value = Buffer.concat([decipher.update(wrapped), decipher.final()]);
  if (value.length !== length) {
    value.fill(0);
    throw new HsmError('HSM_OPERATION_FAILED', 'the token returned a wrapped key of the wrong length');
  }
  // Copy into a buffer of its own (Buffer.concat may return pooled memory) and clear the original.
  const owned = Buffer.alloc(length);
  value.copy(owned);
  value.fill(0);
  return owned;
}

export function openPkcs11KeyProvider(config: Pkcs11TokenConfig): KeyProvider {
  const session = openPkcs11Session(config);
  const name = `pkcs11:${config.tokenLabel}`;
  const kek = Buffer.alloc(32);
  randomFillSync(kek);
  let kekHandle: Pkcs11Handle;
  try {
    kekHandle = session.run('creating the key-encryption key', (module, handle) =>
      module.C_CreateObject(handle, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_TOKEN, value: false },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        ...NO_USAGE.filter((a) => a.type !== pkcs11js.CKA_WRAP),
        { type: pkcs11js.CKA_WRAP, value: true },
        { type: pkcs11js.CKA_VALUE, value: kek },
      ]),
    );
  } catch (error) {
    kek.fill(0);
    session.close();
    throw error;
  }
  let closed = false;

  /** One key drawn inside the token and brought out wrapped. */
  const drawOnToken = (algorithm: KeyAlgorithm, length: number): Buffer =>
    session.run('generating a key on the token', (module, handle) => {
      const des3 = algorithm === TRIPLE_DES_CBC;
      const key = module.C_GenerateKey(
        handle,
        { mechanism: des3 ? pkcs11js.CKM_DES3_KEY_GEN : pkcs11js.CKM_AES_KEY_GEN },
        [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
          { type: pkcs11js.CKA_TOKEN, value: false },
          { type: pkcs11js.CKA_PRIVATE, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: true },
          { type: pkcs11js.CKA_EXTRACTABLE, value: true },
          ...NO_USAGE,
          ...(des3 ? [] : [{ type: pkcs11js.CKA_VALUE_LEN, value: length }]),
        ],
      );
      try {
        const wrapped = module.C_WrapKey(
          handle,
          { mechanism: pkcs11js.CKM_AES_KEY_WRAP },
          kekHandle,
          key,
          Buffer.alloc(length + 16),
        );
        return unwrapInSoftware(kek, wrapped, length);
      } finally {
        module.C_DestroyObject(handle, key);
      }
    });

  return {
    name,
    async generateKey(algorithm, sizeBits: KeySize): Promise<GeneratedKey> {
      await Promise.resolve();
      if (closed) throw new KeyGenerationError('KEY_PROVIDER_CLOSED', 'the key provider is closed');
      const length = keyLengthBytes(algorithm, sizeBits);
      for (let draw = 0; draw < MAX_DRAWS; draw += 1) {
        // SKSML-SRV-40: the server generates the key for a new-key request.
        const value = drawOnToken(algorithm, length);
        if (algorithm !== TRIPLE_DES_CBC) return holdGeneratedKey(algorithm, sizeBits, name, value);
        if (!hasDesParity(value)) {
          value.fill(0);
          throw new KeyGenerationError(
            'KEY_GENERATION_FAILED',
            'the token produced a 3DES key without DES parity',
          );
        }
        if (!isUnfitTripleDesKey(value)) return holdGeneratedKey(algorithm, sizeBits, name, value);
        value.fill(0);
      }
      throw new KeyGenerationError('KEY_GENERATION_FAILED', 'the token keeps producing unfit 3DES keys');
    },
    close() {
      if (!closed) {
        closed = true;
        kek.fill(0);
        session.close(); // destroys the session objects, the key-encryption key included
      }
      return Promise.resolve();
    },
  };
}
