/**
 * The JSON form of a KeyUsePolicy in the server configuration, and its conversion to the
 * protocol model. Shape (spec/server-config.md, "keyUsePolicy"):
 *
 *   { "id": "32473-1", "name": "...", "algorithm": "aes256-cbc", "keySize"?: 256,
 *     "status"?: "Active", "permissions": { the nine permissions, each "any" or a restriction } }
 *
 * Every one of the nine permissions must be written: a forgotten restriction must not silently
 * become "unrestricted".
 */
import {
  DIGEST_ALGORITHMS,
  KEY_ALGORITHMS,
  KEY_SIZE_OF_ALGORITHM,
  KEY_SIZES,
  PERMITTED_DAYS,
  PERMITTED_LEVELS,
  STATUSES,
  type DigestAlgorithm,
  type KeyAlgorithm,
  type KeySize,
} from '../../protocol/model/enumerations.ts';
import type { TwoPartID } from '../../protocol/model/identifiers.ts';
import type {
  Coordinates,
  KeyUsePolicy,
  PermittedApplication,
  PermittedDateRange,
  PermittedLocation,
  PermittedTimeWindow,
  Permissions,
} from '../../protocol/model/key-use-policy.ts';
import {
  field,
  join,
  readArray,
  readEnum,
  readInteger,
  readObject,
  readString,
  readU64,
  report,
  type ReadContext,
} from './json-fields.ts';

const MAX_U64 = 18446744073709551615n;
const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';

/** Short names of the four KeyAlgorithm URIs (the URI itself is accepted too). */
export const KEY_ALGORITHM_NAMES: Readonly<Record<string, KeyAlgorithm>> = {
  'tripledes-cbc': `${XMLENC}tripledes-cbc`,
  'aes128-cbc': `${XMLENC}aes128-cbc`,
  'aes192-cbc': `${XMLENC}aes192-cbc`,
  'aes256-cbc': `${XMLENC}aes256-cbc`,
};

export const DIGEST_ALGORITHM_NAMES: Readonly<Record<string, DigestAlgorithm>> = {
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: `${XMLENC}sha256`,
  sha512: `${XMLENC}sha512`,
};

/** The short name of a KeyAlgorithm URI (for writing configurations back). */
export function keyAlgorithmName(uri: KeyAlgorithm): string {
  return Object.entries(KEY_ALGORITHM_NAMES).find(([, u]) => u === uri)?.[0] ?? uri;
}

export function digestAlgorithmName(uri: DigestAlgorithm): string {
  return Object.entries(DIGEST_ALGORITHM_NAMES).find(([, u]) => u === uri)?.[0] ?? uri;
}

function readNamed<T extends string>(
  ctx: ReadContext,
  path: string,
  value: unknown,
  names: Readonly<Record<string, T>>,
  uris: readonly T[],
): T | undefined {
  if (typeof value === 'string') {
    if (Object.hasOwn(names, value)) return names[value];
    if ((uris as readonly string[]).includes(value)) return value as T;
  }
  return report(
    ctx,
    path,
    `must be one of ${Object.keys(names).join(', ')} (or the full URI), found ${JSON.stringify(value) ?? 'nothing'}`,
  );
}

/**
 * A two-part policy or application ID `DomainID-LocalID`. The DomainID must be the server's:
 * every SKSML identifier is rooted in the organisation's PEN.
 */
export function readTwoPartId(
  ctx: ReadContext,
  path: string,
  value: unknown,
  domainId: bigint | undefined,
): TwoPartID | undefined {
  const text = readString(ctx, path, value, {
    pattern: /^[1-9][0-9]{0,19}-[1-9][0-9]{0,19}$/,
    patternText: 'an ID "DomainID-LocalID" (two decimal numbers without leading zeros, e.g. "32473-1")',
  });
  if (text === undefined) return undefined;
  const [d = '', l = ''] = text.split('-');
  const id = { domainId: BigInt(d), localId: BigInt(l) };
  if (id.domainId > MAX_U64 || id.localId > MAX_U64)
    return report(ctx, path, 'each part must be at most 18446744073709551615');
  if (domainId !== undefined && id.domainId !== domainId)
    return report(ctx, path, `DomainID ${id.domainId} is not the server's domainId ${domainId}`);
  return id;
}

/** `"any"`, or the restriction read by `restricted`. */
function anyOr<T>(
  ctx: ReadContext,
  path: string,
  value: unknown,
  restricted: (v: unknown) => T | undefined,
): { any: true } | T | undefined {
  if (value === 'any') return { any: true };
  if (typeof value === 'string')
    return report(ctx, path, `must be "any" or a restriction, found ${JSON.stringify(value)}`);
  return restricted(value);
}

