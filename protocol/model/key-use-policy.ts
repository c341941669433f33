/** KeyUsePolicy (KUP) and its Permissions, as typed values. */
import type { XmlElement } from '../xml/tree.ts';
import type {
  DigestAlgorithm,
  KeyAlgorithm,
  KeySize,
  PermittedDay,
  PermittedLevel,
  Status,
} from './enumerations.ts';
import type { ApplicationID, KeyUsePolicyID } from './identifiers.ts';

/**
 * An `Other` extension slot (xsd:anyType), kept as the raw `ekmi:Other` element itself. Its
 * content has no defined meaning in SKSML 1.0.
 */
export type OtherElement = XmlElement;

/** A calendar date `YYYY-MM-DD` (xsd:date without time zone, SKSML-MSG-24). */
export type XsdDate = string;
/** A time of day `hh:mm:ss` (xsd:time without fraction or zone, SKSML-MSG-25). */
export type XsdTime = string;
/** An xsd:decimal in its lexical form (Latitude/Longitude; at most 10 digits, 7 after the point). */
export type XsdDecimal = string;

/** `{ any: true }` = unrestricted (written `ekmi:any="true" xsi:nil="true"`, empty). */
export interface Unrestricted {
  readonly any: true;
}

export interface ApplicationDigest {
  readonly algorithm: DigestAlgorithm;
  /** At most 1024 bytes (SKSML-MSG-28). */
  readonly value: Uint8Array;
}

export interface PermittedApplication {
  readonly applicationId: ApplicationID;
  /** At most 256 characters. */
  readonly applicationName: string;
  /** At most 32 characters. */
  readonly version?: string;
  readonly digest?: ApplicationDigest;
  readonly other?: OtherElement;
}

export interface PermittedDateRange {
  readonly startDate: XsdDate;
  readonly endDate: XsdDate;
}

export interface Coordinates {
  readonly latitude: XsdDecimal;
  readonly longitude: XsdDecimal;
}

export interface PermittedLocation {
  /** At most 256 characters. */
  readonly locationName: string;
  readonly coordinates: readonly Coordinates[];
  readonly other?: OtherElement;
}

export interface PermittedTimeWindow {
  readonly startTime: XsdTime;
  readonly endTime: XsdTime;
}

/** `applications` is non-empty. */
export type PermittedApplications =
  Unrestricted | { readonly any: false; readonly applications: readonly PermittedApplication[] };
/** `dates` is non-empty. */
export type PermittedDates =
  Unrestricted | { readonly any: false; readonly dates: readonly PermittedDateRange[] };
/** `days` is non-empty. */
export type PermittedDays = Unrestricted | { readonly any: false; readonly days: readonly PermittedDay[] };
/** `seconds` is 1..2^64-1. */
export type PermittedDuration = Unrestricted | { readonly any: false; readonly seconds: bigint };
/** At least one level, or `other`. */
export type PermittedLevels =
  | Unrestricted
  | { readonly any: false; readonly levels: readonly PermittedLevel[]; readonly other?: OtherElement };
/** `locations` is non-empty. */
export type PermittedLocations =
  Unrestricted | { readonly any: false; readonly locations: readonly PermittedLocation[] };
/** `count` is 1..2^64-1 (encryptions only). */
export type PermittedNumberOfTransactions = Unrestricted | { readonly any: false; readonly count: bigint };
/** `times` is non-empty. */
export type PermittedTimes =
  Unrestricted | { readonly any: false; readonly times: readonly PermittedTimeWindow[] };
/** At least one use, or `other`. Each use at most 256 characters. */
export type PermittedUses =
  Unrestricted | { readonly any: false; readonly uses: readonly string[]; readonly other?: OtherElement };

/** All nine permissions, in schema order (SKSML-MSG-19). */
export interface Permissions {
  readonly permittedApplications: PermittedApplications;
  readonly permittedDates: PermittedDates;
  readonly permittedDays: PermittedDays;
  readonly permittedDuration: PermittedDuration;
  readonly permittedLevels: PermittedLevels;
  readonly permittedLocations: PermittedLocations;
  readonly permittedNumberOfTransactions: PermittedNumberOfTransactions;
  readonly permittedTimes: PermittedTimes;
  readonly permittedUses: PermittedUses;
  readonly other?: OtherElement;
}

/** The names of the nine Permitted* elements, in schema order. */
export const PERMISSION_NAMES = [
  'PermittedApplications',
  'PermittedDates',
  'PermittedDays',
  'PermittedDuration',
  'PermittedLevels',
  'PermittedLocations',
  'PermittedNumberOfTransactions',
  'PermittedTimes',
  'PermittedUses',
] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

export interface KeyUsePolicy {
  readonly keyUsePolicyId: KeyUsePolicyID;
  /** At most 255 characters. */
  readonly policyName: string;
  /** At most 255 characters. */
  readonly keyClass: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly keySize: KeySize;
  readonly status: Status;
  readonly permissions: Permissions;
}
