/**
 * The control API: methods for in-process tests, and the same under `/_control/...` over HTTP for demos
 * and other processes. It needs no credentials, so the sandbox must only listen on loopback.
 * @module
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxCore } from './core.js';
import type { TokenIssuer } from './tokens.js';
import type { CallbackLogEntry, FaultSpec, PlannedOutcome, RequestLogEntry, SandboxState } from './types.js';

/** Steering and inspection of a running sandbox. */
export interface SinchSandboxControl {
  /** Adds `ms` of latency to every call of `operation` (`*` for all); 0 removes it. */
  setLatency(operation: string, ms: number): void;
  /** Delay from sender creation to its outcome, for senders created from now on. */
  setActivationDelay(ms: number): void;
  /** Delay from template submission to `APPROVED`. */
  setTemplateApprovalDelay(ms: number): void;
  /**
   * Moves a sender now: `ACTIVE`, `INACTIVE`, `SUSPENDED` (its `state`), or `ERROR` / `REJECTED` (its
   * `changes.status`), and sends the `WHATSAPP_SENDER_<state>` callback. Returns the sender DTO.
   */
  setSenderState(
    senderId: string,
    state: 'ACTIVE' | 'ERROR' | 'REJECTED' | 'INACTIVE' | 'SUSPENDED',
    errorReason?: string,
  ): Record<string, unknown>;
  /** The next sender created (for `phoneNumberId`, or any) ends in `outcome` instead of `ACTIVE`. */
  planSenderOutcome(plan: PlannedOutcome): void;
  /** Arms a fault for the next `times` calls of an operation. */
  injectFault(fault: FaultSpec): void;
  /** Disarms every fault. */
  clearFaults(): void;
  /** Lifetime of tokens issued from now on. */
  setTokenLifetime(seconds: number): void;
  /** The access tokens issued so far (for secret-scan tests; the request log redacts them). */
  issuedTokens(): string[];
  /** Every token issued so far is answered as expired from now on. */
  expireTokens(): void;
  /** How long new subprojects answer `project_not_initialized` on Provisioning. */
  setProjectInitDelay(ms: number): void;
  /** The requests received (optionally one operation's), oldest first, secrets redacted. */
  requests(filter?: { operation?: string }): RequestLogEntry[];
  /** Empties the request log. */
  clearRequests(): void;
  /** Callback deliveries so far. */
  callbacks(): CallbackLogEntry[];
  /** Resolves once every callback under way is delivered or given up. */
  settleCallbacks(): Promise<void>;
  /** Current state and settings. */
  state(): SandboxState;
  /** Forgets all state, logs, faults and settings changes. */
  reset(): void;
}

/** The control methods over `core`. */
export function createControl(core: SandboxCore, tokens: TokenIssuer): SinchSandboxControl {
  return {
    issuedTokens() {
      return [...tokens.issued];
    },
    setLatency(operation, ms) {
      if (ms > 0) core.latency.set(operation, ms);
      else core.latency.delete(operation);
    },
    setActivationDelay(ms) {
      core.activationMs = ms;
    },
    setTemplateApprovalDelay(ms) {
      core.templateApprovalMs = ms;
    },
    setSenderState(senderId, state, errorReason) {
      return core.setSenderState(senderId, state, errorReason).dto;
    },
    planSenderOutcome(plan) {
      core.plannedOutcomes.push(plan);
    },
    injectFault(fault) {
      core.addFault(fault);
    },
    clearFaults() {
      core.faults = [];
    },
    setTokenLifetime(seconds) {
      core.tokenLifetimeSeconds = seconds;
    },
    expireTokens() {
      tokens.expireAll();
    },
    setProjectInitDelay(ms) {
      core.projectInitMs = ms;
    },
    requests(filter) {
      return filter?.operation
        ? core.requests.filter((entry) => entry.operation === filter.operation)
        : [...core.requests];
    },
    clearRequests() {
      core.requests.length = 0;
    },
    callbacks() {
      return [...core.callbacks];
    },
    settleCallbacks() {
      return core.settleCallbacks();
    },
    state() {
      return core.state();
    },
    reset() {
      core.reset();
      tokens.forget();
    },
  };
}

