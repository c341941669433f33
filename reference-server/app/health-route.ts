/** GET /health: liveness for probes — no secrets, no configuration, only state and counters. */
import type { Hono } from 'hono';
import type { SksServices } from '../service/services.ts';
import type { RequestGate } from './request-gate.ts';

export function addHealthRoute(app: Hono, services: SksServices, gate: RequestGate): void {
  app.get('/health', (c) => {
    const body = {
      status: gate.stopping ? 'stopping' : 'ok',
      inFlight: gate.inFlight,
      integrityAlarms: services.alarms.length,
    };
    return c.json(body, gate.stopping ? 503 : 200);
  });
}
