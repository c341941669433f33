/** KeyUsePolicy and Permissions to writer elements, checking every facet and the any/nil model. */
import { attribute, type WriterChild, type WriterElement } from '../../xml/writer.ts';
import {
  DIGEST_ALGORITHMS,
  KEY_ALGORITHMS,
  KEY_SIZES,
  PERMITTED_DAYS,
  PERMITTED_LEVELS,
  STATUSES,
} from '../enumerations.ts';
import type {
  KeyUsePolicy,
  Permissions,
  PermittedApplication,
  PermittedLocation,
} from '../key-use-policy.ts';
import { ModelError } from '../model-error.ts';
import { SKSML_NS } from '../namespaces.ts';
import { formatBase64, parseDate, parseDecimal, parseTime } from '../parse/lexical.ts';
import { XSI_NIL_TRUE, ekmi, ekmiText, otherElement, twoPartIdElement } from './build-common.ts';
import { checkBigint, checkBytes, checkLexical, checkOneOf, checkString } from './checks.ts';
import { deepFreeze, isDeeplyFrozen } from './frozen-values.ts';

const MAX_U64 = 18446744073709551615n;

function anyNil(localName: string): WriterElement {
  // SKSML-MSG-21: unrestricted = ekmi:any="true" + xsi:nil="true", empty.
  return ekmi(localName, [], [attribute(SKSML_NS, 'any', 'true'), XSI_NIL_TRUE]);
}

function restricted(localName: string, children: readonly (WriterChild | undefined)[]): WriterElement {
  // SKSML-MSG-22: restricted = ekmi:any="false", no xsi:nil, with content.
  return ekmi(localName, children, [attribute(SKSML_NS, 'any', 'false')]);
}

function checkAnyFlag(path: string, value: { readonly any: boolean }): void {
  if (value === null || typeof value !== 'object' || typeof value.any !== 'boolean')
    throw new ModelError(
      'MODEL_INVALID_VALUE',
      'cannot serialize: a permission needs any: true or false',
      path,
      {
        requirement: 'SKSML-MSG-20',
      },
    );
}

function needContent(path: string, n: number): void {
  if (n === 0)
    throw new ModelError(
      'MODEL_ANY_NIL_VIOLATION',
      'cannot serialize: any=false requires at least one restriction',
      path,
      {
        requirement: 'SKSML-MSG-22',
      },
    );
}

function buildApplication(app: PermittedApplication, path: string): WriterElement {
  return ekmi('PermittedApplication', [
    twoPartIdElement('ApplicationID', app.applicationId, `${path}/ApplicationID`),
    ekmiText(
      'ApplicationName',
      checkString(`${path}/ApplicationName`, app.applicationName, 256, 'SKSML-MSG-29'),
    ),
    app.version !== undefined &&
      ekmiText('Version', checkString(`${path}/Version`, app.version, 32, 'SKSML-MSG-29')),
    app.digest !== undefined &&
      ekmiText(
        'DigestAlgorithm',
        checkOneOf(`${path}/DigestAlgorithm`, app.digest.algorithm, DIGEST_ALGORITHMS, 'SKSML-MSG-28'),
      ),
    app.digest !== undefined &&
      ekmiText(
        'DigestValue',
        formatBase64(checkBytes(`${path}/DigestValue`, app.digest.value, 1024, 'SKSML-MSG-28')),
      ),
    otherElement(app.other, `${path}/Other`),
  ]);
}

function buildLocation(loc: PermittedLocation, path: string): WriterElement {
  const children: (WriterChild | undefined)[] = [
    ekmiText('LocationName', checkString(`${path}/LocationName`, loc.locationName, 256)),
  ];
  loc.coordinates.forEach((c, i) => {
    const lat = checkLexical(
      `${path}/Latitude[${i + 1}]`,
      () => parseDecimal(c.latitude, 10, 7),
      'SKSML-MSG-27',
    );
    const lon = checkLexical(
      `${path}/Longitude[${i + 1}]`,
      () => parseDecimal(c.longitude, 10, 7),
      'SKSML-MSG-27',
    );
    children.push(ekmiText('Latitude', lat), ekmiText('Longitude', lon));
  });
  children.push(otherElement(loc.other, `${path}/Other`));
  return ekmi('PermittedLocation', children);
}

