/**
 * The Hono application of the SKS server (no listening socket: `sksml server` or a test serves
 * it). Routes: POST /sks (SOAP 1.2 and 1.1), GET /sks?wsdl, GET /sks?xsd=NAME, GET /health; any
 * other method on /sks gets the binding's 405 fault; anything else 404.
 */
import { Hono } from 'hono';
import { SKS_ENDPOINT_PATH } from '../../protocol/soap/http-binding.ts';
import type { SksServices } from '../service/services.ts';
import { answerDocumentRequest } from './documents-route.ts';
import { addHealthRoute } from './health-route.ts';
import type { RequestGate } from './request-gate.ts';
import { createSksHandler } from './sks-route.ts';

export function createApp(services: SksServices, gate: RequestGate): Hono {
  const app = new Hono();
  const sks = createSksHandler(services, gate);
  addHealthRoute(app, services, gate);
  app.get(SKS_ENDPOINT_PATH, (c) => answerDocumentRequest(c) ?? sks(c));
  app.all(SKS_ENDPOINT_PATH, sks);
  app.notFound((c) => c.text('not found\n', 404));
  app.onError((_error, c) => c.text('internal error\n', 500));
  return app;
}
