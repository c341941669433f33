/** KeyUsePolicy and Permissions from the tree, enforcing the any/nil model (SKSML-MSG-19..-29). */
import { XSI_NS } from '../namespaces.ts';
import {
  DIGEST_ALGORITHMS,
  KEY_ALGORITHMS,
  KEY_SIZES,
  PERMITTED_DAYS,
  PERMITTED_LEVELS,
  STATUSES,
  type KeySize,
} from '../enumerations.ts';
import type {
  ApplicationDigest,
  Coordinates,
  KeyUsePolicy,
  OtherElement,
  Permissions,
  PermittedApplication,
  PermittedApplications,
  PermittedDates,
  PermittedDays,
  PermittedDuration,
  PermittedLevels,
  PermittedLocation,
  PermittedLocations,
  PermittedNumberOfTransactions,
  PermittedTimes,
  PermittedUses,
  Unrestricted,
} from '../key-use-policy.ts';
import { ModelError } from '../model-error.ts';
import {
  LexicalError,
  collapseWhitespace,
  isXmlWhitespace,
  parseBoundedInteger,
  parseDate,
  parseDecimal,
  parseTime,
} from './lexical.ts';
import {
  SequenceReader,
  checkAttributes,
  findAttr,
  isEmptyElement,
  lexical,
  readNil,
  simpleText,
  sksml,
  type Located,
} from './reader.ts';
import { readBase64, readEnumeration, readLexical, readNumber, readString, readTwoPartID } from './values.ts';

const MAX_U64 = 18446744073709551615n;
const ANY = sksml('any');
const NIL = { ns: XSI_NS, local: 'nil' };
const UNRESTRICTED: Unrestricted = { any: true };

/** An `ekmi:Other` slot: any attributes, any content, kept raw. */
function readOther(at: Located): OtherElement {
  return at.element;
}

/**
 * Checks `ekmi:any` and `xsi:nil` on a Permitted* element. Returns true when unrestricted
 * (any="true", nil, empty) and false when restricted (any="false", no nil; the caller checks
 * that content is present).
 */
function readAnyHeader(at: Located): boolean {
  checkAttributes(at, [ANY, NIL]);
  const anyAttr = findAttr(at, ANY);
  if (anyAttr === undefined)
    throw new ModelError('MODEL_MISSING_ATTRIBUTE', 'attribute ekmi:any is required', `${at.path}/@any`, {
      position: at.element.position,
      requirement: 'SKSML-MSG-20',
    });
  if (anyAttr.value !== 'true' && anyAttr.value !== 'false')
    throw new ModelError('MODEL_INVALID_VALUE', 'ekmi:any must be "true" or "false"', `${at.path}/@any`, {
      position: anyAttr.position,
      requirement: 'SKSML-MSG-20',
    });
  const nil = readNil(at);
  if (anyAttr.value === 'true') {
    // SKSML-MSG-21: any="true" requires xsi:nil="true" and no content.
    if (nil !== true)
      throw new ModelError('MODEL_ANY_NIL_VIOLATION', 'ekmi:any="true" requires xsi:nil="true"', at.path, {
        position: at.element.position,
        requirement: 'SKSML-MSG-21',
      });
    const child = at.element.children.find((c) => c.kind === 'element');
    // SKSML-MSG-23: no restriction items when unrestricted.
    if (child !== undefined)
      throw new ModelError('MODEL_ANY_NIL_VIOLATION', 'ekmi:any="true" allows no child elements', at.path, {
        position: child.position,
        requirement: 'SKSML-MSG-23',
      });
    if (!isEmptyElement(at.element))
      throw new ModelError('MODEL_ANY_NIL_VIOLATION', 'ekmi:any="true" requires empty content', at.path, {
        position: at.element.position,
        requirement: 'SKSML-MSG-21',
      });
    return true;
  }
  // SKSML-MSG-22: any="false" forbids xsi:nil.
  if (nil !== undefined)
    throw new ModelError('MODEL_ANY_NIL_VIOLATION', 'ekmi:any="false" does not allow xsi:nil', at.path, {
      position: at.element.position,
      requirement: 'SKSML-MSG-22',
    });
  return false;
}

function noContent(at: Located): ModelError {
  // SKSML-MSG-22: any="false" requires content.
  return new ModelError(
    'MODEL_ANY_NIL_VIOLATION',
    'ekmi:any="false" requires at least one restriction',
    at.path,
    {
      position: at.element.position,
      requirement: 'SKSML-MSG-22',
    },
  );
}