export function buildPermissions(p: Permissions, path: string): WriterElement {
  const children: (WriterChild | undefined)[] = [];

  const apps = p.permittedApplications;
  const appsPath = `${path}/PermittedApplications`;
  checkAnyFlag(appsPath, apps);
  if (apps.any) children.push(anyNil('PermittedApplications'));
  else {
    needContent(appsPath, apps.applications.length);
    children.push(
      restricted(
        'PermittedApplications',
        apps.applications.map((a, i) => buildApplication(a, `${appsPath}/PermittedApplication[${i + 1}]`)),
      ),
    );
  }

  const dates = p.permittedDates;
  const datesPath = `${path}/PermittedDates`;
  checkAnyFlag(datesPath, dates);
  if (dates.any) children.push(anyNil('PermittedDates'));
  else {
    needContent(datesPath, dates.dates.length);
    children.push(
      restricted(
        'PermittedDates',
        dates.dates.map((d, i) => {
          const at = `${datesPath}/PermittedDate[${i + 1}]`;
          return ekmi('PermittedDate', [
            ekmiText(
              'StartDate',
              checkLexical(`${at}/StartDate`, () => parseDate(d.startDate), 'SKSML-MSG-24'),
            ),
            ekmiText(
              'EndDate',
              checkLexical(`${at}/EndDate`, () => parseDate(d.endDate), 'SKSML-MSG-24'),
            ),
          ]);
        }),
      ),
    );
  }

  const days = p.permittedDays;
  const daysPath = `${path}/PermittedDays`;
  checkAnyFlag(daysPath, days);
  if (days.any) children.push(anyNil('PermittedDays'));
  else {
    needContent(daysPath, days.days.length);
    children.push(
      restricted(
        'PermittedDays',
        days.days.map((d, i) =>
          ekmiText('PermittedDay', checkOneOf(`${daysPath}/PermittedDay[${i + 1}]`, d, PERMITTED_DAYS)),
        ),
      ),
    );
  }

  const duration = p.permittedDuration;
  const durationPath = `${path}/PermittedDuration`;
  checkAnyFlag(durationPath, duration);
  if (duration.any) children.push(anyNil('PermittedDuration'));
  else
    children.push(
      restricted('PermittedDuration', [
        checkBigint(durationPath, duration.seconds, 1n, MAX_U64, 'SKSML-MSG-26'),
      ]),
    );

  const levels = p.permittedLevels;
  const levelsPath = `${path}/PermittedLevels`;
  checkAnyFlag(levelsPath, levels);
  if (levels.any) children.push(anyNil('PermittedLevels'));
  else {
    needContent(levelsPath, levels.levels.length + (levels.other ? 1 : 0));
    children.push(
      restricted('PermittedLevels', [
        ...levels.levels.map((l, i) =>
          ekmiText(
            'PermittedLevel',
            checkOneOf(`${levelsPath}/PermittedLevel[${i + 1}]`, l, PERMITTED_LEVELS),
          ),
        ),
        otherElement(levels.other, `${levelsPath}/Other`),
      ]),
    );
  }

  const locations = p.permittedLocations;
  const locationsPath = `${path}/PermittedLocations`;
  checkAnyFlag(locationsPath, locations);
  if (locations.any) children.push(anyNil('PermittedLocations'));
  else {
    needContent(locationsPath, locations.locations.length);
    children.push(
      restricted(
        'PermittedLocations',
        locations.locations.map((l, i) => buildLocation(l, `${locationsPath}/PermittedLocation[${i + 1}]`)),
      ),
    );
  }

  const tx = p.permittedNumberOfTransactions;
  const txPath = `${path}/PermittedNumberOfTransactions`;
  checkAnyFlag(txPath, tx);
  if (tx.any) children.push(anyNil('PermittedNumberOfTransactions'));
  else
    children.push(
      restricted('PermittedNumberOfTransactions', [
        checkBigint(txPath, tx.count, 1n, MAX_U64, 'SKSML-MSG-26'),
      ]),
    );

  const times = p.permittedTimes;
  const timesPath = `${path}/PermittedTimes`;
  checkAnyFlag(timesPath, times);
  if (times.any) children.push(anyNil('PermittedTimes'));
  else {
    needContent(timesPath, times.times.length);
    children.push(
      restricted(
        'PermittedTimes',
        times.times.map((t, i) => {
          const at = `${timesPath}/PermittedTime[${i + 1}]`;
          return ekmi('PermittedTime', [
            ekmiText(
              'StartTime',
              checkLexical(`${at}/StartTime`, () => parseTime(t.startTime), 'SKSML-MSG-25'),
            ),
            ekmiText(
              'EndTime',
              checkLexical(`${at}/EndTime`, () => parseTime(t.endTime), 'SKSML-MSG-25'),
            ),
          ]);
        }),
      ),
    );
  }

  const uses = p.permittedUses;
  const usesPath = `${path}/PermittedUses`;
  checkAnyFlag(usesPath, uses);
  if (uses.any) children.push(anyNil('PermittedUses'));
  else {
    needContent(usesPath, uses.uses.length + (uses.other ? 1 : 0));
    children.push(
      restricted('PermittedUses', [
        ...uses.uses.map((u, i) =>
          ekmiText('PermittedUse', checkString(`${usesPath}/PermittedUse[${i + 1}]`, u, 256)),
        ),
        otherElement(uses.other, `${usesPath}/Other`),
      ]),
    );
  }

  children.push(otherElement(p.other, `${path}/Other`));
  return ekmi('Permissions', children);
}

