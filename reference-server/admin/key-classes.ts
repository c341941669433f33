/**
 * Key classes in the store (spec/admin.md §Key classes). The server serves a class when it is in
 * its configuration AND in the store, and reads the stored policies and approval flag on every
 * request (handlers/key-classes.ts): a loaded class takes effect at once. At start-up the server
 * writes its configured classes back into the store (service/open-services.ts syncKeyClasses), so
 * a loaded version of a configured class lasts until the next start unless the configuration file
 * says the same; the load reports that, and reports classes the configuration does not name.
 */
import { formatTwoPartID } from '../../protocol/model/identifiers.ts';
import { findKeyClass, type KeyClassConfig } from '../config/server-config.ts';
import { decodeKeyCachePolicy, decodeKeyUsePolicy, keyClassRow } from '../service/key-class-codec.ts';
import type { KeyClassRecord, NewKeyClass } from '../store/records.ts';
import type { AdminContext } from './admin-context.ts';

export type KeyClassChange = 'created' | 'updated' | 'unchanged';

export interface LoadedKeyClassResult {
  readonly name: string;
  readonly change: KeyClassChange;
  /** What the operator should know (not served, overwritten at the next start, ...). */
  readonly notes: readonly string[];
}

function sameRow(a: NewKeyClass, b: NewKeyClass): boolean {
  return (
    a.keyUsePolicy === b.keyUsePolicy &&
    a.keyCachePolicy === b.keyCachePolicy &&
    a.requiresApproval === b.requiresApproval
  );
}

function notesFor(ctx: AdminContext, loaded: KeyClassConfig, row: NewKeyClass): string[] {
  const configured = findKeyClass(ctx.config, loaded.name);
  if (configured === undefined)
    return [
      'stored, but not served: the server serves only classes its configuration names; add it there too',
    ];
  const notes: string[] = [];
  if (!sameRow(row, keyClassRow(configured)))
    notes.push(
      'differs from the server configuration: served as loaded until the server restarts, which writes the configured version back',
    );
  if (loaded.isDefault !== configured.isDefault)
    notes.push(
      `"default" comes from the server configuration (${String(configured.isDefault)}); the file's value is not stored`,
    );
  if (loaded.requestCheckInterval !== configured.requestCheckInterval)
    notes.push(
      `"requestCheckInterval" comes from the server configuration (${configured.requestCheckInterval} s); the file's value is not stored`,
    );
  return notes;
}

/** Writes the classes into the store (one transaction, one audit entry when anything changed). */
export async function loadKeyClasses(
  ctx: AdminContext,
  classes: readonly KeyClassConfig[],
): Promise<LoadedKeyClassResult[]> {
  const rows = classes.map((c) => ({ config: c, row: keyClassRow(c) }));
  return ctx.store.withTransaction(async (tx) => {
    const results: LoadedKeyClassResult[] = [];
    for (const { config, row } of rows) {
      const stored = await tx.getKeyClass(row.name);
      const change: KeyClassChange =
        stored === undefined ? 'created' : sameRow(stored, row) ? 'unchanged' : 'updated';
      if (change !== 'unchanged') await tx.putKeyClass(row);
      results.push({ name: row.name, change, notes: notesFor(ctx, config, row) });
    }
    if (results.some((r) => r.change !== 'unchanged'))
      await ctx.audit.append(
        {
          operation: 'AdminLoadKeyClasses',
          clientId: null,
          globalKeyIds: [],
          outcome: 'success',
          errorCode: null,
        },
        tx,
      );
    return results;
  });
}

export interface KeyClassSummary {
  readonly name: string;
  /** In the store (false: configured, but the server has not written it yet). */
  readonly stored: boolean;
  /** Named by the server configuration (only such classes are served). */
  readonly configured: boolean;
  readonly isDefault: boolean;
  readonly requiresApproval: boolean;
  /** Stored and configured, but the stored version is not the configured one. */
  readonly differsFromConfiguration: boolean;
  readonly keyUsePolicy: {
    readonly id: string;
    readonly name: string;
    readonly algorithm: string;
    readonly keySize: number;
    readonly status: string;
  };
  readonly keyCachePolicy: { readonly id: string; readonly name: string; readonly status: string };
  readonly updatedAt: string | null;
}

function summarize(record: KeyClassRecord | undefined, config: KeyClassConfig | undefined): KeyClassSummary {
  const kup =
    record === undefined ? (config as KeyClassConfig).keyUsePolicy : decodeKeyUsePolicy(record.keyUsePolicy);
  const kcp =
    record === undefined
      ? (config as KeyClassConfig).keyCachePolicy
      : decodeKeyCachePolicy(record.keyCachePolicy);
  const name = record?.name ?? (config as KeyClassConfig).name;
  return {
    name,
    stored: record !== undefined,
    configured: config !== undefined,
    isDefault: config?.isDefault ?? false,
    requiresApproval: record?.requiresApproval ?? (config as KeyClassConfig).requiresApproval,
    differsFromConfiguration:
      record !== undefined && config !== undefined && !sameRow(record, keyClassRow(config)),
    keyUsePolicy: {
      id: formatTwoPartID(kup.keyUsePolicyId),
      name: kup.policyName,
      algorithm: kup.keyAlgorithm,
      keySize: kup.keySize,
      status: kup.status,
    },
    keyCachePolicy: { id: formatTwoPartID(kcp.keyCachePolicyId), name: kcp.policyName, status: kcp.status },
    updatedAt: record === undefined ? null : record.updatedAt.toISOString(),
  };
}

/** Every stored class, and every configured class not stored yet, by name. Throws IntegrityError. */
export async function listKeyClasses(ctx: AdminContext): Promise<KeyClassSummary[]> {
  const stored = await ctx.store.listKeyClasses();
  const summaries = stored.map((r) => summarize(r, findKeyClass(ctx.config, r.name)));
  for (const c of ctx.config.keyClasses)
    if (!stored.some((r) => r.name === c.name)) summaries.push(summarize(undefined, c));
  return summaries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
