/**
 * The request pipeline of POST /sks after the binding decision and the body read (spec/server.md
 * §Pipeline): intake → envelope → WS-Security → client → schema + semantics → handler → signed
 * response. The handler's store work and the audit entry run in ONE store transaction, committed
 * before the response is signed; a fault (the handler's transaction rolled back, or no handler
 * reached) is audited in a transaction of its own, also before the fault leaves. Every failure
 * becomes exactly one fault (fault-mapping.ts); the pipeline never throws.
 */
import type { HttpRequestBinding, HttpResponse } from '../../protocol/soap/http-binding.ts';
import { requestBodyWithDefects } from '../defects/request-body.ts';
import type { ClientRecord } from '../store/records.ts';
import type { SksServices } from '../service/services.ts';
import { auditRequest } from './audit-stage.ts';
import { readRequestEnvelope } from './envelope-stage.ts';
import { errorCodeOf } from './fault-mapping.ts';
import { handleMessage } from './handle-stage.ts';
import { identifyClient } from './identify-stage.ts';
import { readRequestDocument } from './intake-stage.ts';
import { buildSignedFault, buildSignedResponse } from './respond-stage.ts';
import { validatePayload } from './validate-stage.ts';
import { verifyRequestSignature } from './wss-stage.ts';

export interface PipelineResult {
  readonly response: HttpResponse;
  readonly client: string | null;
  readonly action: string;
  /** success | partial | pending | failure | fault */
  readonly outcome: string;
  readonly code: string | null;
  readonly globalKeyIds: readonly string[];
}

export async function runPipeline(
  services: SksServices,
  binding: HttpRequestBinding,
  body: Uint8Array,
): Promise<PipelineResult> {
  let action = binding.message ?? 'unknown';
  let client: ClientRecord | null = null;
  try {
    const doc = readRequestDocument(
      requestBodyWithDefects(services, body),
      services.config.limits.maxBodyBytes,
    );
    const { message } = readRequestEnvelope(doc, binding);
    action = message;
    const verified = verifyRequestSignature(services, doc);
    client = await identifyClient(services, verified.certificate);
    const parsed = await validatePayload(services, verified, doc.root);
    const identified = client;
    const signer = verified.certificate;
    // One write transaction per request: request and key IDs, the sealed key with its escrow
    // blobs, and the audit entry commit together, and the response is signed only after the
    // COMMIT has returned (the key is durable before the response leaves).
    const result = await services.store.withTransaction(async (store) => {
      const handled = await handleMessage({ services, client: identified, signer, store }, parsed);
      await auditRequest(
        services,
        {
          operation: action,
          clientId: identified.id,
          globalKeyIds: handled.globalKeyIds,
          outcome: handled.outcome,
          errorCode: handled.errorCode,
        },
        store,
      );
      return handled;
    });
    const response = buildSignedResponse(services, binding.version, result.payload);
    return {
      response,
      client: client.id,
      action,
      outcome: result.outcome,
      code: result.errorCode,
      globalKeyIds: result.globalKeyIds,
    };
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'INTERNAL')
      services.logger.event('error', {
        event: 'internal-error',
        action,
        error: error instanceof Error ? error.name : 'unknown',
      });
    try {
      await auditRequest(services, {
        operation: action,
        clientId: client?.id ?? null,
        globalKeyIds: [],
        outcome: 'failure',
        errorCode: code,
      });
    } catch {
      services.logger.event('error', { event: 'audit-failed', action });
    }
    return {
      response: buildSignedFault(services, error, binding.version),
      client: client?.id ?? null,
      action,
      outcome: 'fault',
      code,
      globalKeyIds: [],
    };
  }
}
