/**
 * TEST-ONLY hook of the SymkeyRequest handler: the Symkey for a delivered key with the delivery
 * defects applied. Without switches it is exactly buildDeliveredSymkey.
 *
 * - `wrongKeySize`: the KeyUsePolicy announces another KeySize than the key's;
 * - `rsa15KeyTransport`: the key is wrapped with rsa-1_5;
 * - `keyBytesInError`: the value is remembered so later SymkeyErrors can leak it.
 */
import { RSA_1_5 } from '../../protocol/keytransport/algorithms.ts';
import { wrapKey } from '../../protocol/keytransport/wrap-key.ts';
import type { KeySize } from '../../protocol/model/enumerations.ts';
import type { Symkey } from '../../protocol/model/symkey.ts';
import { buildDeliveredSymkey } from '../handlers/deliver-key.ts';
import { hasDefect, type DefectCarrier } from './defect-switches.ts';
import { noteDeliveredKey } from './delivered-keys.ts';

type DeliveryInput = Parameters<typeof buildDeliveredSymkey>[0];

const OTHER_SIZE: Readonly<Record<KeySize, KeySize>> = { 128: 256, 192: 128, 256: 128 };

export function deliverWithDefects(carrier: DefectCarrier, input: DeliveryInput): Symkey {
  if (carrier.defects === undefined) return buildDeliveredSymkey(input);
  noteDeliveredKey(carrier, input.value);
  let symkey = buildDeliveredSymkey(input);
  if (hasDefect(carrier, 'wrongKeySize'))
    symkey = {
      ...symkey,
      keyUsePolicy: { ...symkey.keyUsePolicy, keySize: OTHER_SIZE[symkey.keyUsePolicy.keySize] },
    };
  if (hasDefect(carrier, 'rsa15KeyTransport')) {
    const wrapped = wrapKey(input.value, input.recipient, RSA_1_5, { legacy: true });
    symkey = {
      ...symkey,
      encryptionMethod: wrapped.encryptionMethod,
      cipherData: { kind: 'value', cipherValue: wrapped.cipherValue },
    };
  }
  return symkey;
}
