/**
 * The Sinch client: Subprojects, Provisioning (senders, templates, webhooks) and Conversation (apps), with
 * retries, re-authentication and reconciliation of creates whose outcome is unknown.
 * See `docs/sinch.md` for the error handling of each call.
 * @module
 */
import type { ConversationRegion, MetaLocalStorage, Region } from '@whatsapp-signup/shared';
import type { z } from 'zod';
import { BasicCredentials, type Credentials, OAuthCredentials, saysTokenExpired } from './auth.js';
import { backoffDelay, type RetryPolicy, sleep } from './backoff.js';
import { SinchError } from './errors.js';
import { redactingLogger, type SinchLogger } from './logger.js';
import { SecretSet } from './redact.js';
import {
  type App,
  type ProvisioningWebhook,
  ProvisioningWebhookListSchema,
  ProvisioningWebhookSchema,
  RawAppListSchema,
  RawAppSchema,
  type Sender,
  SenderListSchema,
  SenderSchema,
  type Subproject,
  SubprojectListSchema,
  SubprojectSchema,
  type Template,
  TemplateListSchema,
  TemplateSchema,
} from './schemas.js';
import { type HttpResponse, Transport, wasNotSent } from './transport.js';

/** Options of {@link createSinchClient}; the URLs are the CONTRACT §3 variables. */
export interface SinchClientOptions {
  /** The ASP's parent project ID (`SINCH_PROJECT_ID`). */
  projectId: string;
  keyId: string;
  keySecret: string;
  /** `oauth` in production; `basic` sends the key on every call (testing only, logs a warning). */
  auth: 'oauth' | 'basic';
  authUrl: string;
  subprojectUrl: string;
  provisioningUrl: string;
  /** Contains `{region}`, replaced by `eu`, `us` or `br`. */
  conversationUrl: string;
  logger: SinchLogger;
  /** Per HTTP call, default 15,000 ms. */
  timeoutMs?: number;
  /** In-call retries of retryable failures; defaults 4 attempts, 250 ms base, 5,000 ms cap. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Metrics hook, called once per HTTP exchange (token requests included, as `oauth.token`). */
  onCall?: (call: {
    operation: string;
    outcome: 'ok' | 'retryable_error' | 'permanent_error';
    status?: number;
    durationMs: number;
  }) => void;
  /**
   * How long after its creation a subproject's `project_not_found` / `project_not_initialized` answers count
   * as retryable (Sinch: "up to 30 s"); default 30,000 ms.
   */
  freshProjectWindowMs?: number;
}

/** Query of the list calls. */
export interface PageQuery {
  pageSize?: number;
  pageToken?: string;
}

/** What identifies the sender of one phone number in a project. */
export interface SenderMatch {
  phoneNumberId: string;
  wabaId: string;
  /**
   * Senders of this project already attributed to other phone numbers. Sinch's sender resource does not
   * expose `phoneNumberId`, so the match is "the one sender not in this list" (see `docs/sinch.md`).
   */
  excludeSenderIds?: readonly string[];
}

