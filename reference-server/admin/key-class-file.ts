/**
 * The key-class file of `sksml admin key-class load FILE`: key classes in the server
 * configuration's `keyClasses` format (spec/server-config.md §keyClasses), given either as a JSON
 * array of classes or as an object with a `keyClasses` array (a whole server configuration file
 * also works: its other fields are not read). Each class is checked exactly as the configuration
 * parser checks it — structure, the server's DomainID in policy IDs, and the protocol's semantic
 * validation of both policies — and every problem is reported at once with its field path.
 *
 * Unlike a configuration, the file need not name a default class: the default is a property of
 * the configuration, not of the stored class. `default` and `requestCheckInterval` are accepted
 * (so a configuration's list loads unchanged) but are not stored; the caller warns when they
 * differ from the configuration.
 */
import { ConfigError, type ConfigWarning } from '../config/config-error.ts';
import {
  createReadContext,
  field,
  readArray,
  report,
  type JsonObject,
  type ReadContext,
} from '../config/json-fields.ts';
import { parseConfigJson } from '../config/load-server-config.ts';
import { readKeyClass } from '../config/read-key-class.ts';
import type { KeyClassConfig } from '../config/server-config.ts';

export interface KeyClassFile {
  readonly classes: readonly KeyClassConfig[];
  readonly warnings: readonly ConfigWarning[];
}

/** Largest key-class file accepted (as for configuration files). */
export const MAX_KEY_CLASS_FILE_BYTES = 1024 * 1024;

const policyIds = (c: KeyClassConfig): [string, string] => [
  `${c.keyUsePolicy.keyUsePolicyId.domainId}-${c.keyUsePolicy.keyUsePolicyId.localId}`,
  `${c.keyCachePolicy.keyCachePolicyId.domainId}-${c.keyCachePolicy.keyCachePolicyId.localId}`,
];

/** Names and policy IDs are unique in the file; a policy ID of another configured class is refused too. */
function checkUnique(
  ctx: ReadContext,
  classes: readonly (KeyClassConfig | undefined)[],
  configured: readonly KeyClassConfig[],
): void {
  const seen = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  classes.forEach((c, i) => {
    if (c === undefined) return;
    const [kup, kcp] = policyIds(c);
    const keys: [string, string, string][] = [
      [c.name, 'name', `key class name ${JSON.stringify(c.name)}`],
      [kup, 'keyUsePolicy.id', 'KeyUsePolicyID'],
      [kcp, 'keyCachePolicy.id', 'KeyCachePolicyID'],
    ];
    keys.forEach(([key, at, what], k) => {
      const map = seen[k] as Map<string, number>;
      const earlier = map.get(key);
      if (earlier === undefined) map.set(key, i);
      else report(ctx, `keyClasses[${i}].${at}`, `${what} is also used by keyClasses[${earlier}]`);
    });
    for (const other of configured) {
      if (other.name === c.name) continue;
      const [otherKup, otherKcp] = policyIds(other);
      if (kup === otherKup)
        report(
          ctx,
          `keyClasses[${i}].keyUsePolicy.id`,
          `KeyUsePolicyID ${kup} belongs to configured class ${JSON.stringify(other.name)}`,
        );
      if (kcp === otherKcp)
        report(
          ctx,
          `keyClasses[${i}].keyCachePolicy.id`,
          `KeyCachePolicyID ${kcp} belongs to configured class ${JSON.stringify(other.name)}`,
        );
    }
  });
}

/** What the file is checked against: the server's DomainID and its configured classes. */
export interface KeyClassFileContext {
  readonly domainId: bigint;
  readonly configured: readonly KeyClassConfig[];
}

/**
 * Parses key-class file text. Policy IDs must use the server's DomainID and must not be those of
 * another configured class. Throws ConfigError (CONFIG_SYNTAX or CONFIG_INVALID) listing every problem.
 */
export function parseKeyClassFile(text: string, source: string, server: KeyClassFileContext): KeyClassFile {
  const json = parseConfigJson(text.startsWith('\uFEFF') ? text.slice(1) : text, source);
  const ctx = createReadContext('.');
  let list: unknown = json;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    if (!Object.hasOwn(json, 'keyClasses'))
      report(ctx, 'keyClasses', 'is required (or give the key classes as a JSON array)');
    list = field(json as JsonObject, 'keyClasses');
  }
  const items =
    ctx.issues.length > 0 ? undefined : readArray(ctx, 'keyClasses', list, { minItems: 1, maxItems: 1000 });
  const classes = (items ?? []).map((item, i) =>
    // SKSML-SRV-116: a stored class is checked exactly as a configured one (the shared reader).
    readKeyClass(ctx, `keyClasses[${i}]`, item, server.domainId),
  );
  checkUnique(ctx, classes, server.configured);
  if (ctx.issues.length > 0 || items === undefined)
    throw new ConfigError('CONFIG_INVALID', ctx.issues, { source });
  return { classes: classes as KeyClassConfig[], warnings: ctx.warnings };
}
