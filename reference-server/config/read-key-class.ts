/**
 * readKeyClass: one entry of a `keyClasses` list (spec/server-config.md §keyClasses) to a checked
 * KeyClassConfig. Shared by the configuration parser and by the admin key-class file, so a class is
 * checked the same way wherever it comes from: unknown keys, types and ranges, policy IDs in the
 * server's DomainID, and both policies run through the protocol's semantic validation. Problems are
 * reported on `ctx`; a KeyUsePolicy with status Inactive gives a warning.
 */
import { checkKeyCachePolicy, checkKeyUsePolicy } from './check-policies.ts';
import {
  field,
  join,
  readBoolean,
  readInteger,
  readObject,
  readString,
  warn,
  type ReadContext,
} from './json-fields.ts';
import { readKeyCachePolicyJson } from './key-cache-policy-json.ts';
import { readKeyUsePolicyJson } from './key-use-policy-json.ts';
import { CONFIG_DEFAULTS, CONFIG_RANGES, type KeyClassConfig } from './server-config.ts';

/**
 * Reads the key class at `path`. `domainId` is the server's DomainID that policy IDs must use
 * (undefined when the configuration's own DomainID is itself invalid). Returns undefined, with the
 * problems reported on `ctx`, when the class is not valid.
 */
export function readKeyClass(
  ctx: ReadContext,
  path: string,
  value: unknown,
  domainId: bigint | undefined,
): KeyClassConfig | undefined {
  const o = readObject(
    ctx,
    path,
    value,
    ['name', 'keyUsePolicy', 'keyCachePolicy'],
    ['default', 'requiresApproval', 'requestCheckInterval'],
  );
  if (o === undefined) return undefined;
  // SKSML-MSG-4, SKSML-MSG-106: a KeyClass is 1..255 characters, not only white space.
  const name = readString(ctx, join(path, 'name'), field(o, 'name'), { maxLength: 255 });
  const flag = (key: string): boolean | undefined =>
    field(o, key) === undefined ? false : readBoolean(ctx, join(path, key), field(o, key));
  const isDefault = flag('default');
  const requiresApproval = flag('requiresApproval');
  // SKSML-MSG-14: RequestCheckInterval is 60..604800 seconds.
  const [lo, hi] = CONFIG_RANGES.requestCheckInterval;
  const requestCheckInterval =
    field(o, 'requestCheckInterval') === undefined
      ? CONFIG_DEFAULTS.requestCheckInterval
      : readInteger(ctx, join(path, 'requestCheckInterval'), field(o, 'requestCheckInterval'), lo, hi);
  const kupPath = join(path, 'keyUsePolicy');
  const kcpPath = join(path, 'keyCachePolicy');
  const keyUsePolicy = readKeyUsePolicyJson(ctx, kupPath, field(o, 'keyUsePolicy'), name ?? 'X', domainId);
  const keyCachePolicy = readKeyCachePolicyJson(
    ctx,
    kcpPath,
    field(o, 'keyCachePolicy'),
    name ?? 'X',
    domainId,
  );
  // SKSML-SRV-116: the policies are checked with the protocol validator once their structure is
  // right, so a stored policy passes the same semantic validation as a configured one.
  const kupOk =
    keyUsePolicy !== undefined && name !== undefined && checkKeyUsePolicy(ctx, kupPath, keyUsePolicy);
  const kcpOk =
    keyCachePolicy !== undefined && name !== undefined && checkKeyCachePolicy(ctx, kcpPath, keyCachePolicy);
  if (
    name === undefined ||
    isDefault === undefined ||
    requiresApproval === undefined ||
    requestCheckInterval === undefined ||
    !kupOk ||
    !kcpOk ||
    keyUsePolicy === undefined ||
    keyCachePolicy === undefined
  )
    return undefined;
  if (keyUsePolicy.status === 'Inactive')
    warn(
      ctx,
      join(kupPath, 'status'),
      'Inactive: the server refuses new keys of this class (SKS-POLICY-INACTIVE)',
    );
  return { name, isDefault, requiresApproval, requestCheckInterval, keyUsePolicy, keyCachePolicy };
}