/** The Sinch operations the relay needs. Every method rejects only with {@link SinchError}. */
export interface SinchClient {
  /** Creates a subproject of the parent project; after an ambiguous failure, finds it by its labels first. */
  createSubproject(input: { displayName: string; labels: Record<string, string> }): Promise<Subproject>;
  /** The first non-deleted subproject carrying all `labels`, paging through the whole list. */
  findSubprojectByLabels(labels: Record<string, string>): Promise<Subproject | undefined>;
  getSubproject(subprojectId: string): Promise<Subproject>;
  listSubprojects(query?: PageQuery): Promise<{ subprojects: Subproject[]; nextPageToken?: string }>;
  /** Creates a WhatsApp sender (Embedded Signup body); reconciles an ambiguous failure, never duplicates. */
  createSender(
    projectId: string,
    body: { region: Region; metaLocalStorage: MetaLocalStorage; wabaId: string; phoneNumberId: string },
    options?: { excludeSenderIds?: readonly string[] },
  ): Promise<Sender>;
  /** The sender of `match.phoneNumberId` in the project, if it exists (see {@link SenderMatch}). */
  findSender(projectId: string, match: SenderMatch): Promise<Sender | undefined>;
  getSender(projectId: string, senderId: string): Promise<Sender>;
  listSenders(
    projectId: string,
    query?: PageQuery,
  ): Promise<{ senders: Sender[]; nextPageToken?: string; totalSize: number }>;
  /** Creates a template (Sinch's `WhatsappTemplateInputDto`); an ambiguous failure is reconciled by name+language. */
  createTemplate(projectId: string, body: unknown): Promise<Template>;
  listTemplates(
    projectId: string,
    query?: PageQuery,
  ): Promise<{ templates: Template[]; nextPageToken?: string }>;
  /** Registers a Provisioning webhook; `409 webhook_exists` is not an error (`alreadyExisted: true`). */
  registerWebhook(
    projectId: string,
    input: { target: string; secret: string; triggers: string[] },
  ): Promise<{ id?: string; alreadyExisted: boolean }>;
  listWebhooks(projectId: string): Promise<ProvisioningWebhook[]>;
  /**
   * Creates a Conversation API app bound to the sender; an ambiguous failure is reconciled by display name and
   * `claimed_identity`. The returned app never contains the token.
   */
  createApp(
    region: ConversationRegion,
    projectId: string,
    input: { displayName: string; senderId: string; bearerToken: string },
  ): Promise<App>;
  findApp(
    region: ConversationRegion,
    projectId: string,
    match: { displayName: string; senderId: string },
  ): Promise<App | undefined>;
  getApp(region: ConversationRegion, projectId: string, appId: string): Promise<App>;
  listApps(region: ConversationRegion, projectId: string): Promise<App[]>;
  /**
   * Tells the client that `projectId` was created at `createdAt`, so that `project_not_found` /
   * `project_not_initialized` on it are retried until it is `freshProjectWindowMs` old. Subprojects the client
   * creates, gets or finds are noted automatically; the relay calls this after a restart.
   */
  noteProjectCreated(projectId: string, createdAt: Date | string): void;
  /** Closes the connection pools. */
  close(): Promise<void>;
}

/** Which base URL a call goes to. */
type Api = 'sub' | 'prov' | 'conv';

interface CallSpec {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  api: Api;
  region?: ConversationRegion;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** The project the call acts on, for the fresh-project rule. */
  projectId?: string;
}

/** Codes a young subproject may answer before Sinch finished setting it up (CONTRACT §6). */
const FRESH_PROJECT_CODES = new Set(['project_not_found', 'project_not_initialized']);
/** How many project creation times to remember. */
const MAX_TRACKED_PROJECTS = 10_000;

/** Creates a {@link SinchClient}. */
export function createSinchClient(options: SinchClientOptions): SinchClient {
  return new HttpSinchClient(options);
}

const seg = encodeURIComponent;

class HttpSinchClient implements SinchClient {
  readonly #options: SinchClientOptions;
  readonly #secrets = new SecretSet();
  readonly #logger: SinchLogger;
  readonly #transport: Transport;
  readonly #credentials: Credentials;
  readonly #retry: RetryPolicy;
  readonly #freshWindowMs: number;
  readonly #projectBirth = new Map<string, number>();
  readonly #locks = new Map<string, Promise<unknown>>();
  /** Sender ID → phoneNumberId for senders this process created or matched (bounded). */
  readonly #senderPhones = new Map<string, string>();

