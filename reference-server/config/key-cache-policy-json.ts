/**
 * The JSON form of a KeyCachePolicy in the server configuration (spec/server-config.md,
 * "keyCachePolicy"):
 *
 *   { "id": "32473-1", "name": "...", "description"?: "..." | null, "startDate": "2025-01-01T00:00:00Z",
 *     "endDate"?: "..." | null, "policyCheckInterval": 86400, "status"?: "Active",
 *     "newKeys"?: { "maximumKeys": 10, "maximumDuration": 86400 }, "usedKeys"?: { ... } }
 *
 * An omitted newKeys / usedKeys means that kind of key must not be cached (as in SKSML).
 */
import { STATUSES } from '../../protocol/model/enumerations.ts';
import type { KeyCacheDetail, KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import {
  field,
  join,
  readEnum,
  readInteger,
  readObject,
  readString,
  readU64,
  type ReadContext,
} from './json-fields.ts';
import { readTwoPartId } from './key-use-policy-json.ts';

function readDetail(ctx: ReadContext, path: string, value: unknown): KeyCacheDetail | undefined {
  const o = readObject(ctx, path, value, ['maximumKeys', 'maximumDuration']);
  if (o === undefined) return undefined;
  const maximumKeys = readU64(ctx, join(path, 'maximumKeys'), field(o, 'maximumKeys'), 0n);
  const maximumDuration = readU64(ctx, join(path, 'maximumDuration'), field(o, 'maximumDuration'), 0n);
  return maximumKeys === undefined || maximumDuration === undefined
    ? undefined
    : { maximumKeys, maximumDuration };
}

function readNullableString(
  ctx: ReadContext,
  path: string,
  value: unknown,
  maxLength: number,
): string | null | undefined {
  if (value === null) return null;
  return readString(ctx, path, value, { maxLength });
}

/** Reads the JSON form of a KeyCachePolicy for class `keyClass` (structure; semantics: checkKeyCachePolicy). */
export function readKeyCachePolicyJson(
  ctx: ReadContext,
  path: string,
  value: unknown,
  keyClass: string,
  domainId: bigint | undefined,
): KeyCachePolicy | undefined {
  const o = readObject(
    ctx,
    path,
    value,
    ['id', 'name', 'startDate', 'policyCheckInterval'],
    ['description', 'endDate', 'status', 'newKeys', 'usedKeys'],
  );
  if (o === undefined) return undefined;
  const keyCachePolicyId = readTwoPartId(ctx, join(path, 'id'), field(o, 'id'), domainId);
  const policyName = readString(ctx, join(path, 'name'), field(o, 'name'), { maxLength: 255 });
  const description = Object.hasOwn(o, 'description')
    ? readNullableString(ctx, join(path, 'description'), field(o, 'description'), 2048)
    : null;
  const startDate = readString(ctx, join(path, 'startDate'), field(o, 'startDate'));
  const endDate = Object.hasOwn(o, 'endDate')
    ? readNullableString(ctx, join(path, 'endDate'), field(o, 'endDate'), 64)
    : null;
  const policyCheckInterval = readInteger(
    ctx,
    join(path, 'policyCheckInterval'),
    field(o, 'policyCheckInterval'),
    0,
    2_592_000,
  );
  const status =
    field(o, 'status') === undefined
      ? 'Active'
      : readEnum(ctx, join(path, 'status'), field(o, 'status'), STATUSES);
  const newKeys =
    field(o, 'newKeys') === undefined ? null : readDetail(ctx, join(path, 'newKeys'), field(o, 'newKeys'));
  const usedKeys =
    field(o, 'usedKeys') === undefined ? null : readDetail(ctx, join(path, 'usedKeys'), field(o, 'usedKeys'));
  if (
    keyCachePolicyId === undefined ||
    policyName === undefined ||
    description === undefined ||
    startDate === undefined ||
    endDate === undefined ||
    policyCheckInterval === undefined ||
    status === undefined ||
    newKeys === undefined ||
    usedKeys === undefined
  )
    return undefined;
  return {
    keyCachePolicyId,
    policyName,
    description,
    keyClass,
    startDate,
    endDate,
    policyCheckInterval,
    status,
    ...(newKeys !== null ? { newKeysCacheDetail: newKeys } : {}),
    ...(usedKeys !== null ? { usedKeysCacheDetail: usedKeys } : {}),
  };
}
