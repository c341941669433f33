/**
 * The GlobalKeyID column values are built with literal property names (fast objects); they must
 * hold exactly what the computed-name form held, in the same order, and fail the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ID_PART } from '../../../protocol/model/identifiers.ts';
import { StoreError } from '../store-error.ts';
import { globalKeyIdValues, keyIdColumns } from './values.ts';

/** The former implementation (computed property names), kept as the reference. */
function referenceValues(
  id: { domainId: bigint; serverId: bigint; keyId: bigint },
  prefix: string,
): Record<string, string> {
  const part = (v: bigint, what: string) => {
    if (typeof v !== 'bigint' || v < 0n || v > MAX_ID_PART)
      throw new StoreError('STORE_INVALID_VALUE', `${what} is out of range`);
    return v.toString(10);
  };
  return {
    [`${prefix}domain_id`]: part(id.domainId, 'DomainID'),
    [`${prefix}server_id`]: part(id.serverId, 'ServerID'),
    [`${prefix}key_id`]: part(id.keyId, 'KeyID'),
  };
}

function outcome(f: () => Record<string, string>): unknown {
  try {
    const v = f();
    return { keys: Object.keys(v), values: Object.values(v) };
  } catch (e) {
    return { error: (e as StoreError).code, message: (e as Error).message };
  }
}

const part = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX_ID_PART }),
  fc.bigInt({ min: -5n, max: MAX_ID_PART + 5n }),
);
const id = fc.record({ domainId: part, serverId: part, keyId: part });

describe('GlobalKeyID column values', () => {
  it('match the computed-name form for every prefix, including failures', () => {
    fc.assert(
      fc.property(id, fc.constantFrom('', 'requested_', 'result_', 'other_'), (gid, prefix) => {
        expect(outcome(() => globalKeyIdValues(gid, prefix))).toEqual(
          outcome(() => referenceValues(gid, prefix)),
        );
      }),
    );
  });

  it('keyIdColumns is the unprefixed form', () => {
    fc.assert(
      fc.property(id, (gid) => {
        expect(outcome(() => ({ ...keyIdColumns(gid) }))).toEqual(outcome(() => referenceValues(gid, '')));
      }),
    );
  });
});
