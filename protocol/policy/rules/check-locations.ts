/**
 * PermittedLocations: the client's location name must equal a listed LocationName; when that entry
 * lists coordinates, the client's position must also lie within the tolerance (default 100 m) of
 * at least one listed pair (SKSML-CLT-64, SKSML-CLT-109).
 */
import type { PermittedLocation, PermittedLocations } from '../../model/key-use-policy.ts';
import {
  DEFAULT_LOCATION_TOLERANCE_METRES,
  computeDistanceMetres,
  isGeoPosition,
  readDecimalDegrees,
  type GeoPosition,
} from '../geo-distance.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { readRestriction, violation, type RuleInput } from './rule-input.ts';

interface ReadLocation {
  readonly name: string;
  readonly positions: readonly GeoPosition[];
}

function readLocations(locations: readonly PermittedLocation[]): ReadLocation[] | null {
  const out: ReadLocation[] = [];
  for (const location of locations) {
    const positions: GeoPosition[] = [];
    for (const pair of location.coordinates) {
      const latitude = readDecimalDegrees(pair.latitude);
      const longitude = readDecimalDegrees(pair.longitude);
      if (latitude === null || longitude === null || !isGeoPosition(latitude, longitude)) return null;
      positions.push({ latitude, longitude });
    }
    out.push({ name: location.locationName, positions });
  }
  return out;
}

export function checkLocations(permission: PermittedLocations, input: RuleInput): KeyUseViolation | null {
  const restriction = readRestriction('PermittedLocations', permission);
  if (restriction !== 'restricted') return restriction === 'unrestricted' ? null : restriction;
  const listed = readLocations((permission as { locations?: readonly PermittedLocation[] }).locations ?? []);
  if (listed === null)
    // SKSML-CLT-111
    return violation(
      'PermittedLocations',
      'POLICY_VALUE_MALFORMED',
      'SKSML-CLT-111',
      'a PermittedLocation coordinate cannot be read',
    );
  const here = input.request.location;
  if (here?.name === undefined)
    // SKSML-CLT-111
    return violation(
      'PermittedLocations',
      'CONTEXT_MISSING',
      'SKSML-CLT-111',
      'the key is restricted to listed locations and the request gives no location name',
    );
  let position: GeoPosition | undefined;
  if (here.latitude !== undefined || here.longitude !== undefined) {
    if (
      here.latitude === undefined ||
      here.longitude === undefined ||
      !isGeoPosition(here.latitude, here.longitude)
    )
      // SKSML-CLT-111
      return violation(
        'PermittedLocations',
        'CONTEXT_INVALID',
        'SKSML-CLT-111',
        'the request position needs a latitude in [-90, 90] and a longitude in [-180, 180]',
      );
    position = { latitude: here.latitude, longitude: here.longitude };
  }
  const tolerance = input.options.locationToleranceMetres ?? DEFAULT_LOCATION_TOLERANCE_METRES;
  let missing = false;
  for (const location of listed) {
    if (location.name !== here.name) continue;
    if (location.positions.length === 0) return null;
    if (position === undefined) {
      missing = true;
      continue;
    }
    // SKSML-CLT-109: the listed pairs are alternatives, each a point with a tolerance radius.
    const p = position;
    if (location.positions.some((q) => computeDistanceMetres(p, q) <= tolerance)) return null;
  }
  return missing
    ? // SKSML-CLT-111
      violation(
        'PermittedLocations',
        'CONTEXT_MISSING',
        'SKSML-CLT-111',
        'the permitted location is defined by coordinates and the request gives no position',
      )
    : // SKSML-CLT-109
      violation(
        'PermittedLocations',
        'NOT_PERMITTED',
        'SKSML-CLT-109',
        'the location is not a permitted location',
      );
}
