/**
 * The relay's configuration: environment variables (CONTRACT section 3 plus the
 * relay's own tuning knobs) parsed once at start into a typed object.
 * @module
 */
import { z } from 'zod';

/** Thrown by {@link loadConfig}; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid relay configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const httpUrl = z.url({ protocol: /^https?$/ });
const milliseconds = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/** Comma list of origins (`https://shop.example`); each must be a bare origin. */
const originList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const origins = (value ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      for (const origin of origins) {
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {
          parsed = undefined;
        }
        if (!parsed || parsed.origin !== origin.replace(/\/$/, '')) {
          ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://shop.example` });
        }
      }
      return origins.map((origin) => origin.replace(/\/$/, ''));
    }),
);

const EnvironmentSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    SINCH_PROJECT_ID: z.string().min(1),
    SINCH_KEY_ID: z.string().min(1),
    SINCH_KEY_SECRET: z.string().min(1),
    SINCH_AUTH: z.enum(['oauth', 'basic']).default('oauth'),
    SINCH_AUTH_URL: httpUrl.default('https://auth.sinch.com/oauth2/token'),
    SINCH_SUBPROJECT_URL: httpUrl.default('https://subproject.api.sinch.com'),
    SINCH_PROVISIONING_URL: httpUrl.default('https://provisioning.api.sinch.com'),
    SINCH_CONVERSATION_URL: z
      .string()
      .default('https://{region}.conversation.api.sinch.com')
      .refine((value) => value.includes('{region}'), 'must contain the placeholder {region}')
      .refine(
        (value) => httpUrl.safeParse(value.replace('{region}', 'eu')).success,
        'must be an http(s) URL',
      ),
    SINCH_TIMEOUT_MS: milliseconds(15_000),
    SINCH_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().min(1).max(128).optional()),
    RELAY_PUBLIC_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
    RELAY_SESSION_SECRET: z
      .string()
      .refine((value) => Buffer.byteLength(value, 'utf8') >= 32, 'must be at least 32 bytes'),
    RELAY_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
    RELAY_ALLOWED_ORIGINS: originList,
    DATABASE_URL: z
      .string()
      .default('sqlite:./data/relay.db')
      .refine(
        (value) => /^sqlite:.+/.test(value) || /^postgres(ql)?:\/\//.test(value),
        'must be sqlite:<path> or postgres://…',
      ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RELAY_RETRY_BUDGET_MS: milliseconds(600_000),
    RELAY_LEASE_MS: milliseconds(30_000, 500),
    RELAY_RUNNER_INTERVAL_MS: milliseconds(1_000, 10),
    RELAY_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
    RELAY_POLL_INITIAL_MS: milliseconds(2_000, 10),
    RELAY_POLL_MAX_MS: milliseconds(30_000, 10),
    RELAY_ACTIVATION_TIMEOUT_MS: milliseconds(86_400_000),
    RELAY_SUBPROJECT_WARMUP_MS: milliseconds(30_000, 0),
    RELAY_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(65_536),
    RELAY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    RELAY_CUSTOMER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
    RELAY_SHUTDOWN_GRACE_MS: milliseconds(10_000),
    ONBOARDING_WEBHOOK_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
    ONBOARDING_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  })
  .superRefine((env, ctx) => {
    if (env.RELAY_PUBLIC_URL && !env.SINCH_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SINCH_WEBHOOK_SECRET'],
        message: 'is required when RELAY_PUBLIC_URL is set (Sinch signs its callbacks with it)',
      });
    }
    if (env.ONBOARDING_WEBHOOK_URL && !env.ONBOARDING_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['ONBOARDING_WEBHOOK_SECRET'],
        message: 'is required when ONBOARDING_WEBHOOK_URL is set',
      });
    }
    if (env.RELAY_POLL_MAX_MS < env.RELAY_POLL_INITIAL_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['RELAY_POLL_MAX_MS'],
        message: 'must be ≥ RELAY_POLL_INITIAL_MS',
      });
    }
  });

type Environment = z.infer<typeof EnvironmentSchema>;