/**
 * Subtrees built from deeply frozen policies (frozen-values.ts). buildKeyUsePolicy is a pure
 * function of the policy (`path` only names the place in error messages, and failures are never
 * remembered), and a deeply frozen policy can never change, so the remembered subtree is exactly
 * what building it again would return. The subtree itself is deeply frozen, so no caller can alter
 * the shared copy. A server hands out the same frozen policy object of a key class to every key.
 */
const BUILT = new WeakMap<KeyUsePolicy, WriterElement>();

export function buildKeyUsePolicy(kup: KeyUsePolicy, path: string): WriterElement {
  const remembered = BUILT.get(kup);
  if (remembered !== undefined) return remembered;
  const built = buildKeyUsePolicyElement(kup, path);
  if (typeof kup === 'object' && kup !== null && isDeeplyFrozen(kup)) BUILT.set(kup, deepFreeze(built));
  return built;
}

/** buildKeyUsePolicy without the memo: always builds (and checks) the subtree anew. */
export function buildKeyUsePolicyElement(kup: KeyUsePolicy, path: string): WriterElement {
  return ekmi('KeyUsePolicy', [
    twoPartIdElement('KeyUsePolicyID', kup.keyUsePolicyId, `${path}/KeyUsePolicyID`),
    ekmiText('PolicyName', checkString(`${path}/PolicyName`, kup.policyName, 255, 'SKSML-MSG-15')),
    ekmiText('KeyClass', checkString(`${path}/KeyClass`, kup.keyClass, 255, 'SKSML-MSG-4')),
    ekmiText(
      'KeyAlgorithm',
      checkOneOf(`${path}/KeyAlgorithm`, kup.keyAlgorithm, KEY_ALGORITHMS, 'SKSML-MSG-16'),
    ),
    ekmiText('KeySize', String(checkOneOf(`${path}/KeySize`, kup.keySize, KEY_SIZES, 'SKSML-MSG-17'))),
    ekmiText('Status', checkOneOf(`${path}/Status`, kup.status, STATUSES, 'SKSML-MSG-18')),
    buildPermissions(kup.permissions, `${path}/Permissions`),
  ]);
}
