/** The end-to-end check shared by the back-end tests: a new key, fetched again, same bytes. */
import { expect } from 'vitest';
import type { GlobalKeyID } from '../../../protocol/model/identifiers.ts';
import type { SksmlMessage } from '../../../protocol/model/message.ts';
import type { SymkeyResponse } from '../../../protocol/model/symkey-response.ts';
import { verifyAuditLog } from '../../audit/verify-audit-log.ts';
import { readRecordSealingKeys } from '../../config/secrets.ts';
import { createHmacSealer } from '../../integrity/hmac-sealer.ts';
import { buildSignedRequest, readAnswer, unwrapSymkey, type ServerFixture } from './server-fixture.ts';

async function ask(fx: ServerFixture, ids: GlobalKeyID[], keyClasses?: string[]): Promise<SymkeyResponse> {
  const message: SksmlMessage = {
    type: 'SymkeyRequest',
    message: { kind: 'keys', globalKeyIds: ids, ...(keyClasses === undefined ? {} : { keyClasses }) },
  };
  const answer = await readAnswer(
    await fx.server.app.fetch(buildSignedRequest(fx.client.credential, message)),
    fx.trustAnchors,
  );
  if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse')
    throw new Error(answer.text.slice(0, 300));
  return answer.message.message;
}

export async function checkNewKeyRoundTrip(fx: ServerFixture): Promise<void> {
  const sentinel = { domainId: fx.config.domainId, serverId: 0n, keyId: 0n };
  const created = await ask(fx, [sentinel], ['DEFAULT', 'AES-128']);
  expect(created.errors).toEqual([]);
  const sizes = created.symkeys.map((s) => unwrapSymkey(s, fx.client.credential.privateKey).length * 8);
  expect(sizes.sort()).toEqual([128, 256]);
  const again = await ask(
    fx,
    created.symkeys.map((s) => s.globalKeyId),
  );
  expect(again.symkeys.map((s) => unwrapSymkey(s, fx.client.credential.privateKey))).toEqual(
    created.symkeys.map((s) => unwrapSymkey(s, fx.client.credential.privateKey)),
  );
  const audit = await verifyAuditLog(
    fx.server.services.store,
    createHmacSealer(readRecordSealingKeys(fx.config.recordSealingKey, process.env)),
  );
  expect(audit.ok).toBe(true);
}
