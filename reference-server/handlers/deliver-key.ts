/**
 * A Symkey for a key value: wrapped to the recipient certificate with the configured RSA-OAEP
 * variant (SKSML-WSS-25, SKSML-SRV-38) and carrying its class's KeyUsePolicy (SKSML-SRV-44).
 */
import type { X509Certificate } from 'node:crypto';
import { RSA_OAEP, RSA_OAEP_MGF1P } from '../../protocol/keytransport/algorithms.ts';
import { wrapKey } from '../../protocol/keytransport/wrap-key.ts';
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import type { Symkey } from '../../protocol/model/symkey.ts';
import type { KeyTransportName } from '../config/server-config.ts';

export function buildDeliveredSymkey(input: {
  readonly symkeyRequestId: SymkeyRequestID;
  readonly globalKeyId: GlobalKeyID;
  readonly keyUsePolicy: KeyUsePolicy;
  readonly value: Uint8Array;
  readonly recipient: X509Certificate;
  readonly keyTransport: KeyTransportName;
}): Symkey {
  // SKSML-WSS-25: RSA-OAEP only; rsa-1_5 is never produced by this server.
  const algorithm = input.keyTransport === 'rsa-oaep' ? RSA_OAEP : RSA_OAEP_MGF1P;
  const wrapped = wrapKey(input.value, input.recipient, algorithm);
  return {
    symkeyRequestId: input.symkeyRequestId,
    globalKeyId: input.globalKeyId,
    keyUsePolicy: input.keyUsePolicy,
    encryptionMethod: wrapped.encryptionMethod,
    cipherData: { kind: 'value', cipherValue: wrapped.cipherValue },
  };
}
