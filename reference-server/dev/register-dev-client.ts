/** Registers the dev client of the embedded default in the store (once; later runs find it). */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClientRecord } from '../store/records.ts';
import type { SksStore } from '../store/store.ts';
import { certificateFingerprint } from '../pipeline/identify-stage.ts';
import { DEV_CLIENT_ID } from './ensure-dev-data.ts';

export async function registerDevClient(store: SksStore, certificatePath: string): Promise<ClientRecord> {
  const certificate = new X509Certificate(readFileSync(certificatePath, 'utf8'));
  const existing = await store.getClientByFingerprint(certificateFingerprint(certificate));
  if (existing !== undefined) return existing;
  return store.insertClient({
    id: DEV_CLIENT_ID,
    certificateDer: new Uint8Array(certificate.raw),
    subject: certificate.subject.replace(/\n/g, ', '),
    groups: ['dev'],
  });
}
