/** Public API of the reference SKS server (spec/server.md). */
export { createServer, DEFAULT_DRAIN_TIMEOUT_MS } from './service/create-server.ts';
export type { SksServer } from './service/create-server.ts';
export { openServices, syncKeyClasses } from './service/open-services.ts';
export type { ServerDeps } from './service/open-services.ts';
export type { SksServices } from './service/services.ts';
export { createJsonLogger, createMemoryLogger } from './service/request-log.ts';
export type { RequestLogRecord, ServerLogger } from './service/request-log.ts';
export { approveRequest, denyRequest, ApprovalError } from './handlers/approve-request.ts';
export { ensureDevData, DEV_CLIENT_FILES } from './dev/ensure-dev-data.ts';
export type { DevData } from './dev/ensure-dev-data.ts';
export { registerDevClient } from './dev/register-dev-client.ts';
export { listenSksServer } from './service/listen.ts';
export type { ListeningServer } from './service/listen.ts';
export { certificateFingerprint } from './pipeline/identify-stage.ts';
