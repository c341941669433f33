/**
 * Registered clients (spec/admin.md §Clients): registering a client from its certificate, finding
 * one by ID or certificate fingerprint, deactivating and reactivating it. The server looks the
 * client up on every request (pipeline/identify-stage.ts), so a status change takes effect on the
 * client's next request, and nothing is revoked: the certificate stays valid elsewhere. Every change
 * is written in one transaction together with its audit entry.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CertificateError, loadTrustAnchors, verifyCertificateChain } from '../../protocol/pki/chain.ts';
import { parseCertificate } from '../../protocol/pki/parse.ts';
import type { ClientRecord, ClientStatus } from '../store/records.ts';
import { StoreError } from '../store/store-error.ts';
import type { AdminContext } from './admin-context.ts';
import { AdminError } from './admin-error.ts';

export interface RegisterClientInput {
  /** The client's certificate: PEM text with one CERTIFICATE block, or DER bytes. */
  readonly certificate: string | Uint8Array;
  /** The client ID; default the certificate's subject CN. */
  readonly name?: string;
  readonly groups?: readonly string[];
}

/** Reads a client certificate (one PEM CERTIFICATE block, or DER). */
export function readClientCertificate(input: string | Uint8Array): X509Certificate {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  try {
    // Bytes holding PEM text are read as PEM; any other bytes as DER.
    return parseCertificate(typeof input !== 'string' && !text.includes('-----BEGIN') ? input : text);
  } catch (error) {
    throw new AdminError(
      'ADMIN_INPUT_INVALID',
      `not a certificate: ${error instanceof CertificateError ? error.message : 'expected one PEM CERTIFICATE block or DER'}`,
      { cause: error },
    );
  }
}

function commonName(certificate: X509Certificate): string | undefined {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1]?.trim();
  return cn === undefined || cn === '' ? undefined : cn;
}

function checkLabel(value: string, what: string): string {
  if (value.length === 0 || value.length > 255 || value.trim() === '')
    throw new AdminError('ADMIN_INPUT_INVALID', `${what} must have 1..255 characters and not be blank`);
  return value;
}

function loadAnchors(ctx: AdminContext): X509Certificate[] {
  return ctx.config.trustAnchors.flatMap((path) => {
    try {
      return loadTrustAnchors(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new AdminError('ADMIN_INPUT_INVALID', `cannot read the trust anchors in ${path}`, {
        cause: error,
      });
    }
  });
}

/** Registers a client; refuses a certificate the server would not accept or one already registered. */
export async function registerClient(ctx: AdminContext, input: RegisterClientInput): Promise<ClientRecord> {
  const certificate = readClientCertificate(input.certificate);
  const id = checkLabel(
    input.name ?? commonName(certificate) ?? '',
    input.name === undefined ? 'the certificate CN (or --name)' : 'the client ID',
  );
  const groups = (input.groups ?? []).map((g) => checkLabel(g, 'a group name'));
  try {
    // SKSML-WSS-7: the server only accepts signatures by certificates that chain to its anchors,
    // valid now, allowing digitalSignature, RSA of at least 2048 bits; registering any other
    // certificate would create a client that can never authenticate.
    verifyCertificateChain(certificate, {
      trustAnchors: loadAnchors(ctx),
      at: ctx.now(),
      usage: 'signature',
    });
  } catch (error) {
    if (error instanceof CertificateError)
      throw new AdminError(
        'ADMIN_CERTIFICATE_UNTRUSTED',
        `the certificate is not acceptable to the server: ${error.message}`,
        {
          requirement: 'SKSML-WSS-7',
          cause: error,
        },
      );
    throw error;
  }
  const fingerprint = createHash('sha256').update(certificate.raw).digest('hex');
  return ctx.store.withTransaction(async (tx) => {
    const sameCertificate = await tx.getClientByFingerprint(fingerprint);
    if (sameCertificate !== undefined)
      throw new AdminError(
        'ADMIN_CONFLICT',
        `this certificate is already registered as client ${sameCertificate.id}`,
      );
    if ((await tx.getClient(id)) !== undefined)
      throw new AdminError(
        'ADMIN_CONFLICT',
        `a client with ID ${id} already exists; choose another with --name`,
      );
    let record: ClientRecord;
    try {
      record = await tx.insertClient({
        id,
        certificateDer: new Uint8Array(certificate.raw),
        subject: certificate.subject.replace(/\n/g, ', '),
        groups,
      });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'STORE_CONFLICT')
        throw new AdminError('ADMIN_CONFLICT', `client ${id} or its certificate is already registered`, {
          cause: error,
        });
      throw error;
    }
    await ctx.audit.append(
      {
        operation: 'AdminRegisterClient',
        clientId: record.id,
        globalKeyIds: [],
        outcome: 'success',
        errorCode: null,
      },
      tx,
    );
    return record;
  });
}

const FINGERPRINT = /^(?:sha256:)?((?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64})$/;

/** The fingerprint spelled by `text` (64 hex digits, optionally colon-separated or `sha256:`-prefixed), lowercase. */
export function parseFingerprint(text: string): string | undefined {
  const m = FINGERPRINT.exec(text.trim());
  return m === null ? undefined : (m[1] as string).replace(/:/g, '').toLowerCase();
}

/** The client whose ID or certificate fingerprint is `idOrFingerprint`. */
export async function findClient(ctx: AdminContext, idOrFingerprint: string): Promise<ClientRecord> {
  const byId = idOrFingerprint === '' ? undefined : await ctx.store.getClient(idOrFingerprint);
  const fingerprint = parseFingerprint(idOrFingerprint);
  const byFingerprint =
    fingerprint === undefined ? undefined : await ctx.store.getClientByFingerprint(fingerprint);
  if (byId !== undefined && byFingerprint !== undefined && byId.id !== byFingerprint.id)
    throw new AdminError(
      'ADMIN_AMBIGUOUS',
      `${idOrFingerprint} is the ID of client ${byId.id} and the fingerprint of client ${byFingerprint.id}`,
    );
  const found = byId ?? byFingerprint;
  if (found === undefined)
    throw new AdminError(
      'ADMIN_NOT_FOUND',
      `no client has the ID or fingerprint ${idOrFingerprint.slice(0, 100)}`,
    );
  return found;
}

export interface StatusChange {
  readonly client: ClientRecord;
  /** False when the client already had the status (nothing was written). */
  readonly changed: boolean;
}

/** Sets a client's status (deactivated clients are refused on their next request). */
export async function setClientStatus(
  ctx: AdminContext,
  idOrFingerprint: string,
  status: ClientStatus,
): Promise<StatusChange> {
  const found = await findClient(ctx, idOrFingerprint);
  if (found.status === status) return { client: found, changed: false };
  const client = await ctx.store.withTransaction(async (tx) => {
    // SKSML-SRV-103: identification reads the status per request, so a deactivated client's next
    // request gets the untrusted-certificate fault; reactivation restores access the same way.
    const updated = await tx.setClientStatus(found.id, status);
    await ctx.audit.append(
      {
        operation: status === 'deactivated' ? 'AdminDeactivateClient' : 'AdminReactivateClient',
        clientId: found.id,
        globalKeyIds: [],
        outcome: 'success',
        errorCode: null,
      },
      tx,
    );
    return updated;
  });
  return { client, changed: true };
}
