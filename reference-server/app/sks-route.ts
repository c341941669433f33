/**
 * POST /sks (and every other method on /sks except the GET documents): binding decision from the
 * headers, capped body read, admission (concurrency, shutdown), per-request timeout, the pipeline,
 * one JSON log line per request. Every answer is a SOAP message: a signed response or a fault.
 */
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { HttpRequestBinding, HttpRequestHead, HttpResponse } from '../../protocol/soap/http-binding.ts';
import { ServerError } from '../errors/server-error.ts';
import { decideBinding } from '../pipeline/binding-stage.ts';
import { buildPipelineFault, errorCodeOf } from '../pipeline/fault-mapping.ts';
import { buildSignedFault } from '../pipeline/respond-stage.ts';
import { runPipeline, type PipelineResult } from '../pipeline/run-pipeline.ts';
import type { SksServices } from '../service/services.ts';
import { isUnreadByteStream, readBodyWithCap, readNodeBodyWithCap } from './read-body.ts';
import type { RequestGate } from './request-gate.ts';

function headOf(c: Context): HttpRequestHead {
  const length = c.req.header('content-length');
  const parsed = length === undefined || !/^[0-9]{1,15}$/.test(length) ? null : Number(length);
  return {
    method: c.req.method,
    contentType: c.req.header('content-type') ?? null,
    soapAction: c.req.raw.headers.has('soapaction') ? (c.req.header('soapaction') ?? '') : null,
    contentLength: parsed,
  };
}

/**
 * The Node request under @hono/node-server (its `incoming` binding), when its body can be read
 * directly; null for app.fetch callers, whose body is the web Request's stream.
 */
function nodeIncomingOf(c: Context): IncomingMessage | null {
  const env: unknown = c.env;
  const incoming: unknown =
    typeof env === 'object' && env !== null ? (env as { incoming?: unknown }).incoming : undefined;
  return incoming instanceof IncomingMessage && isUnreadByteStream(incoming) ? incoming : null;
}

function faultResult(response: HttpResponse, error: unknown, action: string): PipelineResult {
  return { response, client: null, action, outcome: 'fault', code: errorCodeOf(error), globalKeyIds: [] };
}

async function admitted(
  services: SksServices,
  gate: RequestGate,
  c: Context,
  binding: HttpRequestBinding,
): Promise<PipelineResult> {
  const { limits } = services.config;
  const action = binding.message ?? 'unknown';
  const incoming = nodeIncomingOf(c);
  const outcome = await gate.run(async () => {
    try {
      // SKSML-BIND-24: the same cap on either source.
      const body =
        incoming === null
          ? await readBodyWithCap(c.req.raw.body, limits.maxBodyBytes, binding.version)
          : await readNodeBodyWithCap(incoming, limits.maxBodyBytes, binding.version);
      return await runPipeline(services, binding, body);
    } catch (error) {
      return faultResult(buildSignedFault(services, error, binding.version), error, action);
    }
  }, limits.requestTimeoutMs);
  if (outcome === 'timeout') {
    // SKSML-SRV-113: the work goes on (and keeps its slot) but the client gets its answer now.
    const error = new ServerError('SRV_TIMEOUT', 'the request did not finish in time');
    return faultResult(buildSignedFault(services, error, binding.version), error, action);
  }
  if (outcome === 'busy' || outcome === 'stopping') {
    // SKSML-SRV-113: refused before any work; not signed, so an overloaded server sheds work.
    // A Node request's unread body is drained or cut off by @hono/node-server after the answer.
    if (incoming === null) await c.req.raw.body?.cancel().catch(() => undefined);
    const error = new ServerError('SRV_BUSY', `request refused: ${outcome}`);
    return faultResult(buildPipelineFault(error, binding.version), error, action);
  }
  return outcome;
}

export function createSksHandler(
  services: SksServices,
  gate: RequestGate,
): (c: Context) => Promise<Response> {
  return async (c) => {
    const started = performance.now();
    const requestId = randomUUID();
    let result: PipelineResult;
    try {
      const binding = decideBinding(headOf(c), services.config.limits.maxBodyBytes);
      result = await admitted(services, gate, c, binding);
    } catch (error) {
      result = faultResult(buildSignedFault(services, error, null), error, 'unknown');
    }
    services.logger.request({
      requestId,
      client: result.client,
      action: result.action,
      outcome: result.outcome,
      code: result.code,
      status: result.response.status,
      durationMs: performance.now() - started,
      globalKeyIds: result.globalKeyIds,
    });
    return new Response(result.response.body, {
      status: result.response.status,
      headers: { ...result.response.headers, 'x-request-id': requestId },
    });
  };
}