  constructor(options: SinchClientOptions) {
    this.#options = options;
    this.#secrets.add(options.keySecret);
    this.#logger = redactingLogger(options.logger, this.#secrets);
    this.#retry = {
      maxAttempts: Math.max(1, options.retry?.maxAttempts ?? 4),
      baseDelayMs: options.retry?.baseDelayMs ?? 250,
      maxDelayMs: options.retry?.maxDelayMs ?? 5_000,
    };
    this.#freshWindowMs = options.freshProjectWindowMs ?? 30_000;
    this.#transport = new Transport({ timeoutMs: options.timeoutMs ?? 15_000, secrets: this.#secrets });
    this.#credentials =
      options.auth === 'basic'
        ? new BasicCredentials(options.keyId, options.keySecret, this.#logger, this.#secrets)
        : new OAuthCredentials({
            authUrl: options.authUrl,
            keyId: options.keyId,
            keySecret: options.keySecret,
            transport: this.#transport,
            retry: this.#retry,
            logger: this.#logger,
            secrets: this.#secrets,
            onResponse: (status, durationMs, ok, retryable) =>
              this.#report(
                'oauth.token',
                ok ? 'ok' : retryable ? 'retryable_error' : 'permanent_error',
                status,
                durationMs,
              ),
          });
  }

  // ---- Subprojects ----

  async createSubproject(input: {
    displayName: string;
    labels: Record<string, string>;
  }): Promise<Subproject> {
    const projectId = this.#options.projectId;
    const canReconcile = Object.keys(input.labels).length > 0;
    const subproject = await this.#createReconciled(
      {
        operation: 'subprojects.create',
        method: 'POST',
        api: 'sub',
        path: `/v1/projects/${seg(projectId)}/subprojects`,
        body: { displayName: input.displayName, labels: input.labels },
      },
      SubprojectSchema,
      // Without labels there is nothing to find it by: surface the failure rather than risk a duplicate.
      canReconcile ? () => this.findSubprojectByLabels(input.labels) : undefined,
    );
    return this.#remember(subproject);
  }

  async findSubprojectByLabels(labels: Record<string, string>): Promise<Subproject | undefined> {
    const wanted = Object.entries(labels);
    let pageToken: string | undefined;
    do {
      const page = await this.listSubprojects({ pageSize: 1000, ...(pageToken ? { pageToken } : {}) });
      const found = page.subprojects.find(
        (subproject) =>
          !subproject.deleted && wanted.every(([key, value]) => subproject.labels[key] === value),
      );
      if (found) return found;
      pageToken = page.nextPageToken;
    } while (pageToken);
    return undefined;
  }

  async getSubproject(subprojectId: string): Promise<Subproject> {
    const subproject = await this.#call(
      {
        operation: 'subprojects.get',
        method: 'GET',
        api: 'sub',
        path: `/v1/subprojects/${seg(subprojectId)}`,
      },
      SubprojectSchema,
    );
    return this.#remember(subproject);
  }

  async listSubprojects(
    query: PageQuery = {},
  ): Promise<{ subprojects: Subproject[]; nextPageToken?: string }> {
    const page = await this.#call(
      {
        operation: 'subprojects.list',
        method: 'GET',
        api: 'sub',
        path: `/v1/projects/${seg(this.#options.projectId)}/subprojects`,
        query: { pageSize: query.pageSize, pageToken: query.pageToken },
      },
      SubprojectListSchema,
    );
    for (const subproject of page.subprojects) this.#remember(subproject);
    return {
      subprojects: page.subprojects,
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    };
  }

  // ---- Senders ----

  async createSender(
    projectId: string,
    body: { region: Region; metaLocalStorage: MetaLocalStorage; wabaId: string; phoneNumberId: string },
    options: { excludeSenderIds?: readonly string[] } = {},
  ): Promise<Sender> {
    // One create at a time per project in this process, so that "the sender that appeared since the
    // snapshot" can only be ours (Sinch's sender resource has no phoneNumberId to match on).
    return this.#serialized(`senders:${projectId}`, async () => {
      const before = new Set([
        ...(options.excludeSenderIds ?? []),
        ...(await this.#allSenders(projectId)).map((s) => s.id),
      ]);
      const sender = await this.#createReconciled(
        {
          operation: 'senders.create',
          method: 'POST',
          api: 'prov',
          path: `/v1/projects/${seg(projectId)}/whatsapp/senders`,
          body: {
            region: body.region,
            metaLocalStorage: body.metaLocalStorage,
            wabaId: body.wabaId,
            phoneNumberId: body.phoneNumberId,
          },
          projectId,
        },
        SenderSchema,
        () => this.findSender(projectId, { ...body, excludeSenderIds: [...before] }),
        ['used_phone_number_id'],
        // A caller that lists the project's other senders may resume a create whose answer it lost
        // before a restart: Sinch's 409 then means "it exists", and the one unlisted sender is it.
        options.excludeSenderIds
          ? () => this.findSender(projectId, { ...body, excludeSenderIds: options.excludeSenderIds })
          : undefined,
      );
      this.#secrets.add(sender.bearerToken);
      this.#notePhone(sender.id, body.phoneNumberId);
      return sender;
    });
  }

  #notePhone(senderId: string, phoneNumberId: string): void {
    this.#senderPhones.set(senderId, phoneNumberId);
    if (this.#senderPhones.size > MAX_TRACKED_PROJECTS) {
      const oldest = this.#senderPhones.keys().next().value;
      if (oldest !== undefined) this.#senderPhones.delete(oldest);
    }
  }

  async findSender(projectId: string, match: SenderMatch): Promise<Sender | undefined> {
    const senders = await this.#allSenders(projectId);
    // An exact match first: a phoneNumberId on the sender (should Sinch ever expose it), or this process's
    // own record of which phone number a sender was created for.
    const exact = senders.find(
      (sender) =>
        sender.phoneNumberId === match.phoneNumberId ||
        this.#senderPhones.get(sender.id) === match.phoneNumberId,
    );
    if (exact) return exact;
    const excluded = new Set(match.excludeSenderIds ?? []);
    const candidates = senders.filter(
      (sender) =>
        !excluded.has(sender.id) &&
        (sender.phoneNumberId === undefined || sender.phoneNumberId === null) &&
        !this.#senderPhones.has(sender.id),
    );
    if (candidates.length > 1) {
      throw new SinchError({
        operation: 'senders.find',
        code: 'reconcile_ambiguous',
        message: `${candidates.length} senders in the project could belong to this phone number`,
        retryable: false,
      });
    }
    const found = candidates[0];
    if (found) this.#notePhone(found.id, match.phoneNumberId);
    return found;
  }

  async getSender(projectId: string, senderId: string): Promise<Sender> {
    const sender = await this.#call(
      {
        operation: 'senders.get',
        method: 'GET',
        api: 'prov',
        path: `/v1/projects/${seg(projectId)}/whatsapp/senders/${seg(senderId)}`,
        projectId,
      },
      SenderSchema,
    );
    this.#secrets.add(sender.bearerToken);
    return sender;
  }

  async listSenders(
    projectId: string,
    query: PageQuery = {},
  ): Promise<{ senders: Sender[]; nextPageToken?: string; totalSize: number }> {
    const page = await this.#call(
      {
        operation: 'senders.list',
        method: 'GET',
        api: 'prov',
        path: `/v1/projects/${seg(projectId)}/whatsapp/senders`,
        query: { pageSize: query.pageSize, pageToken: query.pageToken },
        projectId,
      },
      SenderListSchema,
    );
    for (const sender of page.senders) this.#secrets.add(sender.bearerToken);
    return {
      senders: page.senders,
      totalSize: page.totalSize,
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    };
  }

  async #allSenders(projectId: string): Promise<Sender[]> {
    const all: Sender[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.listSenders(projectId, { pageSize: 100, ...(pageToken ? { pageToken } : {}) });
      all.push(...page.senders);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return all;
  }

  // ---- Templates ----

  createTemplate(projectId: string, body: unknown): Promise<Template> {
    const record = (body ?? {}) as { name?: unknown; language?: unknown };
    const name = typeof record.name === 'string' ? record.name : undefined;
    const language = typeof record.language === 'string' ? record.language : undefined;
    return this.#createReconciled(
      {
        operation: 'templates.create',
        method: 'POST',
        api: 'prov',
        path: `/v1/projects/${seg(projectId)}/whatsapp/templates`,
        body,
        projectId,
      },
      TemplateSchema,
      name && language ? () => this.#findTemplate(projectId, name, language) : undefined,
      ['template_exists'],
    );
  }

  async listTemplates(
    projectId: string,
    query: PageQuery = {},
  ): Promise<{ templates: Template[]; nextPageToken?: string }> {
    const page = await this.#call(
      {
        operation: 'templates.list',
        method: 'GET',
        api: 'prov',
        path: `/v1/projects/${seg(projectId)}/whatsapp/templates`,
        query: { pageSize: query.pageSize, pageToken: query.pageToken },
        projectId,
      },
      TemplateListSchema,
    );
    return {
      templates: page.templates,
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    };
  }

  async #findTemplate(projectId: string, name: string, language: string): Promise<Template | undefined> {
    let pageToken: string | undefined;
    do {
      const page = await this.listTemplates(projectId, {
        pageSize: 100,
        ...(pageToken ? { pageToken } : {}),
      });
      const found = page.templates.find(
        (template) => template.name === name && template.language === language,
      );
      if (found) return found;
      pageToken = page.nextPageToken;
    } while (pageToken);
    return undefined;
  }

  // ---- Provisioning webhooks ----

  async registerWebhook(
    projectId: string,
    input: { target: string; secret: string; triggers: string[] },
  ): Promise<{ id?: string; alreadyExisted: boolean }> {
    this.#secrets.add(input.secret);
    const findByTarget = async () =>
      (await this.listWebhooks(projectId)).find((hook) => hook.target === input.target);
    try {
      const created = await this.#createReconciled(
        {
          operation: 'webhooks.create',
          method: 'POST',
          api: 'prov',
          path: `/v1/projects/${seg(projectId)}/webhooks`,
          body: { target: input.target, secret: input.secret, triggers: input.triggers },
          projectId,
        },
        ProvisioningWebhookSchema,
        findByTarget,
      );
      return { id: created.id, alreadyExisted: false };
    } catch (error) {
      if (!(error instanceof SinchError) || error.code !== 'webhook_exists') throw error;
      const existing = await findByTarget();
      return { ...(existing ? { id: existing.id } : {}), alreadyExisted: true };
    }
  }

  async listWebhooks(projectId: string): Promise<ProvisioningWebhook[]> {
    const all: ProvisioningWebhook[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.#call(
        {
          operation: 'webhooks.list',
          method: 'GET',
          api: 'prov',
          path: `/v1/projects/${seg(projectId)}/webhooks`,
          query: { pageToken },
          projectId,
        },
        ProvisioningWebhookListSchema,
      );
      all.push(...page.webhooks);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return all;
  }

  // ---- Conversation apps ----

  async createApp(
    region: ConversationRegion,
    projectId: string,
    input: { displayName: string; senderId: string; bearerToken: string },
  ): Promise<App> {
    this.#secrets.add(input.bearerToken);
    const raw = await this.#createReconciled(
      {
        operation: 'apps.create',
        method: 'POST',
        api: 'conv',
        region,
        path: `/v1/projects/${seg(projectId)}/apps`,
        body: {
          display_name: input.displayName,
          channel_credentials: [
            {
              channel: 'WHATSAPP',
              static_bearer: { claimed_identity: input.senderId, token: input.bearerToken },
            },
          ],
        },
        projectId,
      },
      RawAppSchema,
      () => this.findApp(region, projectId, input),
    );
    return { region, projectId, ...raw };
  }

  async findApp(
    region: ConversationRegion,
    projectId: string,
    match: { displayName: string; senderId: string },
  ): Promise<App | undefined> {
    const apps = await this.listApps(region, projectId);
    const bound = apps.filter((app) =>
      app.channelCredentials.some((credential) => credential.claimedIdentity === match.senderId),
    );
    return bound.find((app) => app.displayName === match.displayName) ?? bound[0];
  }

  async getApp(region: ConversationRegion, projectId: string, appId: string): Promise<App> {
    const raw = await this.#call(
      {
        operation: 'apps.get',
        method: 'GET',
        api: 'conv',
        region,
        path: `/v1/projects/${seg(projectId)}/apps/${seg(appId)}`,
        projectId,
      },
      RawAppSchema,
    );
    return { region, projectId, ...raw };
  }

  async listApps(region: ConversationRegion, projectId: string): Promise<App[]> {
    const list = await this.#call(
      {
        operation: 'apps.list',
        method: 'GET',
        api: 'conv',
        region,
        path: `/v1/projects/${seg(projectId)}/apps`,
        projectId,
      },
      RawAppListSchema,
    );
    return list.apps.map((raw) => ({ region, projectId, ...raw }));
  }

  noteProjectCreated(projectId: string, createdAt: Date | string): void {
    const time = typeof createdAt === 'string' ? Date.parse(createdAt) : createdAt.getTime();
    if (Number.isNaN(time)) return;
    this.#projectBirth.delete(projectId);
    this.#projectBirth.set(projectId, time);
    if (this.#projectBirth.size > MAX_TRACKED_PROJECTS) {
      const oldest = this.#projectBirth.keys().next().value;
      if (oldest !== undefined) this.#projectBirth.delete(oldest);
    }
  }

  close(): Promise<void> {
    return this.#transport.close();
  }

  // ---- machinery ----

  #remember(subproject: Subproject): Subproject {
    // Only young ones matter; skip the map churn for the rest.
    const born = Date.parse(subproject.createTime);
    if (!Number.isNaN(born) && Date.now() - born < this.#freshWindowMs) {
      this.noteProjectCreated(subproject.subprojectId, subproject.createTime);
    }
    return subproject;
  }

  /** End of the fresh window of `projectId` when `error` is a fresh-project code and the project is young. */
  #freshUntil(projectId: string | undefined, error: SinchError): number | undefined {
    if (projectId === undefined || !FRESH_PROJECT_CODES.has(error.code)) return undefined;
    const born = this.#projectBirth.get(projectId);
    if (born === undefined) return undefined;
    const until = born + this.#freshWindowMs;
    return Date.now() < until ? until : undefined;
  }

  #url(spec: CallSpec): URL {
    const base =
      spec.api === 'sub'
        ? this.#options.subprojectUrl
        : spec.api === 'prov'
          ? this.#options.provisioningUrl
          : this.#options.conversationUrl.replaceAll('{region}', spec.region ?? 'eu');
    const url = new URL(base);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${spec.path}`;
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url;
  }

  #report(
    operation: string,
    outcome: 'ok' | 'retryable_error' | 'permanent_error',
    status: number | undefined,
    durationMs: number,
  ): void {
    if (!this.#options.onCall) return;
    try {
      this.#options.onCall({ operation, outcome, ...(status === undefined ? {} : { status }), durationMs });
    } catch {
      // A metrics hook must never break a Sinch call.
    }
  }

  /**
   * One exchange: sends the request, re-authenticates once after a 401 that says the token expired, and
   * resolves with a 2xx answer or rejects with a {@link SinchError}.
   */
  async #exchange(spec: CallSpec): Promise<HttpResponse> {
    const url = this.#url(spec);
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    for (let reauthenticated = false; ; reauthenticated = true) {
      const authorization = await this.#credentials.authorization();
      const started = performance.now();
      let response: HttpResponse;
      try {
        response = await this.#transport.send({
          operation: spec.operation,
          method: spec.method,
          url,
          headers: {
            authorization,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body }),
        });
      } catch (error) {
        this.#report(spec.operation, 'retryable_error', undefined, performance.now() - started);
        throw error;
      }
      const durationMs = performance.now() - started;
      if (response.status >= 200 && response.status < 300) {
        this.#report(spec.operation, 'ok', response.status, durationMs);
        this.#logger.debug({ operation: spec.operation, status: response.status, durationMs }, 'Sinch call');
        return response;
      }
      if (
        response.status === 401 &&
        !reauthenticated &&
        saysTokenExpired(response.headers['www-authenticate']) &&
        this.#credentials.invalidate(authorization)
      ) {
        // A 401 means Sinch did nothing, so re-sending (even a POST) is safe.
        this.#report(spec.operation, 'retryable_error', 401, durationMs);
        this.#logger.info({ operation: spec.operation }, 'Sinch access token expired; fetching a new one');
        continue;
      }
      let error = this.#transport.errorFor(spec.operation, response);
      if (this.#freshUntil(spec.projectId, error) !== undefined) error = asRetryable(error);
      this.#report(
        spec.operation,
        error.retryable ? 'retryable_error' : 'permanent_error',
        response.status,
        durationMs,
      );
      throw error;
    }
  }

  /** Parses a 2xx answer with `schema`; a mismatch is a permanent `invalid_response`. */
  #parse<S extends z.ZodType>(spec: CallSpec, response: HttpResponse, schema: S): z.output<S> {
    let json: unknown;
    try {
      json = response.text === '' ? {} : JSON.parse(response.text);
    } catch {
      throw new SinchError({
        operation: spec.operation,
        status: response.status,
        code: 'invalid_response',
        message: 'answer is not JSON',
        retryable: false,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const fields = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      throw new SinchError({
        operation: spec.operation,
        status: response.status,
        code: 'invalid_response',
        message: `unexpected answer (${fields})`,
        retryable: false,
      });
    }
    return parsed.data;
  }

  /** A read (or other idempotent call) with in-call retries of retryable failures. */
  #call<S extends z.ZodType>(spec: CallSpec, schema: S): Promise<z.output<S>> {
    return this.#withRetries(spec, async () => this.#parse(spec, await this.#exchange(spec), schema));
  }

  /**
   * A create (POST). A failure that may have happened at Sinch (timeout, lost connection, 5xx) is
   * reconciled by `find` before the POST is sent again; `conflictCodes` are the answers a repeated POST gets
   * when the first one did happen, and are reconciled too (by `find` after an unsure attempt in this call,
   * else by `conflictFind` when given). Without `find`, such a failure is not retried.
   */
  #createReconciled<S extends z.ZodType>(
    spec: CallSpec,
    schema: S,
    find: (() => Promise<z.output<S> | undefined>) | undefined,
    conflictCodes: readonly string[] = [],
    conflictFind?: () => Promise<z.output<S> | undefined>,
  ): Promise<z.output<S>> {
    let unsure = false;
    let everUnsure = false;
    return this.#withRetries(spec, async () => {
      if (unsure && find) {
        const found = await find();
        if (found !== undefined) {
          this.#logger.info(
            { operation: spec.operation },
            'Sinch create had happened; reconciled by reading',
          );
          return found;
        }
        unsure = false;
      }
      try {
        return this.#parse(spec, await this.#exchange(spec), schema);
      } catch (error) {
        if (!(error instanceof SinchError)) throw error;
        const resolveConflict = everUnsure ? find : conflictFind;
        if (resolveConflict && conflictCodes.includes(error.code)) {
          const found = await resolveConflict();
          if (found !== undefined) {
            this.#logger.info(
              { operation: spec.operation, code: error.code },
              'Sinch create had happened; reconciled',
            );
            return found;
          }
        }
        if (error.retryable && mayHaveHappened(error)) {
          if (!find) throw asPermanentIfAmbiguous(error);
          unsure = true;
          everUnsure = true;
        }
        throw error;
      }
    });
  }

  async #withRetries<T>(spec: CallSpec, attempt: () => Promise<T>): Promise<T> {
    for (let number = 1; ; number++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof SinchError) || !error.retryable) throw error;
        const freshUntil = this.#freshUntil(spec.projectId, error);
        const budgetLeft =
          freshUntil !== undefined ? Date.now() < freshUntil : number < this.#retry.maxAttempts;
        if (!budgetLeft) throw error;
        let delay = backoffDelay(this.#retry, number, error.retryAfterMs);
        if (freshUntil !== undefined) delay = Math.max(delay, Math.min(this.#retry.maxDelayMs, 1_000));
        this.#logger.warn(
          {
            operation: spec.operation,
            attempt: number,
            code: error.code,
            status: error.status,
            delayMs: delay,
          },
          'Sinch call failed; retrying',
        );
        await sleep(delay);
      }
    }
  }

  async #serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.#locks.get(key) === settled) this.#locks.delete(key);
    }
  }
}

/** True when a failed POST may nevertheless have been carried out by Sinch. */
function mayHaveHappened(error: SinchError): boolean {
  if (error.status === 429) return false;
  if (error.status === undefined) return !wasNotSent(error);
  return error.status >= 500;
}

function asRetryable(error: SinchError): SinchError {
  return copyError(error, true);
}

/** A create whose outcome is unknown and cannot be checked must not be re-sent by anyone blindly. */
function asPermanentIfAmbiguous(error: SinchError): SinchError {
  return copyError(error, false);
}

function copyError(error: SinchError, retryable: boolean): SinchError {
  return new SinchError({
    operation: error.operation,
    status: error.status,
    code: error.code,
    message: error.message.replace(/^Sinch \S+ failed: /, ''),
    retryable,
    additionalInformation: error.additionalInformation,
    retryAfterMs: error.retryAfterMs,
  });
}