function readApplication(at: Located): PermittedApplication {
  checkAttributes(at);
  const r = new SequenceReader(at, [
    sksml('ApplicationID'),
    sksml('ApplicationName'),
    sksml('Version'),
    sksml('DigestAlgorithm'),
    sksml('DigestValue'),
    sksml('Other'),
  ]);
  const applicationId = readTwoPartID(r.required(sksml('ApplicationID')));
  const applicationName = readString(r.required(sksml('ApplicationName')), 256, 'SKSML-MSG-29');
  const version = r.optional(sksml('Version'));
  let digest: ApplicationDigest | undefined;
  const alg = r.optional(sksml('DigestAlgorithm'));
  if (alg !== undefined) {
    const algorithm = readEnumeration(alg, DIGEST_ALGORITHMS, 'SKSML-MSG-28');
    // SKSML-MSG-28: DigestAlgorithm and DigestValue come as a pair.
    const value = readBase64(r.required(sksml('DigestValue'), 'SKSML-MSG-28'), 1024, 'SKSML-MSG-28');
    digest = { algorithm, value };
  }
  const other = r.optional(sksml('Other'));
  r.end('SKSML-MSG-28');
  return {
    applicationId,
    applicationName,
    ...(version ? { version: readString(version, 32, 'SKSML-MSG-29') } : {}),
    ...(digest ? { digest } : {}),
    ...(other ? { other: readOther(other) } : {}),
  };
}

function readApplications(at: Located): PermittedApplications {
  if (readAnyHeader(at)) return UNRESTRICTED;
  const r = new SequenceReader(at, [sksml('PermittedApplication')]);
  const applications = r.repeated(sksml('PermittedApplication'), 0).map(readApplication);
  r.end();
  if (applications.length === 0) throw noContent(at);
  return { any: false, applications };
}

function readDates(at: Located): PermittedDates {
  if (readAnyHeader(at)) return UNRESTRICTED;
  const r = new SequenceReader(at, [sksml('PermittedDate')]);
  const dates = r.repeated(sksml('PermittedDate'), 0).map((d) => {
    checkAttributes(d);
    const dr = new SequenceReader(d, [sksml('StartDate'), sksml('EndDate')]);
    const startDate = readLexical(dr.required(sksml('StartDate')), parseDate, 'SKSML-MSG-24');
    const endDate = readLexical(dr.required(sksml('EndDate')), parseDate, 'SKSML-MSG-24');
    dr.end();
    return { startDate, endDate };
  });
  r.end();
  if (dates.length === 0) throw noContent(at);
  return { any: false, dates };
}

function readDays(at: Located): PermittedDays {
  if (readAnyHeader(at)) return UNRESTRICTED;
  const r = new SequenceReader(at, [sksml('PermittedDay')]);
  const days = r.repeated(sksml('PermittedDay'), 0).map((d) => readEnumeration(d, PERMITTED_DAYS));
  r.end();
  if (days.length === 0) throw noContent(at);
  return { any: false, days };
}

/** PermittedDuration / PermittedNumberOfTransactions: simple content 1..2^64-1. */
function readCountValue(at: Located): bigint {
  const text = simpleText(at);
  if (isXmlWhitespace(text)) throw noContent(at);
  return lexical(at, () => parseBoundedInteger(text, 1n, MAX_U64), { requirement: 'SKSML-MSG-26' });
}

function readDuration(at: Located): PermittedDuration {
  if (readAnyHeader(at)) return UNRESTRICTED;
  return { any: false, seconds: readCountValue(at) };
}

function readNumberOfTransactions(at: Located): PermittedNumberOfTransactions {
  if (readAnyHeader(at)) return UNRESTRICTED;
  return { any: false, count: readCountValue(at) };
}

function readLevels(at: Located): PermittedLevels {
  if (readAnyHeader(at)) return UNRESTRICTED;
  const r = new SequenceReader(at, [sksml('PermittedLevel'), sksml('Other')]);
  const levels = r.repeated(sksml('PermittedLevel'), 0).map((l) => readEnumeration(l, PERMITTED_LEVELS));
  const other = r.optional(sksml('Other'));
  r.end();
  if (levels.length === 0 && other === undefined) throw noContent(at);
  return { any: false, levels, ...(other ? { other: readOther(other) } : {}) };
}

function readLocation(at: Located): PermittedLocation {
  checkAttributes(at);
  const r = new SequenceReader(at, [
    sksml('LocationName'),
    sksml('Latitude'),
    sksml('Longitude'),
    sksml('Other'),
  ]);
  const locationName = readString(r.required(sksml('LocationName')), 256);
  const coordinates: Coordinates[] = [];
  while (r.peek(sksml('Latitude'))) {
    const lat = r.required(sksml('Latitude'));
    // SKSML-MSG-27: Latitude and Longitude come as a pair.
    const lon = r.required(sksml('Longitude'), 'SKSML-MSG-27');
    coordinates.push({
      latitude: readLexical(lat, (t) => parseDecimal(t, 10, 7), 'SKSML-MSG-27'),
      longitude: readLexical(lon, (t) => parseDecimal(t, 10, 7), 'SKSML-MSG-27'),
    });
  }
  const other = r.optional(sksml('Other'));
  r.end('SKSML-MSG-27');
  return { locationName, coordinates, ...(other ? { other: readOther(other) } : {}) };
}

