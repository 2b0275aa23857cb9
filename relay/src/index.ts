/**
 * `@whatsapp-signup/relay` as a library: build a relay in-process (tests,
 * benchmarks, embedding) from the same pieces `main.ts` uses.
 * @module
 */
export { createApp } from './app.js';
export { ConfigError, loadConfig, type RelayConfig } from './config.js';
export { buildOpenApiDocument } from './http/openapi.js';
export { createLogger, type Logger } from './observability/logger.js';
export { RelayMetrics } from './observability/metrics.js';
export { createRelay, type Relay, type RelayOptions } from './relay.js';
export { callbackSignature } from './routes/callbacks.js';
export { openStore, Store } from './store/index.js';
export { toOnboarding } from './store/resource.js';
export type { SinchPort } from './workflow/ports.js';
