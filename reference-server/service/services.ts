/**
 * What the pipeline and the handlers work with: the opened components of one server instance.
 * Built by openServices (open-services.ts) from a ServerConfig; tests may inject parts.
 */
import type { X509Certificate } from 'node:crypto';
import type { SchemaValidator } from '../../protocol/schema/engine.ts';
import type { EnvelopeSigner } from '../../protocol/wss/sign.ts';
import type { ReplayCache } from '../../protocol/wss/replay-cache.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ServerConfig } from '../config/server-config.ts';
import type { IntegrityAlarm } from '../integrity/integrity-alarm.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { SksStore } from '../store/store.ts';
import type { DefectSwitches } from '../defects/defect-switches.ts';
import type { KeyEscrow } from '../escrow/key-escrow.ts';
import type { KeySealer } from './key-sealing.ts';
import type { ServerLogger } from './request-log.ts';

export interface SksServices {
  readonly config: ServerConfig;
  readonly store: SksStore;
  readonly keyProvider: KeyProvider;
  /** Seals key values for the store (keys at rest). */
  readonly keySealer: KeySealer;
  /**
   * Escrows new keys under the configured escrow public keys (at least two; format
   * `sksml-escrow/2`); one per instance.
   */
  readonly keyEscrow: KeyEscrow;
  /** The CAs client certificates (signing and encryption) must chain to. */
  readonly trustAnchors: readonly X509Certificate[];
  readonly audit: AuditLog;
  /** Signs response envelopes (and faults) with the server credentials. */
  readonly signEnvelope: EnvelopeSigner;
  readonly serverCertificate: X509Certificate;
  readonly schemas: SchemaValidator;
  readonly replayCache: ReplayCache;
  readonly logger: ServerLogger;
  readonly now: () => Date;
  /** Every integrity alarm raised since start (most recent last, bounded). */
  readonly alarms: readonly IntegrityAlarm[];
  /** TEST-ONLY defect switches (reference-server/defects/); only ever set from `deps.defects`. */
  readonly defects?: DefectSwitches;
  /** Releases everything this instance opened, in reverse order. Idempotent. */
  close(): Promise<void>;
}
