/**
 * Issue 3 benchmark: sign and verify of a typical SymkeyRequest envelope per second on one core,
 * beside raw RSA-2048 sign and verify measured in the same run. Target: sign + verify within about
 * 1 ms, i.e. (raw sign + raw verify) / (envelope sign + verify) >= 1/3.
 */
import { createSign, createVerify } from 'node:crypto';
import { formatResults, measure } from '../harness.ts';
import { serializeSymkeyRequest } from '../../protocol/model/index.ts';
import { buildNewKeyRequest } from '../../protocol/testkit/builders.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { createEnvelopeSigner } from '../../protocol/wss/sign.ts';
import { verifyEnvelope } from '../../protocol/wss/verify.ts';

export async function runSuite(): Promise<string> {
  const pki = createTestPki({ clients: 1 });
  const client = pki.clients[0];
  if (!client) throw new Error('test PKI has no client');
  const payloadXml = serializeSymkeyRequest(buildNewKeyRequest(10514n, ['HR-AES256']));
  const sign = createEnvelopeSigner({ certificate: client.certificate, privateKey: client.privateKey });
  const signed = sign({ payloadXml });
  const publicKey = client.certificate.publicKey;
  const data = Buffer.from(payloadXml);
  const rawSignature = createSign('sha256').update(data).sign(client.privateKey);

  const rawSign = await measure({
    name: 'raw RSA-2048 sign (SHA-256)',
    run: () => createSign('sha256').update(data).sign(client.privateKey),
  });
  const rawVerify = await measure({
    name: 'raw RSA-2048 verify',
    run: () => createVerify('sha256').update(data).verify(publicKey, rawSignature),
  });
  const envSign = await measure({ name: 'sign SymkeyRequest envelope', run: () => sign({ payloadXml }) });
  const envVerify = await measure({
    name: 'verify SymkeyRequest envelope',
    run: () => verifyEnvelope(signed, { trustAnchors: pki.trustAnchors }),
  });
  const envBoth = await measure({
    name: 'sign + verify',
    run: () => verifyEnvelope(sign({ payloadXml }), { trustAnchors: pki.trustAnchors }),
  });
  const rawBothMicros = rawSign.meanMicros + rawVerify.meanMicros;
  const ratio = rawBothMicros / envBoth.meanMicros;
  const table = formatResults('WS-Security: SymkeyRequest envelope, one core', [
    rawSign,
    rawVerify,
    envSign,
    envVerify,
    envBoth,
  ]);
  return (
    `${table}\n\nraw RSA sign + verify: ${rawBothMicros.toFixed(0)} µs; envelope sign + verify: ` +
    `${envBoth.meanMicros.toFixed(0)} µs; ratio ${ratio.toFixed(3)} (target >= 0.333: ` +
    `${ratio >= 1 / 3 ? 'met' : 'NOT met'}).\n`
  );
}