/** The relay's typed configuration. */
export interface RelayConfig {
  host: string;
  port: number;
  sinch: {
    projectId: string;
    keyId: string;
    keySecret: string;
    auth: 'oauth' | 'basic';
    authUrl: string;
    subprojectUrl: string;
    provisioningUrl: string;
    conversationUrl: string;
    timeoutMs: number;
    /** Secret Sinch signs Provisioning callbacks with; the callback endpoint is 404 without it. */
    webhookSecret: string | undefined;
  };
  /** Public base URL (no trailing slash); when set, subprojects get a Provisioning webhook. */
  publicUrl: string | undefined;
  sessionSecret: string;
  adminToken: string;
  allowedOrigins: string[];
  databaseUrl: string;
  logLevel: Environment['LOG_LEVEL'];
  workflow: {
    /** How long retryable Sinch failures are retried before an onboarding fails with `retryable: true`. */
    retryBudgetMs: number;
    /** How long a replica owns an onboarding it works on before another may take it over. */
    leaseMs: number;
    /** How often the runner looks for due work written by other replicas or left by dead ones. */
    runnerIntervalMs: number;
    /** Onboardings one replica advances at once. */
    concurrency: number;
    pollInitialMs: number;
    pollMaxMs: number;
    activationTimeoutMs: number;
    /** Window after creating a subproject in which `project_not_found` is retried (Sinch needs up to 30 s). */
    subprojectWarmupMs: number;
  };
  http: {
    bodyLimitBytes: number;
    /** Requests per minute per client IP; 0 turns the limit off. */
    ipRateLimitPerMinute: number;
    /** Requests per minute per customer (`sub`); 0 turns the limit off. */
    customerRateLimitPerMinute: number;
    shutdownGraceMs: number;
  };
  onboardingWebhook: { url: string; secret: string } | undefined;
}

/**
 * Parses `env` into a {@link RelayConfig}.
 * @throws {ConfigError} naming each missing or invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): RelayConfig {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || 'environment';
        const missing = issue.code === 'invalid_type' && env[name] === undefined;
        return `${name}: ${missing ? 'is required' : issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    sinch: {
      projectId: e.SINCH_PROJECT_ID,
      keyId: e.SINCH_KEY_ID,
      keySecret: e.SINCH_KEY_SECRET,
      auth: e.SINCH_AUTH,
      authUrl: e.SINCH_AUTH_URL,
      subprojectUrl: e.SINCH_SUBPROJECT_URL.replace(/\/$/, ''),
      provisioningUrl: e.SINCH_PROVISIONING_URL.replace(/\/$/, ''),
      conversationUrl: e.SINCH_CONVERSATION_URL.replace(/\/$/, ''),
      timeoutMs: e.SINCH_TIMEOUT_MS,
      webhookSecret: e.SINCH_WEBHOOK_SECRET,
    },
    publicUrl: e.RELAY_PUBLIC_URL?.replace(/\/$/, ''),
    sessionSecret: e.RELAY_SESSION_SECRET,
    adminToken: e.RELAY_ADMIN_TOKEN,
    allowedOrigins: e.RELAY_ALLOWED_ORIGINS,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    workflow: {
      retryBudgetMs: e.RELAY_RETRY_BUDGET_MS,
      leaseMs: e.RELAY_LEASE_MS,
      runnerIntervalMs: e.RELAY_RUNNER_INTERVAL_MS,
      concurrency: e.RELAY_CONCURRENCY,
      pollInitialMs: e.RELAY_POLL_INITIAL_MS,
      pollMaxMs: e.RELAY_POLL_MAX_MS,
      activationTimeoutMs: e.RELAY_ACTIVATION_TIMEOUT_MS,
      subprojectWarmupMs: e.RELAY_SUBPROJECT_WARMUP_MS,
    },
    http: {
      bodyLimitBytes: e.RELAY_BODY_LIMIT_BYTES,
      ipRateLimitPerMinute: e.RELAY_RATE_LIMIT_PER_MINUTE,
      customerRateLimitPerMinute: e.RELAY_CUSTOMER_RATE_LIMIT_PER_MINUTE,
      shutdownGraceMs: e.RELAY_SHUTDOWN_GRACE_MS,
    },
    onboardingWebhook:
      e.ONBOARDING_WEBHOOK_URL && e.ONBOARDING_WEBHOOK_SECRET
        ? { url: e.ONBOARDING_WEBHOOK_URL, secret: e.ONBOARDING_WEBHOOK_SECRET }
        : undefined,
  };
}
