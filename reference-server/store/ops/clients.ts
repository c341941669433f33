/** Client records: the certificates the server authenticates requests against. */
import { createHash } from 'node:crypto';
import { CLIENT_STATUSES, type ClientRecord, type ClientStatus, type NewClient } from '../records.ts';
import { primaryKeyText } from '../row-codec.ts';
import type { SealedRows, VerifiedRow } from '../sealed-rows.ts';
import { StoreError } from '../store-error.ts';
import { CLIENTS } from '../tables.ts';
import { bytes, canonicalSet, checkName, date, parseStringList, text } from './values.ts';

function checkStatus(status: string): ClientStatus {
  if (!(CLIENT_STATUSES as readonly string[]).includes(status))
    throw new StoreError('STORE_INVALID_VALUE', 'client status must be active or deactivated');
  return status as ClientStatus;
}

function toRecord(rows: SealedRows, row: VerifiedRow): ClientRecord {
  const v = row.values;
  const groups = parseStringList(text(v, 'groups_json'));
  if (groups === undefined)
    return rows.ctx.fail({
      table: CLIENTS.name,
      primaryKey: primaryKeyText(CLIENTS, v),
      reason: 'malformed',
    });
  return {
    id: text(v, 'id'),
    certificateDer: bytes(v, 'certificate'),
    subject: text(v, 'subject'),
    fingerprintSha256: text(v, 'fingerprint'),
    status: checkStatus(text(v, 'status')),
    groups,
    createdAt: date(v, 'created_at'),
    updatedAt: date(v, 'updated_at'),
    version: row.version,
  };
}

export function fingerprintOf(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

export async function insertClient(rows: SealedRows, client: NewClient): Promise<ClientRecord> {
  if (!(client.certificateDer instanceof Uint8Array) || client.certificateDer.length === 0)
    throw new StoreError('STORE_INVALID_VALUE', 'a client needs a DER certificate');
  const fingerprint = fingerprintOf(client.certificateDer);
  const taken = await rows.exec.all('SELECT id FROM clients WHERE fingerprint = ?', [fingerprint]);
  if (taken.length > 0)
    throw new StoreError('STORE_CONFLICT', 'a client with this certificate already exists');
  const now = rows.ctx.now().getTime();
  const row = await rows.insert(CLIENTS, {
    id: checkName(client.id, 'client ID'),
    certificate: Uint8Array.from(client.certificateDer),
    subject: client.subject,
    fingerprint,
    status: checkStatus(client.status ?? 'active'),
    groups_json: JSON.stringify(canonicalSet(client.groups ?? [], 'group')),
    created_at: now,
    updated_at: now,
  });
  return toRecord(rows, row);
}

export async function getClient(rows: SealedRows, id: string): Promise<ClientRecord | undefined> {
  const row = await rows.selectByKey(CLIENTS, { id });
  return row && toRecord(rows, row);
}

export async function getClientByFingerprint(
  rows: SealedRows,
  fingerprint: string,
): Promise<ClientRecord | undefined> {
  const [row] = await rows.select(CLIENTS, 'fingerprint = ?', [fingerprint.toLowerCase()]);
  return row && toRecord(rows, row);
}

async function changeClient(
  rows: SealedRows,
  id: string,
  change: Record<string, string>,
): Promise<ClientRecord> {
  const current = await rows.selectByKey(CLIENTS, { id });
  if (current === undefined) throw new StoreError('STORE_NOT_FOUND', `client ${id} does not exist`);
  const row = await rows.update(
    CLIENTS,
    { ...current.values, ...change, updated_at: rows.ctx.now().getTime() },
    current,
  );
  return toRecord(rows, row);
}

export function setClientStatus(rows: SealedRows, id: string, status: ClientStatus): Promise<ClientRecord> {
  return changeClient(rows, id, { status: checkStatus(status) });
}

export function setClientGroups(
  rows: SealedRows,
  id: string,
  groups: readonly string[],
): Promise<ClientRecord> {
  return changeClient(rows, id, { groups_json: JSON.stringify(canonicalSet(groups, 'group')) });
}
