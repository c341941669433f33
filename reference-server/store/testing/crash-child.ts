/**
 * Crash-test child process: opens the store given on the command line and saves keys in a loop,
 * printing `ACK <KeyID>` after each saveKey resolves. The parent kills it with SIGKILL mid-run.
 *
 *   node --import tsx crash-child.ts <sqlite|postgres> <path-or-connection-string> <hmac-key-hex>
 */
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { createHmacSealer } from '../../integrity/hmac-sealer.ts';
import { openPostgresStore, openSqliteStore } from '../open-store.ts';
import { CRASH_CLIENT, CRASH_DOMAIN, CRASH_KEY_CLASS, CRASH_SERVER } from './crash-fixture.ts';

const [backend, target, keyHex] = process.argv.slice(2);
if (target === undefined || keyHex === undefined || (backend !== 'sqlite' && backend !== 'postgres')) {
  process.stderr.write('usage: crash-child.ts <sqlite|postgres> <target> <hmac-key-hex>\n');
  process.exit(2);
}
const sealer = createHmacSealer({ keyId: 'crash', key: Buffer.from(keyHex, 'hex') });
const store =
  backend === 'sqlite'
    ? await openSqliteStore({ path: target, sealer })
    : await openPostgresStore({ connectionString: target, sealer });

for (;;) {
  const keyId = await store.allocateKeyId(CRASH_SERVER);
  await store.saveKey({
    globalKeyId: { domainId: CRASH_DOMAIN, serverId: CRASH_SERVER, keyId },
    keyClass: CRASH_KEY_CLASS,
    ownerClientId: CRASH_CLIENT,
    algorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
    keySize: 256,
    sealedKey: randomBytes(48),
  });
  // Synchronous write: the line leaves the process only after the key is committed.
  writeSync(1, `ACK ${keyId}\n`);
}
