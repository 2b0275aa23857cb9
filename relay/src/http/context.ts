/**
 * What the routes share: the services of one relay instance, and the Hono
 * environment type that carries them.
 * @module
 */
import type { Authenticator } from '../auth/principal.js';
import type { CustomerSession, SessionTokens } from '../auth/session-tokens.js';
import type { RelayConfig } from '../config.js';
import type { Logger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { Store } from '../store/index.js';
import type { OnboardingEvents } from '../workflow/events.js';

/** Starts work on an onboarding in this process at once (the runner's `wake`). */
export type Wake = (onboardingId: string) => void;

/** The services routes use. */
export interface RelayServices {
  config: RelayConfig;
  store: Store;
  events: OnboardingEvents;
  logger: Logger;
  metrics: RelayMetrics;
  sessions: SessionTokens;
  auth: Authenticator;
  wake: Wake;
  now: () => number;
  /** True once shutdown began (readiness turns 503). */
  isShuttingDown: () => boolean;
  /** Records a verified `WHATSAPP_TEMPLATE_*` callback (the templates feature), when enabled. */
  onTemplateCallback?: (callback: { type: string; payload: Record<string, unknown> }) => Promise<unknown>;
  /** SSE timings (overridable by tests). */
  sse: { keepAliveMs: number; pollMs: number };
}

/** The Hono environment of the relay's apps. */
export interface RelayEnv {
  Variables: {
    requestId: string;
    /** The customer the request acts for, once authenticated (logs, rate limiting). */
    customerId?: string;
    /** The verified session of a customer request. */
    session?: CustomerSession;
  };
}