const Ms = z.object({ ms: z.number().int().min(0) });
const FaultSchema = z.strictObject({
  operation: z.string().min(1),
  times: z.number().int().min(1).optional(),
  skip: z.number().int().min(0).optional(),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().int().min(0).optional(),
  reset: z.boolean().optional(),
  malformed: z.boolean().optional(),
  commit: z.boolean().optional(),
});
const SenderStateSchema = z.object({
  state: z.enum(['ACTIVE', 'ERROR', 'REJECTED', 'INACTIVE', 'SUSPENDED']),
  errorReason: z.string().optional(),
});
const PlanSchema = z.object({
  outcome: z.enum(['ACTIVE', 'ERROR', 'REJECTED']),
  phoneNumberId: z.string().optional(),
});

/** The control API as HTTP routes (mounted at `/_control`). */
export function controlRoutes(control: SinchSandboxControl) {
  const routes = new Hono();
  const parse = async <T>(schema: z.ZodType<T>, request: Request): Promise<T | Response> => {
    let json: unknown;
    try {
      json = await request.json();
    } catch {
      json = undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return Response.json({ error: z.prettifyError(parsed.error) }, { status: 400 });
    return parsed.data;
  };
  routes.get('/state', (c) => c.json(control.state()));
  routes.get('/requests', (c) => {
    const operation = c.req.query('operation');
    return c.json({ requests: control.requests(operation ? { operation } : undefined) });
  });
  routes.delete('/requests', (c) => {
    control.clearRequests();
    return c.body(null, 204);
  });
  routes.get('/callbacks', (c) => c.json({ callbacks: control.callbacks() }));
  routes.put('/latency', async (c) => {
    const input = await parse(
      z.object({ operation: z.string().min(1), ms: z.number().int().min(0) }),
      c.req.raw,
    );
    if (input instanceof Response) return input;
    control.setLatency(input.operation, input.ms);
    return c.body(null, 204);
  });
  routes.post('/faults', async (c) => {
    const input = await parse(FaultSchema, c.req.raw);
    if (input instanceof Response) return input;
    control.injectFault(input as FaultSpec);
    return c.body(null, 204);
  });
  routes.delete('/faults', (c) => {
    control.clearFaults();
    return c.body(null, 204);
  });
  routes.put('/activation', async (c) => {
    const input = await parse(Ms, c.req.raw);
    if (input instanceof Response) return input;
    control.setActivationDelay(input.ms);
    return c.body(null, 204);
  });
  routes.put('/template-approval', async (c) => {
    const input = await parse(Ms, c.req.raw);
    if (input instanceof Response) return input;
    control.setTemplateApprovalDelay(input.ms);
    return c.body(null, 204);
  });
  routes.put('/project-init', async (c) => {
    const input = await parse(Ms, c.req.raw);
    if (input instanceof Response) return input;
    control.setProjectInitDelay(input.ms);
    return c.body(null, 204);
  });
  routes.put('/token-lifetime', async (c) => {
    const input = await parse(z.object({ seconds: z.number().int().min(1) }), c.req.raw);
    if (input instanceof Response) return input;
    control.setTokenLifetime(input.seconds);
    return c.body(null, 204);
  });
  routes.post('/expire-tokens', (c) => {
    control.expireTokens();
    return c.body(null, 204);
  });
  routes.post('/senders/:senderId/state', async (c) => {
    const input = await parse(SenderStateSchema, c.req.raw);
    if (input instanceof Response) return input;
    try {
      return c.json(control.setSenderState(c.req.param('senderId'), input.state, input.errorReason));
    } catch {
      return c.json({ error: 'no such sender' }, 404);
    }
  });
  routes.post('/sender-outcomes', async (c) => {
    const input = await parse(PlanSchema, c.req.raw);
    if (input instanceof Response) return input;
    control.planSenderOutcome(
      input.phoneNumberId
        ? { outcome: input.outcome, phoneNumberId: input.phoneNumberId }
        : { outcome: input.outcome },
    );
    return c.body(null, 204);
  });
  routes.post('/settle-callbacks', async (c) => {
    await control.settleCallbacks();
    return c.body(null, 204);
  });
  routes.post('/reset', (c) => {
    control.reset();
    return c.body(null, 204);
  });
  return routes;
}
