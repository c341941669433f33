/**
 * The plaintext inside an entry (it only ever exists in memory):
 *
 *   format u8 (1) | key length u16 BE | key bytes | JSON metadata (UTF-8)
 *
 * The key bytes stay in a Buffer (never a string) so they can be wiped. The KeyUsePolicy is kept as
 * the XML the model serializer writes, and read back through the hardened intake and the model
 * parser, so a cached policy is checked exactly like one that arrived from the server.
 */
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import { SKSML_PREFIXES } from '../../protocol/model/namespaces.ts';
import { parseKeyUsePolicy } from '../../protocol/model/parse/parse-key-use-policy.ts';
import { expectRoot } from '../../protocol/model/parse/root.ts';
import { buildKeyUsePolicy } from '../../protocol/model/serialize/build-key-use-policy.ts';
import type { KeyUseState } from '../../protocol/policy/key-use-types.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { writeXml } from '../../protocol/xml/writer.ts';
import type { CachedKeyKind } from './cache-types.ts';

const FORMAT = 1;

export interface EntryPayload {
  readonly key: Buffer;
  readonly keyClass: string;
  readonly kind: CachedKeyKind;
  readonly cachedAt: number;
  readonly state: KeyUseState;
  readonly keyUsePolicy: KeyUsePolicy;
}

interface MetadataJson {
  readonly keyClass: string;
  readonly kind: CachedKeyKind;
  readonly cachedAt: number;
  readonly firstUseAt: number | null;
  readonly encryptionsPerformed: string;
  readonly keyUsePolicy: string;
}

export function serializeKeyUsePolicyXml(policy: KeyUsePolicy): string {
  return writeXml(buildKeyUsePolicy(policy, '/KeyUsePolicy'), { prefixes: SKSML_PREFIXES });
}

export function parseKeyUsePolicyXml(xml: string): KeyUsePolicy {
  return parseKeyUsePolicy(expectRoot(parseXml(xml).root, 'KeyUsePolicy'));
}

export function encodePayload(entry: EntryPayload, keyUsePolicyXml: string): Buffer {
  if (entry.key.length === 0 || entry.key.length > 0xffff) throw new RangeError('key length out of range');
  const metadata: MetadataJson = {
    keyClass: entry.keyClass,
    kind: entry.kind,
    cachedAt: entry.cachedAt,
    firstUseAt: entry.state.firstUseAt?.getTime() ?? null,
    encryptionsPerformed: entry.state.encryptionsPerformed.toString(),
    keyUsePolicy: keyUsePolicyXml,
  };
  const head = Buffer.alloc(3);
  head.writeUInt8(FORMAT, 0);
  head.writeUInt16BE(entry.key.length, 1);
  return Buffer.concat([head, entry.key, Buffer.from(JSON.stringify(metadata), 'utf8')]);
}

function isInstant(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && Math.abs(n) <= 8.64e15;
}

/** Decodes a payload; undefined when any field is wrong. The key is copied out of `bytes`. */
export function decodePayload(bytes: Buffer): EntryPayload | undefined {
  try {
    if (bytes.length < 3 || bytes.readUInt8(0) !== FORMAT) return undefined;
    const keyLength = bytes.readUInt16BE(1);
    if (keyLength === 0 || bytes.length < 3 + keyLength) return undefined;
    const m = JSON.parse(bytes.toString('utf8', 3 + keyLength)) as Partial<MetadataJson> | null;
    if (typeof m !== 'object' || m === null) return undefined;
    if (typeof m.keyClass !== 'string' || (m.kind !== 'new' && m.kind !== 'used')) return undefined;
    if (!isInstant(m.cachedAt) || !(m.firstUseAt === null || isInstant(m.firstUseAt))) return undefined;
    if (
      typeof m.encryptionsPerformed !== 'string' ||
      !/^(?:0|[1-9][0-9]{0,19})$/.test(m.encryptionsPerformed)
    )
      return undefined;
    if (typeof m.keyUsePolicy !== 'string') return undefined;
    const keyUsePolicy = parseKeyUsePolicyXml(m.keyUsePolicy);
    if (keyUsePolicy.keyClass !== m.keyClass) return undefined;
    const encryptionsPerformed = BigInt(m.encryptionsPerformed);
    return {
      key: Buffer.from(bytes.subarray(3, 3 + keyLength)),
      keyClass: m.keyClass,
      kind: m.kind,
      cachedAt: m.cachedAt,
      state:
        m.firstUseAt === null
          ? { encryptionsPerformed }
          : { firstUseAt: new Date(m.firstUseAt), encryptionsPerformed },
      keyUsePolicy,
    };
  } catch {
    return undefined;
  }
}
