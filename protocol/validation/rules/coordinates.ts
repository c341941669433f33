/** Latitude and Longitude are decimal degrees within the globe's ranges. */
import { collapsedText, quote } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';
import { parseXsdDecimal } from '../values.ts';

const LIMIT: Readonly<Record<string, number>> = { Latitude: 90, Longitude: 180 };

export const coordinatesRule: SemanticRule = {
  name: 'coordinates',
  requirements: ['SKSML-MSG-27', 'SKSML-MSG-110'],
  codes: ['SEM_COORDINATE_MALFORMED', 'SEM_COORDINATE_RANGE'],
  check(ctx) {
    for (const name of ['Latitude', 'Longitude']) {
      const limit = LIMIT[name] as number;
      for (const at of ctx.sksml(name)) {
        const text = collapsedText(at.element);
        const value = parseXsdDecimal(text);
        if (value === null) {
          // SKSML-MSG-27
          ctx.report(at, {
            code: 'SEM_COORDINATE_MALFORMED',
            requirement: 'SKSML-MSG-27',
            severity: 'error',
            message: `${name} ${quote(text)} is not a decimal number of degrees`,
          });
        } else if (Math.abs(value) > limit) {
          // SKSML-MSG-110
          ctx.report(at, {
            code: 'SEM_COORDINATE_RANGE',
            requirement: 'SKSML-MSG-110',
            severity: 'error',
            message: `${name} ${quote(text)} is outside -${limit} to ${limit} degrees`,
          });
        }
      }
    }
  },
};