function readLocations(at: Located): PermittedLocations {
  if (readAnyHeader(at)) return UNRESTRICTED;
  const r = new SequenceReader(at, [sksml('PermittedLocation')]);
  const locations = r.repeated(sksml('PermittedLocation'), 0).map(readLocation);
  r.end();
  if (locations.length === 0) throw noContent(at);
  return { any: false, locations };
}

function readTimes(at: Located): PermittedTimes {
  if (readAnyHeader(at)) return UNRESTRICTED;
  const r = new SequenceReader(at, [sksml('PermittedTime')]);
  const times = r.repeated(sksml('PermittedTime'), 0).map((t) => {
    checkAttributes(t);
    const tr = new SequenceReader(t, [sksml('StartTime'), sksml('EndTime')]);
    const startTime = readLexical(tr.required(sksml('StartTime')), parseTime, 'SKSML-MSG-25');
    const endTime = readLexical(tr.required(sksml('EndTime')), parseTime, 'SKSML-MSG-25');
    tr.end();
    return { startTime, endTime };
  });
  r.end();
  if (times.length === 0) throw noContent(at);
  return { any: false, times };
}

function readUses(at: Located): PermittedUses {
  if (readAnyHeader(at)) return UNRESTRICTED;
  const r = new SequenceReader(at, [sksml('PermittedUse'), sksml('Other')]);
  const uses = r.repeated(sksml('PermittedUse'), 0).map((u) => readString(u, 256));
  const other = r.optional(sksml('Other'));
  r.end();
  if (uses.length === 0 && other === undefined) throw noContent(at);
  return { any: false, uses, ...(other ? { other: readOther(other) } : {}) };
}

export function parsePermissions(at: Located): Permissions {
  checkAttributes(at);
  const names = [
    'PermittedApplications',
    'PermittedDates',
    'PermittedDays',
    'PermittedDuration',
    'PermittedLevels',
    'PermittedLocations',
    'PermittedNumberOfTransactions',
    'PermittedTimes',
    'PermittedUses',
    'Other',
  ].map(sksml);
  const r = new SequenceReader(at, names);
  const req = (local: string): Located => r.required(sksml(local), 'SKSML-MSG-19');
  const permissions: Permissions = {
    permittedApplications: readApplications(req('PermittedApplications')),
    permittedDates: readDates(req('PermittedDates')),
    permittedDays: readDays(req('PermittedDays')),
    permittedDuration: readDuration(req('PermittedDuration')),
    permittedLevels: readLevels(req('PermittedLevels')),
    permittedLocations: readLocations(req('PermittedLocations')),
    permittedNumberOfTransactions: readNumberOfTransactions(req('PermittedNumberOfTransactions')),
    permittedTimes: readTimes(req('PermittedTimes')),
    permittedUses: readUses(req('PermittedUses')),
  };
  const other = r.optional(sksml('Other'));
  r.end('SKSML-MSG-19');
  return other ? { ...permissions, other: readOther(other) } : permissions;
}

export function parseKeyUsePolicy(at: Located): KeyUsePolicy {
  checkAttributes(at);
  const r = new SequenceReader(
    at,
    ['KeyUsePolicyID', 'PolicyName', 'KeyClass', 'KeyAlgorithm', 'KeySize', 'Status', 'Permissions'].map(
      sksml,
    ),
  );
  const req = (local: string): Located => r.required(sksml(local), 'SKSML-MSG-15');
  const keyUsePolicyId = readTwoPartID(req('KeyUsePolicyID'));
  const policyName = readString(req('PolicyName'), 255, 'SKSML-MSG-15');
  const keyClass = readString(req('KeyClass'), 255, 'SKSML-MSG-4');
  const keyAlgorithm = readLexical(
    req('KeyAlgorithm'),
    (t) => collapseEnum(t, KEY_ALGORITHMS),
    'SKSML-MSG-16',
  );
  const keySizeAt = req('KeySize');
  const keySize = readNumber(keySizeAt, 0, 65535, 'SKSML-MSG-17');
  if (!(KEY_SIZES as readonly number[]).includes(keySize))
    throw new ModelError(
      'MODEL_INVALID_VALUE',
      'invalid value: KeySize must be 128, 192 or 256',
      keySizeAt.path,
      {
        position: keySizeAt.element.position,
        requirement: 'SKSML-MSG-17',
      },
    );
  const status = readEnumeration(req('Status'), STATUSES, 'SKSML-MSG-18');
  const permissions = parsePermissions(req('Permissions'));
  r.end('SKSML-MSG-15');
  return {
    keyUsePolicyId,
    policyName,
    keyClass,
    keyAlgorithm,
    keySize: keySize as KeySize,
    status,
    permissions,
  };
}

/** anyURI enumerations compare after whitespace collapse. */
function collapseEnum<T extends string>(text: string, values: readonly T[]): T {
  const v = collapseWhitespace(text);
  const found = values.find((x) => x === v);
  if (found === undefined) throw new LexicalError(`not one of ${values.join(', ')}`);
  return found;
}