function readList<T>(
  ctx: ReadContext,
  path: string,
  value: unknown,
  item: (p: string, v: unknown) => T | undefined,
): T[] | undefined {
  const list = readArray(ctx, path, value, { minItems: 1, maxItems: 1000 });
  if (list === undefined) return undefined;
  const out: T[] = [];
  let ok = true;
  list.forEach((v, i) => {
    const r = item(join(path, i), v);
    if (r === undefined) ok = false;
    else out.push(r);
  });
  return ok ? out : undefined;
}

function readApplication(
  ctx: ReadContext,
  path: string,
  value: unknown,
  domainId: bigint | undefined,
): PermittedApplication | undefined {
  const o = readObject(ctx, path, value, ['id', 'name'], ['version', 'digest']);
  if (o === undefined) return undefined;
  const applicationId = readTwoPartId(ctx, join(path, 'id'), field(o, 'id'), domainId);
  const applicationName = readString(ctx, join(path, 'name'), field(o, 'name'), { maxLength: 256 });
  const version =
    field(o, 'version') === undefined
      ? undefined
      : readString(ctx, join(path, 'version'), field(o, 'version'), { maxLength: 32 });
  let digest: PermittedApplication['digest'];
  const d = field(o, 'digest');
  if (d !== undefined) {
    const dp = join(path, 'digest');
    const dobj = readObject(ctx, dp, d, ['algorithm', 'value']);
    if (dobj === undefined) return undefined;
    const algorithm = readNamed(
      ctx,
      join(dp, 'algorithm'),
      field(dobj, 'algorithm'),
      DIGEST_ALGORITHM_NAMES,
      DIGEST_ALGORITHMS,
    );
    const text = readString(ctx, join(dp, 'value'), field(dobj, 'value'), {
      pattern: /^[A-Za-z0-9+/]+={0,2}$/,
      patternText: 'base64 text',
    });
    if (algorithm === undefined || text === undefined) return undefined;
    digest = { algorithm, value: new Uint8Array(Buffer.from(text, 'base64')) };
  }
  if (applicationId === undefined || applicationName === undefined) return undefined;
  if (field(o, 'version') !== undefined && version === undefined) return undefined;
  return {
    applicationId,
    applicationName,
    ...(version !== undefined ? { version } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

function readPair(
  ctx: ReadContext,
  path: string,
  value: unknown,
  startKey: string,
  endKey: string,
): { start: string; end: string } | undefined {
  const o = readObject(ctx, path, value, [startKey, endKey]);
  if (o === undefined) return undefined;
  const start = readString(ctx, join(path, startKey), field(o, startKey));
  const end = readString(ctx, join(path, endKey), field(o, endKey));
  return start === undefined || end === undefined ? undefined : { start, end };
}

function readLocation(ctx: ReadContext, path: string, value: unknown): PermittedLocation | undefined {
  const o = readObject(ctx, path, value, ['name'], ['coordinates']);
  if (o === undefined) return undefined;
  const locationName = readString(ctx, join(path, 'name'), field(o, 'name'), { maxLength: 256 });
  const coordinates: Coordinates[] = [];
  const c = field(o, 'coordinates');
  if (c !== undefined) {
    const list = readArray(ctx, join(path, 'coordinates'), c, { maxItems: 1000 });
    if (list === undefined) return undefined;
    for (const [i, item] of list.entries()) {
      const ip = join(join(path, 'coordinates'), i);
      const co = readObject(ctx, ip, item, ['latitude', 'longitude']);
      if (co === undefined) return undefined;
      const decimal = {
        pattern: /^[+-]?[0-9]+(?:\.[0-9]+)?$/,
        patternText: 'a decimal number written as a string, e.g. "37.7749"',
      };
      const latitude = readString(ctx, join(ip, 'latitude'), field(co, 'latitude'), decimal);
      const longitude = readString(ctx, join(ip, 'longitude'), field(co, 'longitude'), decimal);
      if (latitude === undefined || longitude === undefined) return undefined;
      coordinates.push({ latitude, longitude });
    }
  }
  return locationName === undefined ? undefined : { locationName, coordinates };
}

const PERMISSION_KEYS = [
  'applications',
  'dates',
  'days',
  'duration',
  'levels',
  'locations',
  'numberOfTransactions',
  'times',
  'uses',
] as const;

function readPermissions(
  ctx: ReadContext,
  path: string,
  value: unknown,
  domainId: bigint | undefined,
): Permissions | undefined {
  const o = readObject(ctx, path, value, PERMISSION_KEYS);
  if (o === undefined) return undefined;
  const at = (k: string): string => join(path, k);
  const permittedApplications = anyOr(ctx, at('applications'), field(o, 'applications'), (v) => {
    const applications = readList(ctx, at('applications'), v, (p, x) => readApplication(ctx, p, x, domainId));
    return applications && { any: false as const, applications };
  });
  const permittedDates = anyOr(ctx, at('dates'), field(o, 'dates'), (v) => {
    const dates = readList(ctx, at('dates'), v, (p, x): PermittedDateRange | undefined => {
      const r = readPair(ctx, p, x, 'start', 'end');
      return r && { startDate: r.start, endDate: r.end };
    });
    return dates && { any: false as const, dates };
  });
  const permittedDays = anyOr(ctx, at('days'), field(o, 'days'), (v) => {
    const days = readList(ctx, at('days'), v, (p, x) => readEnum(ctx, p, x, PERMITTED_DAYS));
    return days && { any: false as const, days };
  });
  const permittedDuration = anyOr(ctx, at('duration'), field(o, 'duration'), (v) => {
    const seconds = readU64(ctx, at('duration'), v, 1n);
    return seconds === undefined ? undefined : { any: false as const, seconds };
  });
  const permittedLevels = anyOr(ctx, at('levels'), field(o, 'levels'), (v) => {
    const levels = readList(ctx, at('levels'), v, (p, x) => readEnum(ctx, p, x, PERMITTED_LEVELS));
    return levels && { any: false as const, levels };
  });
  const permittedLocations = anyOr(ctx, at('locations'), field(o, 'locations'), (v) => {
    const locations = readList(ctx, at('locations'), v, (p, x) => readLocation(ctx, p, x));
    return locations && { any: false as const, locations };
  });
  const permittedNumberOfTransactions = anyOr(
    ctx,
    at('numberOfTransactions'),
    field(o, 'numberOfTransactions'),
    (v) => {
      const count = readU64(ctx, at('numberOfTransactions'), v, 1n);
      return count === undefined ? undefined : { any: false as const, count };
    },
  );
  const permittedTimes = anyOr(ctx, at('times'), field(o, 'times'), (v) => {
    const times = readList(ctx, at('times'), v, (p, x): PermittedTimeWindow | undefined => {
      const r = readPair(ctx, p, x, 'start', 'end');
      return r && { startTime: r.start, endTime: r.end };
    });
    return times && { any: false as const, times };
  });
  const permittedUses = anyOr(ctx, at('uses'), field(o, 'uses'), (v) => {
    const uses = readList(ctx, at('uses'), v, (p, x) => readString(ctx, p, x, { maxLength: 256 }));
    return uses && { any: false as const, uses };
  });
  if (
    permittedApplications === undefined ||
    permittedDates === undefined ||
    permittedDays === undefined ||
    permittedDuration === undefined ||
    permittedLevels === undefined ||
    permittedLocations === undefined ||
    permittedNumberOfTransactions === undefined ||
    permittedTimes === undefined ||
    permittedUses === undefined
  )
    return undefined;
  return {
    permittedApplications,
    permittedDates,
    permittedDays,
    permittedDuration,
    permittedLevels,
    permittedLocations,
    permittedNumberOfTransactions,
    permittedTimes,
    permittedUses,
  };
}

/**
 * Reads the JSON form of a KeyUsePolicy for class `keyClass`. Structure only: the semantic checks
 * (dates, times, coordinates, digest lengths, KeySize against KeyAlgorithm) are made by
 * checkKeyUsePolicy on the serialized policy.
 */
export function readKeyUsePolicyJson(
  ctx: ReadContext,
  path: string,
  value: unknown,
  keyClass: string,
  domainId: bigint | undefined,
): KeyUsePolicy | undefined {
  const o = readObject(ctx, path, value, ['id', 'name', 'algorithm', 'permissions'], ['keySize', 'status']);
  if (o === undefined) return undefined;
  const keyUsePolicyId = readTwoPartId(ctx, join(path, 'id'), field(o, 'id'), domainId);
  const policyName = readString(ctx, join(path, 'name'), field(o, 'name'), { maxLength: 255 });
  const keyAlgorithm = readNamed(
    ctx,
    join(path, 'algorithm'),
    field(o, 'algorithm'),
    KEY_ALGORITHM_NAMES,
    KEY_ALGORITHMS,
  );
  let keySize: KeySize | undefined;
  if (field(o, 'keySize') !== undefined) {
    const n = readInteger(ctx, join(path, 'keySize'), field(o, 'keySize'), 0, 65535);
    if (n !== undefined && !(KEY_SIZES as readonly number[]).includes(n))
      report(ctx, join(path, 'keySize'), `must be one of ${KEY_SIZES.join(', ')}, found ${n}`);
    else keySize = n as KeySize | undefined;
  } else if (keyAlgorithm !== undefined) {
    keySize = KEY_SIZE_OF_ALGORITHM[keyAlgorithm];
  }
  const status =
    field(o, 'status') === undefined
      ? 'Active'
      : readEnum(ctx, join(path, 'status'), field(o, 'status'), STATUSES);
  const permissions = readPermissions(ctx, join(path, 'permissions'), field(o, 'permissions'), domainId);
  if (
    keyUsePolicyId === undefined ||
    policyName === undefined ||
    keyAlgorithm === undefined ||
    keySize === undefined ||
    status === undefined ||
    permissions === undefined
  )
    return undefined;
  return { keyUsePolicyId, policyName, keyClass, keyAlgorithm, keySize, status, permissions };
}
