/** Great-circle distance between two WGS 84 positions (haversine on the mean Earth radius). */

/** Mean Earth radius in metres (IUGG). */
export const MEAN_EARTH_RADIUS_METRES = 6_371_008.8;

/** Default tolerance within which a position matches a listed coordinate pair (SKSML-CLT-109). */
export const DEFAULT_LOCATION_TOLERANCE_METRES = 100;

export interface GeoPosition {
  /** Degrees, -90..90. */
  readonly latitude: number;
  /** Degrees, -180..180. */
  readonly longitude: number;
}

export function isGeoPosition(latitude: number, longitude: number): boolean {
  return (
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180
  );
}

/** Distance in metres; accurate to about 0.5 % (the Earth is not a sphere), enough for a tolerance. */
export function computeDistanceMetres(a: GeoPosition, b: GeoPosition): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * MEAN_EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** xsd:decimal text to a number, or null. */
export function readDecimalDegrees(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(t) || t.length > 40) return null;
  return Number(t);
}
