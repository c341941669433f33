/**
 * The parts of a server instance that approving a request needs (handlers/approve-request.ts):
 * the configuration, the store, the key provider, the key-at-rest sealer, an escrow writer of its
 * own (over the configured escrow public keys) and the audit log — opened from the same configuration and
 * secrets as the server, so an approved request's key is made exactly as the server would make it.
 * The parts that only serve messages (signer, schemas, replay cache, trust anchors) are not opened;
 * touching one throws, so a future change of the approval code that needs them fails loudly
 * instead of acting half-configured.
 *
 * Deliberately not openServices: that also writes the configured key classes into the store
 * (syncKeyClasses), which would undo an operator's `key-class load` as a side effect of approving.
 */
import { readFileSync } from 'node:fs';
import { readEnvSecret, readRecordSealingKeys } from '../config/secrets.ts';
import { parseEscrowPublicKeys } from '../escrow/escrow-public-keys.ts';
import { createKeyEscrow } from '../escrow/key-escrow.ts';
import { createKeyProvider } from '../keys/key-provider-config.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { createKeySealer } from '../service/key-sealing.ts';
import type { ServerLogger } from '../service/request-log.ts';
import type { SksServices } from '../service/services.ts';
import type { AdminContext } from './admin-context.ts';
import { AdminError } from './admin-error.ts';

function readEscrowFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new AdminError('ADMIN_INPUT_INVALID', `cannot read the escrow public key ${path}`, {
      cause: error,
    });
  }
}

function openKeyProvider(ctx: AdminContext): KeyProvider {
  const kp = ctx.config.keyProvider;
  if (kp.kind === 'node') return createKeyProvider({ kind: 'node-crypto' });
  return createKeyProvider({
    kind: 'pkcs11',
    library: kp.module,
    tokenLabel: kp.tokenLabel,
    pin: readEnvSecret(kp.pinEnv, ctx.env, 'keyProvider.pinEnv'),
  });
}

const quietLogger: ServerLogger = {
  request: () => undefined,
  event: () => undefined,
};

function unavailable(part: string): never {
  throw new Error(`${part} is not opened by the administration CLI`);
}

/** Opens what approveRequest/denyRequest need; close() releases the key provider if opened (not the store). */
export function openApprovalServices(ctx: AdminContext): SksServices {
  const secrets = readRecordSealingKeys(ctx.config.recordSealingKey, ctx.env);
  const keySealer = createKeySealer(secrets, secrets.previousKeys);
  const escrowPublicKeys = parseEscrowPublicKeys(ctx.config.escrow.publicKeys.map(readEscrowFile));
  // Its own escrow writer (data-key epochs are per process); close() zero-fills its data keys.
  const keyEscrow = createKeyEscrow(escrowPublicKeys);
  // Opened on first use: denying a request never touches the key provider (or its HSM PIN).
  let keyProvider: KeyProvider | undefined;
  let closed = false;
  return {
    config: ctx.config,
    store: ctx.store,
    get keyProvider(): KeyProvider {
      if (closed) return unavailable('keyProvider (closed)');
      keyProvider ??= openKeyProvider(ctx);
      return keyProvider;
    },
    keySealer,
    keyEscrow,
    audit: ctx.audit,
    logger: quietLogger,
    now: ctx.now,
    alarms: ctx.alarms,
    get trustAnchors(): never {
      return unavailable('trustAnchors');
    },
    get signEnvelope(): never {
      return unavailable('signEnvelope');
    },
    get serverCertificate(): never {
      return unavailable('serverCertificate');
    },
    get schemas(): never {
      return unavailable('schemas');
    },
    get replayCache(): never {
      return unavailable('replayCache');
    },
    async close() {
      if (closed) return;
      closed = true;
      keyEscrow.dispose();
      await keyProvider?.close();
    },
  };
}
