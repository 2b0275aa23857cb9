/**
 * Shapes of the sandbox's state, its control API and its logs.
 * @module
 */

/** Options of the sandbox (all optional). */
export interface SinchSandboxOptions {
  /** Only this key ID is accepted; any when unset. */
  keyId?: string | undefined;
  /** Only this key secret is accepted; any when unset. */
  keySecret?: string | undefined;
  /** Only this parent project ID is accepted; any when unset. */
  projectId?: string | undefined;
  /** Delay from sender creation to `ACTIVE` (default 3,000 ms). */
  activationMs?: number | undefined;
  /** Delay from template submission to `APPROVED` (default: the activation delay). */
  templateApprovalMs?: number | undefined;
  /** Lifetime of issued access tokens (default 3,600 s). */
  tokenLifetimeSeconds?: number | undefined;
  /** How long a new subproject answers `project_not_initialized` on Provisioning (default 0). */
  projectInitMs?: number | undefined;
  /** Attempts per callback delivery (default 3). */
  callbackAttempts?: number | undefined;
  /**
   * Rate-limit the token endpoint as Sinch's does (token bucket of 30, refilled 10/s; 429 without
   * `Retry-After`). Off by default so that suites starting many relays are not throttled.
   */
  tokenRateLimit?: boolean | undefined;
}

/** A subproject as stored. */
export interface SubprojectRecord {
  subprojectId: string;
  displayName: string;
  labels: Record<string, string>;
  parentProjectId: string;
  createTime: string;
  updateTime: string;
  deleted: boolean;
}

/** A WhatsApp sender as stored (the Meta IDs are kept but, as at Sinch, not shown in the DTO). */
export interface SenderRecord {
  projectId: string;
  wabaId: string;
  phoneNumberId: string;
  dto: Record<string, unknown> & { id: string };
  deleted: boolean;
}

/** A Provisioning webhook as stored (with its secret, which answers never show). */
export interface WebhookRecord {
  id: string;
  projectId: string;
  target: string;
  secret: string;
  triggers: string[];
}

/** A template as stored. */
export interface TemplateRecord {
  projectId: string;
  dto: Record<string, unknown> & { name: string; language: string };
}

/** A Conversation app as stored (snake_case, as answered). */
export interface AppRecord {
  region: string;
  projectId: string;
  dto: Record<string, unknown> & { id: string; display_name: string };
}

/** A Conversation webhook as stored. */
export interface ConversationWebhookRecord {
  region: string;
  projectId: string;
  dto: Record<string, unknown> & { id: string; app_id: string };
}

/** A fault injected for the next `times` calls of an operation. */
export interface FaultSpec {
  /** Operation name (see the README), or `*` for any. */
  operation: string;
  /** How many calls it applies to (default 1). */
  times?: number;
  /** Let this many matching calls through untouched first (default 0). */
  skip?: number;
  /** Answer with this status (and `body`, `headers`) instead of the real answer. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
  /** Answer 200 with a body that is not JSON. */
  malformed?: boolean;
  /** Carry the call out first, then apply the fault (the resource exists though the caller saw a failure). */
  commit?: boolean;
}

/** One request the sandbox received, with secrets redacted. */
export interface RequestLogEntry {
  seq: number;
  at: string;
  operation: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** `Basic`, `Bearer` or `none`: never the credential itself. */
  authScheme: string;
  contentType: string | undefined;
  body: unknown;
  status: number;
  responseBody: unknown;
  /** What was done to the call: `latency`, `fault:<kind>`. */
  notes: string[];
}

/** One callback delivery attempt series. */
export interface CallbackLogEntry {
  at: string;
  projectId: string;
  target: string;
  type: string;
  attempts: number;
  status: number | undefined;
  delivered: boolean;
}

/** A sender outcome planned for future senders. */
export interface PlannedOutcome {
  outcome: 'ACTIVE' | 'ERROR' | 'REJECTED';
  phoneNumberId?: string;
}

/** What `GET /_control/state` answers. */
export interface SandboxState {
  subprojects: SubprojectRecord[];
  senders: Array<{
    projectId: string;
    wabaId: string;
    phoneNumberId: string;
    sender: Record<string, unknown>;
  }>;
  webhooks: Array<Omit<WebhookRecord, 'secret'>>;
  templates: Array<{ projectId: string; template: Record<string, unknown> }>;
  apps: Array<{ region: string; projectId: string; app: Record<string, unknown> }>;
  settings: {
    activationMs: number;
    templateApprovalMs: number;
    tokenLifetimeSeconds: number;
    projectInitMs: number;
    latency: Record<string, number>;
    faults: FaultSpec[];
  };
}
