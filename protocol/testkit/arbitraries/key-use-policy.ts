/** Arbitraries of KeyUsePolicy and its nine permissions (valid: facets, any/nil model, pairs). */
import fc from 'fast-check';
import {
  DIGEST_ALGORITHMS,
  KEY_ALGORITHMS,
  KEY_SIZE_OF_ALGORITHM,
  PERMITTED_DAYS,
  PERMITTED_LEVELS,
  STATUSES,
} from '../../model/enumerations.ts';
import type {
  KeyUsePolicy,
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
} from '../../model/key-use-policy.ts';
import {
  arbitraryBytes,
  arbitraryCoordinates,
  arbitraryDateRange,
  arbitraryIdPart,
  arbitraryTimeWindow,
  arbitraryTwoPartID,
  arbitraryXmlString,
} from './primitives.ts';
import { arbitraryOtherElement } from './raw-elements.ts';

const UNRESTRICTED = fc.constant({ any: true } as const);
const MAX_ITEMS = 3;

function restrictedOr<T>(restricted: fc.Arbitrary<T>): fc.Arbitrary<{ readonly any: true } | T> {
  return fc.oneof(UNRESTRICTED, restricted);
}

export function arbitraryPermittedApplication(): fc.Arbitrary<PermittedApplication> {
  return fc.record(
    {
      applicationId: arbitraryTwoPartID(),
      applicationName: arbitraryXmlString(256),
      version: arbitraryXmlString(32),
      digest: fc.record({ algorithm: fc.constantFrom(...DIGEST_ALGORITHMS), value: arbitraryBytes(0, 1024) }),
      other: arbitraryOtherElement(),
    },
    { requiredKeys: ['applicationId', 'applicationName'] },
  );
}

export function arbitraryPermittedApplications(): fc.Arbitrary<PermittedApplications> {
  return restrictedOr(
    fc.record({
      any: fc.constant(false as const),
      applications: fc.array(arbitraryPermittedApplication(), { minLength: 1, maxLength: MAX_ITEMS }),
    }),
  );
}

export function arbitraryPermittedDates(): fc.Arbitrary<PermittedDates> {
  return restrictedOr(
    fc.record({
      any: fc.constant(false as const),
      dates: fc.array(arbitraryDateRange(), { minLength: 1, maxLength: MAX_ITEMS }),
    }),
  );
}

export function arbitraryPermittedDays(): fc.Arbitrary<PermittedDays> {
  return restrictedOr(
    fc.record({
      any: fc.constant(false as const),
      days: fc.array(fc.constantFrom(...PERMITTED_DAYS), { minLength: 1, maxLength: 9 }),
    }),
  );
}

export function arbitraryPermittedDuration(): fc.Arbitrary<PermittedDuration> {
  return restrictedOr(fc.record({ any: fc.constant(false as const), seconds: arbitraryIdPart(1n) }));
}

export function arbitraryPermittedLevels(): fc.Arbitrary<PermittedLevels> {
  return restrictedOr(
    fc
      .record(
        {
          any: fc.constant(false as const),
          levels: fc.array(fc.constantFrom(...PERMITTED_LEVELS), { maxLength: 4 }),
          other: arbitraryOtherElement(),
        },
        { requiredKeys: ['any', 'levels'] },
      )
      .filter((p) => p.levels.length > 0 || p.other !== undefined),
  );
}

export function arbitraryPermittedLocation(): fc.Arbitrary<PermittedLocation> {
  return fc.record(
    {
      locationName: arbitraryXmlString(256),
      coordinates: fc.array(arbitraryCoordinates(), { maxLength: 2 }),
      other: arbitraryOtherElement(),
    },
    { requiredKeys: ['locationName', 'coordinates'] },
  );
}

export function arbitraryPermittedLocations(): fc.Arbitrary<PermittedLocations> {
  return restrictedOr(
    fc.record({
      any: fc.constant(false as const),
      locations: fc.array(arbitraryPermittedLocation(), { minLength: 1, maxLength: MAX_ITEMS }),
    }),
  );
}

export function arbitraryPermittedNumberOfTransactions(): fc.Arbitrary<PermittedNumberOfTransactions> {
  return restrictedOr(fc.record({ any: fc.constant(false as const), count: arbitraryIdPart(1n) }));
}

export function arbitraryPermittedTimes(): fc.Arbitrary<PermittedTimes> {
  return restrictedOr(
    fc.record({
      any: fc.constant(false as const),
      times: fc.array(arbitraryTimeWindow(), { minLength: 1, maxLength: MAX_ITEMS }),
    }),
  );
}

export function arbitraryPermittedUses(): fc.Arbitrary<PermittedUses> {
  return restrictedOr(
    fc
      .record(
        {
          any: fc.constant(false as const),
          uses: fc.array(arbitraryXmlString(256), { maxLength: MAX_ITEMS }),
          other: arbitraryOtherElement(),
        },
        { requiredKeys: ['any', 'uses'] },
      )
      .filter((p) => p.uses.length > 0 || p.other !== undefined),
  );
}

export function arbitraryPermissions(): fc.Arbitrary<Permissions> {
  return fc.record(
    {
      permittedApplications: arbitraryPermittedApplications(),
      permittedDates: arbitraryPermittedDates(),
      permittedDays: arbitraryPermittedDays(),
      permittedDuration: arbitraryPermittedDuration(),
      permittedLevels: arbitraryPermittedLevels(),
      permittedLocations: arbitraryPermittedLocations(),
      permittedNumberOfTransactions: arbitraryPermittedNumberOfTransactions(),
      permittedTimes: arbitraryPermittedTimes(),
      permittedUses: arbitraryPermittedUses(),
      other: arbitraryOtherElement(),
    },
    {
      requiredKeys: [
        'permittedApplications',
        'permittedDates',
        'permittedDays',
        'permittedDuration',
        'permittedLevels',
        'permittedLocations',
        'permittedNumberOfTransactions',
        'permittedTimes',
        'permittedUses',
      ],
    },
  );
}

/** A KeyUsePolicy whose KeySize matches its KeyAlgorithm (aes128->128, ..., tripledes->192). */
export function arbitraryKeyUsePolicy(keyClass?: fc.Arbitrary<string>): fc.Arbitrary<KeyUsePolicy> {
  return fc
    .record({
      keyUsePolicyId: arbitraryTwoPartID(),
      policyName: arbitraryXmlString(255),
      keyClass: keyClass ?? arbitraryXmlString(255, 1),
      keyAlgorithm: fc.constantFrom(...KEY_ALGORITHMS),
      status: fc.constantFrom(...STATUSES),
      permissions: arbitraryPermissions(),
    })
    .map((p) => ({
      keyUsePolicyId: p.keyUsePolicyId,
      policyName: p.policyName,
      keyClass: p.keyClass,
      keyAlgorithm: p.keyAlgorithm,
      keySize: KEY_SIZE_OF_ALGORITHM[p.keyAlgorithm],
      status: p.status,
      permissions: p.permissions,
    }));
}
