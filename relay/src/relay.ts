/**
 * Wires one relay instance: store, workflow engine and runner, services, app.
 * `main.ts` adds the real Sinch client, the HTTP server and signals; tests use
 * this with a fake Sinch and `app.request()`.
 * @module
 */

import type { ExtraRoutes } from './app.js';
import { createApp } from './app.js';
import { Authenticator } from './auth/principal.js';
import { SessionTokens } from './auth/session-tokens.js';
import type { RelayConfig } from './config.js';
import type { RelayServices } from './http/context.js';
import type { Logger } from './observability/logger.js';
import { RelayMetrics } from './observability/metrics.js';
import type { Store } from './store/index.js';
import { WorkflowEngine } from './workflow/engine.js';
import { OnboardingEvents } from './workflow/events.js';
import { OnboardingNotifier } from './workflow/notifier.js';
import type { SinchPort } from './workflow/ports.js';
import { WorkflowRunner } from './workflow/runner.js';

/** The SSE keep-alive interval (CONTRACT section 6) and the cross-replica re-read interval. */
export const SSE_KEEP_ALIVE_MS = 15_000;
export const SSE_POLL_MS = 1_000;

/** Inputs of {@link createRelay}. */
export interface RelayOptions {
  config: RelayConfig;
  store: Store;
  sinch: SinchPort;
  logger: Logger;
  metrics?: RelayMetrics;
  now?: () => number;
  sse?: { keepAliveMs: number; pollMs: number };
  /** Routes mounted at the root next to the relay's own (the templates feature). */
  extraRoutes?: (services: RelayServices) => ExtraRoutes[];
  /** Receives verified template callbacks. */
  onTemplateCallback?: RelayServices['onTemplateCallback'];
}

/** A wired relay. */
export interface Relay {
  app: ReturnType<typeof createApp>;
  services: RelayServices;
  runner: WorkflowRunner;
  metrics: RelayMetrics;
  /** Marks the relay as shutting down (readiness 503) and stops the runner after its running steps. */
  stop(): Promise<void>;
}

/** Wires a relay over `options` (the runner is not started: call `relay.runner.start()`). */
export function createRelay(options: RelayOptions): Relay {
  const { config, store, sinch, logger } = options;
  const now = options.now ?? Date.now;
  const metrics = options.metrics ?? new RelayMetrics(() => store.countByStatus());
  const events = new OnboardingEvents();
  const engine = new WorkflowEngine({
    store,
    sinch,
    events,
    logger,
    timing: config.workflow,
    leaseMs: config.workflow.leaseMs,
    webhook:
      config.publicUrl && config.sinch.webhookSecret
        ? {
            target: `${config.publicUrl}/v1/callbacks/sinch/provisioning`,
            secret: config.sinch.webhookSecret,
          }
        : undefined,
    now,
    notifyOnFinish: config.onboardingWebhook !== undefined,
    onStep: (step, outcome, ms) => metrics.recordStep(step, outcome, ms),
  });
  const runner = new WorkflowRunner({
    store,
    engine,
    logger,
    leaseMs: config.workflow.leaseMs,
    intervalMs: config.workflow.runnerIntervalMs,
    concurrency: config.workflow.concurrency,
    now,
  });
  const notifier = config.onboardingWebhook
    ? new OnboardingNotifier({
        ...config.onboardingWebhook,
        store,
        logger,
        owner: runner.owner,
        intervalMs: Math.max(config.workflow.runnerIntervalMs, 100),
        now,
      })
    : undefined;
  if (notifier) {
    notifier.start();
    // Deliver right after an onboarding finishes in this process, not at the next pass.
    events.subscribe((row) => {
      if (row.status !== 'in_progress') notifier.poke();
    });
  }
  let shuttingDown = false;
  const sessions = new SessionTokens(config.sessionSecret);
  const services: RelayServices = {
    config,
    store,
    events,
    logger,
    metrics,
    sessions,
    auth: new Authenticator(config.adminToken, sessions),
    wake: (id) => runner.wake(id),
    now,
    isShuttingDown: () => shuttingDown,
    sse: options.sse ?? { keepAliveMs: SSE_KEEP_ALIVE_MS, pollMs: SSE_POLL_MS },
    ...(options.onTemplateCallback ? { onTemplateCallback: options.onTemplateCallback } : {}),
  };
  return {
    app: createApp(services, options.extraRoutes?.(services) ?? []),
    services,
    runner,
    metrics,
    async stop() {
      shuttingDown = true;
      await runner.stop();
      await notifier?.stop();
    },
  };
}
