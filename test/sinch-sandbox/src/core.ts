/**
 * The sandbox's behaviour, independent of HTTP: what Sinch would store, answer and call back.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  CONVERSATION_REGIONS,
  META_LOCAL_STORAGE_CODES,
  REGIONS,
  TEMPLATE_CATEGORIES,
  TEMPLATE_LANGUAGES,
} from '@whatsapp-signup/shared';
import { ulid } from 'ulid';
import { failPapi, failRpc } from './errors.js';
import { signCallback } from './signing.js';
import type {
  AppRecord,
  CallbackLogEntry,
  ConversationWebhookRecord,
  FaultSpec,
  PlannedOutcome,
  RequestLogEntry,
  SandboxState,
  SenderRecord,
  SinchSandboxOptions,
  SubprojectRecord,
  TemplateRecord,
  WebhookRecord,
} from './types.js';

/** Most requests kept in the log. */
const MAX_LOG = 20_000;
/** Sinch's cap on Provisioning webhooks per project. */
const MAX_WEBHOOKS = 15;
/** Sinch's cap on Conversation webhooks per app. */
const MAX_APP_WEBHOOKS = 5;
/** Conversation regions each sender region can serve (the real mapping is unconfirmed; see the README). */
const COMPATIBLE_REGIONS: Record<string, string[]> = { EU: ['eu', 'us'], US: ['us'], BR: ['br', 'us'] };
/** Sinch business manager per sender region (what Sinch picks when none is given). */
const BUSINESS_MANAGER: Record<string, string> = { EU: 'SINCH_UK', US: 'SINCH_AMERICA', BR: 'SINCH_BR' };
/** Provisioning webhook triggers (`WebhookWebhookTriggersEnum`). */
const WEBHOOK_TRIGGER = /^[A-Z][A-Z_]*$/;
const TEMPLATE_NAME = /^[a-z0-9][a-z0-9_]*[a-z0-9]$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const now = (): string => new Date().toISOString();

/** The sandbox's state and behaviour. */
export class SandboxCore {
  readonly keyId: string | undefined;
  readonly keySecret: string | undefined;
  readonly parentProjectId: string | undefined;
  activationMs: number;
  templateApprovalMs: number;
  tokenLifetimeSeconds: number;
  projectInitMs: number;
  readonly callbackAttempts: number;
  readonly tokenRateLimit: boolean;
  #bucket = { tokens: 30, at: Date.now() };
  readonly latency = new Map<string, number>();
  faults: Array<FaultSpec & { remaining: number }> = [];
  readonly plannedOutcomes: PlannedOutcome[] = [];

  readonly subprojects = new Map<string, SubprojectRecord>();
  readonly senders = new Map<string, SenderRecord>();
  readonly webhooks = new Map<string, WebhookRecord>();
  readonly templates: TemplateRecord[] = [];
  readonly apps = new Map<string, AppRecord>();
  readonly conversationWebhooks: ConversationWebhookRecord[] = [];
  readonly requests: RequestLogEntry[] = [];
  readonly callbacks: CallbackLogEntry[] = [];
  #seq = 0;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #deliveries = new Set<Promise<void>>();
  readonly #initialOptions: SinchSandboxOptions;

  constructor(options: SinchSandboxOptions = {}) {
    this.#initialOptions = options;
    this.keyId = options.keyId || undefined;
    this.keySecret = options.keySecret || undefined;
    this.parentProjectId = options.projectId || undefined;
    this.activationMs = options.activationMs ?? 3_000;
    this.templateApprovalMs = options.templateApprovalMs ?? this.activationMs;
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3_600;
    this.projectInitMs = options.projectInitMs ?? 0;
    this.callbackAttempts = options.callbackAttempts ?? 3;
    this.tokenRateLimit = options.tokenRateLimit ?? false;
  }

  // ---- credentials and projects ----

  /** True when `keyId`/`keySecret` are accepted (any non-empty pair when none is configured). */
  acceptsKey(keyId: string, keySecret: string): boolean {
    if (!keyId || !keySecret) return false;
    return (
      (this.keyId === undefined || keyId === this.keyId) &&
      (this.keySecret === undefined || keySecret === this.keySecret)
    );
  }

  /** True when `projectId` is the parent project (any, when none is configured). */
  isParent(projectId: string): boolean {
    return this.parentProjectId === undefined || projectId === this.parentProjectId;
  }

  /** True when Provisioning/Conversation calls on `projectId` are allowed: the parent or a live subproject. */
  knowsProject(projectId: string): boolean {
    const subproject = this.subprojects.get(projectId);
    if (subproject) return !subproject.deleted;
    return this.isParent(projectId);
  }

  /** Provisioning's checks of the path project: known, and past its initialisation delay. */
  requireProvisioningProject(projectId: string): void {
    if (!this.knowsProject(projectId)) {
      failPapi(404, 'project_not_found', 'Project not found.', 'Verify that the projectId is correct.');
    }
    const subproject = this.subprojects.get(projectId);
    if (subproject && Date.now() - Date.parse(subproject.createTime) < this.projectInitMs) {
      failPapi(
        400,
        'project_not_initialized',
        'Project not initialized for WhatsApp.',
        'Verify that the project ID is correct and that it has been onboarded for WhatsApp.',
      );
    }
  }

  /** Conversation's check of the path project. */
  requireConversationProject(projectId: string): void {
    if (!this.knowsProject(projectId)) {
      failRpc(403, 'PERMISSION_DENIED', `The key is not associated with project ${projectId}.`);
    }
  }

  /** Takes one token from the token endpoint's bucket (capacity 30, +10/s); false when it is empty. */
  takeTokenRequest(): boolean {
    if (!this.tokenRateLimit) return true;
    const now = Date.now();
    this.#bucket = {
      tokens: Math.min(30, this.#bucket.tokens + ((now - this.#bucket.at) / 1000) * 10),
      at: now,
    };
    if (this.#bucket.tokens < 1) return false;
    this.#bucket.tokens -= 1;
    return true;
  }

  // ---- subprojects ----

  createSubproject(parentProjectId: string, body: unknown): SubprojectRecord {
    if (!this.isParent(parentProjectId)) {
      failRpc(400, 'FAILED_PRECONDITION', `Parent project ${parentProjectId} is invalid or does not exist.`);
    }
    if (!isObject(body)) failRpc(400, 'INVALID_ARGUMENT', 'Invalid JSON payload.');
    const { displayName, labels } = body;
    if (typeof displayName !== 'string' || displayName.length < 1 || displayName.length > 255) {
      failRpc(400, 'INVALID_ARGUMENT', 'displayName must be a string of 1 to 255 characters.');
    }
    const checkedLabels = this.#labels(labels);
    const time = now();
    const record: SubprojectRecord = {
      subprojectId: ulid(),
      displayName,
      labels: checkedLabels,
      parentProjectId,
      createTime: time,
      updateTime: time,
      deleted: false,
    };
    this.subprojects.set(record.subprojectId, record);
    return record;
  }

  #labels(labels: unknown): Record<string, string> {
    if (labels === undefined || labels === null) return {};
    if (!isObject(labels)) failRpc(400, 'INVALID_ARGUMENT', 'labels must be a map of strings.');
    const entries = Object.entries(labels);
    if (entries.length > 255) failRpc(400, 'INVALID_ARGUMENT', 'labels may have at most 255 entries.');
    const out: Record<string, string> = {};
    for (const [key, value] of entries) {
      if (
        key.length < 1 ||
        key.length > 255 ||
        typeof value !== 'string' ||
        value.length < 1 ||
        value.length > 255
      ) {
        failRpc(
          400,
          'INVALID_ARGUMENT',
          `label ${key.slice(0, 40)} must have a key and value of 1 to 255 characters.`,
        );
      }
      out[key] = value;
    }
    return out;
  }

  listSubprojects(
    parentProjectId: string,
    query: { pageSize?: string; pageToken?: string; showDeleted?: string },
  ): { subprojects: SubprojectRecord[]; nextPageToken: string } {
    if (!this.isParent(parentProjectId))
      failRpc(403, 'PERMISSION_DENIED', 'Permission denied on the parent project.');
    const pageSize = query.pageSize === undefined ? 100 : Number(query.pageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      failRpc(400, 'INVALID_ARGUMENT', 'pageSize must be between 1 and 1000.');
    }
    const offset = decodePageToken(query.pageToken, () =>
      failRpc(400, 'INVALID_ARGUMENT', 'Invalid pageToken.'),
    );
    const all = [...this.subprojects.values()].filter(
      (item) => item.parentProjectId === parentProjectId && (query.showDeleted === 'true' || !item.deleted),
    );
    const page = all.slice(offset, offset + pageSize);
    const next = offset + pageSize < all.length ? encodePageToken(offset + pageSize) : '';
    return { subprojects: page, nextPageToken: next };
  }

  getSubproject(subprojectId: string): SubprojectRecord {
    const record = this.subprojects.get(subprojectId);
    if (!record || !this.isParent(record.parentProjectId))
      failRpc(404, 'NOT_FOUND', `Subproject ${subprojectId} not found.`);
    return record;
  }

  deleteSubproject(subprojectId: string): void {
    const record = this.getSubproject(subprojectId);
    record.deleted = true;
    record.updateTime = now();
  }

  // ---- senders ----

  createSender(projectId: string, body: unknown): SenderRecord {
    this.requireProvisioningProject(projectId);
    if (!isObject(body))
      failPapi(400, 'invalid_payload', 'Invalid payload.', 'Correct payload and submit again.');
    const errors: string[] = [];
    const { region, metaLocalStorage, wabaId, phoneNumberId } = body;
    if (typeof wabaId !== 'string' || wabaId === '') errors.push('wabaId must be a string');
    if (typeof phoneNumberId !== 'string' || phoneNumberId === '')
      errors.push('phoneNumberId must be a string');
    if (region !== undefined && !(REGIONS as readonly unknown[]).includes(region)) {
      errors.push(`region must be one of the following values: ${REGIONS.join(', ')}`);
    }
    if (
      metaLocalStorage !== undefined &&
      !(META_LOCAL_STORAGE_CODES as readonly unknown[]).includes(metaLocalStorage)
    ) {
      errors.push(
        `metaLocalStorage must be one of the following values: ${META_LOCAL_STORAGE_CODES.join(', ')}`,
      );
    }
    if (errors.length > 0) {
      failPapi(400, 'invalid_input', 'Invalid input.', 'Correct the validation errors and submit again.', {
        validationErrors: errors,
      });
    }
    const waba = wabaId as string;
    const phone = phoneNumberId as string;
    const live = [...this.senders.values()].filter((sender) => !sender.deleted);
    if (live.some((sender) => sender.wabaId === waba && sender.projectId !== projectId)) {
      failPapi(
        409,
        'waba_id_used',
        'WabaId is used.',
        'WhatsApp Business Account is already used in another project. Use another id or create the sender under the correct project.',
      );
    }
    if (live.some((sender) => sender.projectId === projectId && sender.wabaId !== waba)) {
      failPapi(
        409,
        'wrong_waba_id',
        'Different wabaId already exists for sub account / project.',
        "Please check if the WhatsApp Business Account is correct, or don't provide the WhatsApp Business Account in the request for this project.",
      );
    }
    if (live.some((sender) => sender.phoneNumberId === phone)) {
      failPapi(
        409,
        'used_phone_number_id',
        'Used phoneNumberId.',
        'PhoneNumberId is used. Choose another one.',
      );
    }
    const senderRegion = (region as string | undefined) ?? 'EU';
    const time = now();
    const record: SenderRecord = {
      projectId,
      wabaId: waba,
      phoneNumberId: phone,
      deleted: false,
      dto: {
        id: randomUUID(),
        changes: { status: 'IN_PROGRESS' },
        created: time,
        modified: time,
        region: senderRegion,
        metaLocalStorage: (metaLocalStorage as string | undefined) ?? (senderRegion === 'US' ? 'US' : 'DE'),
        cloudApi: true,
        numberProvider: 'CUSTOMER',
        businessManager: BUSINESS_MANAGER[senderRegion] ?? 'SINCH_UK',
        compatibleRegions: [],
      },
    };
    this.senders.set(record.dto.id, record);
    const plannedIndex = this.plannedOutcomes.findIndex(
      (plan) => plan.phoneNumberId === undefined || plan.phoneNumberId === phone,
    );
    const outcome = plannedIndex >= 0 ? this.plannedOutcomes.splice(plannedIndex, 1)[0]?.outcome : 'ACTIVE';
    this.#later(this.activationMs, () => {
      if (record.deleted || record.dto.changes === undefined) return;
      if ((record.dto.changes as { status?: string }).status !== 'IN_PROGRESS') return;
      this.setSenderState(record.dto.id, outcome ?? 'ACTIVE');
    });
    return record;
  }

  /**
   * Moves a sender to `state` (`ACTIVE`, `INACTIVE`, `SUSPENDED`) or to the failed change status `ERROR` /
   * `REJECTED`, and sends the matching callback.
   */
  setSenderState(
    senderId: string,
    state: 'ACTIVE' | 'ERROR' | 'REJECTED' | 'INACTIVE' | 'SUSPENDED',
    errorReason = 'Reach out to support at support@sinch.com',
  ): SenderRecord {
    const record = this.senders.get(senderId);
    if (!record) throw new Error(`no sender ${senderId}`);
    const dto = record.dto;
    dto.modified = now();
    if (state === 'ACTIVE') {
      delete dto.changes;
      dto.state = 'ACTIVE';
      dto.bearerToken ??= `${token(8)}.${token(24)}.${token(16)}`;
      dto.compatibleRegions = COMPATIBLE_REGIONS[String(dto.region)] ?? ['us'];
      dto.qualityRating = 'GREEN';
      dto.maxTps = 80;
    } else if (state === 'ERROR' || state === 'REJECTED') {
      delete dto.state;
      dto.changes = { status: state, errorReason, errorCode: 'UNKNOWN_ERROR' };
    } else {
      dto.state = state;
    }
    this.emit(record.projectId, `WHATSAPP_SENDER_${state}`, dto);
    return record;
  }

  listSenders(projectId: string, query: { pageSize?: string; pageToken?: string }) {
    this.requireProvisioningProject(projectId);
    const pageSize = query.pageSize === undefined ? 50 : Number(query.pageSize);
    if (!Number.isFinite(pageSize) || pageSize < 1 || pageSize > 100) {
      failPapi(400, 'invalid_page_size', 'Invalid page size.', 'Page size should be between 1 and 100.');
    }
    const offset = decodePageToken(query.pageToken, () =>
      failPapi(
        400,
        'invalid_page_token',
        'Invalid page token.',
        'Use the page token from the previous answer.',
      ),
    );
    const all = [...this.senders.values()].filter(
      (sender) => sender.projectId === projectId && !sender.deleted,
    );
    const page = all.slice(offset, offset + pageSize).map((sender) => sender.dto);
    return {
      totalSize: all.length,
      pageSize,
      ...(offset > 0 ? { previousPageToken: encodePageToken(Math.max(0, offset - pageSize)) } : {}),
      ...(offset + pageSize < all.length ? { nextPageToken: encodePageToken(offset + pageSize) } : {}),
      senders: page,
    };
  }

  getSender(projectId: string, senderId: string): SenderRecord {
    this.requireProvisioningProject(projectId);
    const record = this.senders.get(senderId);
    if (!record || record.projectId !== projectId || record.deleted) {
      failPapi(404, 'sender_not_found', 'Sender not found.', 'Verify that the parameters are correct.');
    }
    return record;
  }

  deleteSender(projectId: string, senderId: string): void {
    this.requireProvisioningProject(projectId);
    const record = this.senders.get(senderId);
    if (!record || record.projectId !== projectId) {
      failPapi(404, 'sender_not_found', 'Sender not found.', 'Verify that the parameters are correct.');
    }
    if (record.deleted) {
      failPapi(
        409,
        'sender_already_deleted',
        'A sender has been deleted within 30 days.',
        'Use another sender.',
      );
    }
    record.deleted = true;
    this.emit(projectId, 'WHATSAPP_SENDER_DELETED', {
      id: record.dto.id,
      region: 'UNRECOGNIZED',
      metaLocalStorage: 'UNRECOGNIZED',
      cloudApi: false,
      businessManager: record.dto.businessManager,
      compatibleRegions: [],
    });
  }

  // ---- Provisioning webhooks ----

  createWebhook(projectId: string, body: unknown): WebhookRecord {
    this.requireProvisioningProject(projectId);
    if (!isObject(body))
      failPapi(400, 'invalid_payload', 'Invalid payload.', 'Correct payload and submit again.');
    const errors: string[] = [];
    const { target, secret, triggers } = body;
    if (typeof target !== 'string' || target.length < 1 || target.length > 742 || !isUrl(target)) {
      errors.push('target must be a URL address');
    }
    if (typeof secret !== 'string' || secret.length < 1 || secret.length > 128) {
      errors.push('secret must be shorter than or equal to 128 characters');
    }
    if (
      !Array.isArray(triggers) ||
      triggers.length < 1 ||
      !triggers.every((trigger) => typeof trigger === 'string' && WEBHOOK_TRIGGER.test(trigger)) ||
      new Set(triggers).size !== triggers.length
    ) {
      errors.push('triggers must contain at least 1 unique element');
    }
    if (errors.length > 0) {
      failPapi(400, 'invalid_input', 'Invalid input.', 'Correct the validation errors and submit again.', {
        validationErrors: errors,
      });
    }
    const existing = [...this.webhooks.values()].filter((hook) => hook.projectId === projectId);
    if (existing.some((hook) => hook.target === target)) {
      failPapi(
        409,
        'webhook_exists',
        'Webhook with this target already exists.',
        'Use a different target URL.',
      );
    }
    if (existing.length >= MAX_WEBHOOKS) {
      failPapi(424, 'webhook_limit_reached', 'Webhook limit reached.', 'Delete an existing webhook first.');
    }
    const record: WebhookRecord = {
      id: ulid(),
      projectId,
      target: target as string,
      secret: secret as string,
      triggers: triggers as string[],
    };
    this.webhooks.set(record.id, record);
    return record;
  }

  listWebhooks(projectId: string) {
    this.requireProvisioningProject(projectId);
    const hooks = [...this.webhooks.values()]
      .filter((hook) => hook.projectId === projectId)
      .sort((a, b) => a.target.localeCompare(b.target))
      .map(webhookDto);
    return { totalSize: hooks.length, pageSize: hooks.length, webhooks: hooks };
  }

  // ---- templates ----

  createTemplate(projectId: string, body: unknown): TemplateRecord {
    this.requireProvisioningProject(projectId);
    if (!isObject(body))
      failPapi(400, 'invalid_payload', 'Invalid payload.', 'Correct payload and submit again.');
    const errors: string[] = [];
    const { name, language, category, status, details, allowCategoryChange } = body;
    if (typeof name !== 'string' || name.length > 512 || !TEMPLATE_NAME.test(name)) {
      errors.push('name must match /^[a-z0-9][a-z0-9_]*[a-z0-9]$/');
    }
    if (!(TEMPLATE_LANGUAGES as readonly unknown[]).includes(language))
      errors.push('language must be a valid enum value');
    if (!(TEMPLATE_CATEGORIES as readonly unknown[]).includes(category))
      errors.push('category must be a valid enum value');
    if (status !== undefined && status !== 'DRAFT' && status !== 'SUBMIT')
      errors.push('status must be DRAFT or SUBMIT');
    const draft = status === 'DRAFT';
    const components = isObject(details) ? details.components : undefined;
    if (!draft || details !== undefined) {
      if (!Array.isArray(components) || !components.some((item) => isObject(item) && item.type === 'BODY')) {
        errors.push('details.components must contain a BODY component');
      }
    }
    if (errors.length > 0) {
      failPapi(400, 'invalid_input', 'Invalid input.', 'Correct the validation errors and submit again.', {
        validationErrors: errors,
      });
    }
    if (
      this.templates.some(
        (item) => item.projectId === projectId && item.dto.name === name && item.dto.language === language,
      )
    ) {
      failPapi(409, 'template_exists', 'Template already exists.', 'Use another name or language.');
    }
    const record: TemplateRecord = {
      projectId,
      dto: {
        name: name as string,
        language: language as string,
        category: category as string,
        analytics: [],
        isMetaGenerated: false,
        changes: {
          status: draft ? 'DRAFT' : 'IN_PROGRESS',
          allowCategoryChange: allowCategoryChange === true,
        },
      },
    };
    this.templates.push(record);
    if (!draft) {
      this.#later(this.templateApprovalMs, () => {
        if (!this.templates.includes(record)) return;
        delete record.dto.changes;
        record.dto.state = 'APPROVED';
        record.dto.whatsappId = String(Date.now());
        record.dto.rejectionCode = 'NONE';
        this.emit(projectId, 'WHATSAPP_TEMPLATE_APPROVED', record.dto);
      });
    }
    return record;
  }

  listTemplates(projectId: string, query: { pageSize?: string; pageToken?: string }) {
    this.requireProvisioningProject(projectId);
    const pageSize = query.pageSize === undefined ? 50 : Number(query.pageSize);
    const offset = decodePageToken(query.pageToken, () =>
      failPapi(
        400,
        'invalid_page_token',
        'Invalid page token.',
        'Use the page token from the previous answer.',
      ),
    );
    const all = this.templates.filter((item) => item.projectId === projectId);
    return {
      totalSize: all.length,
      pageSize,
      ...(offset + pageSize < all.length ? { nextPageToken: encodePageToken(offset + pageSize) } : {}),
      templates: all.slice(offset, offset + pageSize).map((item) => item.dto),
    };
  }

  // ---- Conversation apps ----

  createApp(region: string, projectId: string, body: unknown): AppRecord {
    this.requireConversationProject(projectId);
    if (!isObject(body)) failRpc(400, 'INVALID_ARGUMENT', 'Malformed request.');
    const displayName = body.display_name;
    const credentials = body.channel_credentials;
    if (typeof displayName !== 'string' || displayName === '')
      failRpc(400, 'INVALID_ARGUMENT', 'display_name is required.');
    if (!Array.isArray(credentials)) failRpc(400, 'INVALID_ARGUMENT', 'channel_credentials is required.');
    const appId = ulid();
    const answered = credentials.map((credential) => {
      if (!isObject(credential) || typeof credential.channel !== 'string') {
        failRpc(400, 'INVALID_ARGUMENT', 'Each channel credential needs a channel.');
      }
      return { ...credential, state: this.#credentialState(projectId, credential, appId, region) };
    });
    const record: AppRecord = {
      region,
      projectId,
      dto: {
        id: appId,
        display_name: displayName,
        channel_credentials: answered,
        conversation_metadata_report_view: body.conversation_metadata_report_view ?? 'NONE',
        rate_limits: { inbound: 25, outbound: 25, webhooks: 25 },
        retention_policy: body.retention_policy ?? { retention_type: 'MESSAGE_EXPIRE_POLICY', ttl_days: 180 },
        processing_mode: body.processing_mode ?? 'CONVERSATION',
        smart_conversation: body.smart_conversation ?? { enabled: false },
        queue_stats: { outbound_size: 0, outbound_limit: 500_000 },
        message_retry_settings: body.message_retry_settings ?? { retry_duration: 3600 },
      },
    };
    this.apps.set(appId, record);
    return record;
  }

  /**
   * A WhatsApp credential is ACTIVE only when `claimed_identity` is an ACTIVE sender of the same project and
   * `token` is its bearer token; otherwise the app is still created and the credential is FAILING (as Sinch
   * reports a credential it cannot validate). Other channels are ACTIVE.
   */
  #credentialState(projectId: string, credential: Record<string, unknown>, appId: string, region: string) {
    if (credential.channel !== 'WHATSAPP') return { status: 'ACTIVE' };
    const bearer = isObject(credential.static_bearer) ? credential.static_bearer : undefined;
    if (!bearer || typeof bearer.claimed_identity !== 'string' || typeof bearer.token !== 'string') {
      failRpc(400, 'INVALID_ARGUMENT', 'WHATSAPP credentials need static_bearer.claimed_identity and token.');
    }
    const sender = this.senders.get(bearer.claimed_identity);
    if (!sender || sender.deleted || sender.projectId !== projectId) {
      return { status: 'FAILING', description: 'Unknown WhatsApp sender for this project.' };
    }
    if (sender.dto.state !== 'ACTIVE')
      return { status: 'FAILING', description: 'The WhatsApp sender is not active.' };
    if (sender.dto.bearerToken !== bearer.token) {
      return { status: 'FAILING', description: 'Invalid bearer token for the WhatsApp sender.' };
    }
    sender.dto.conversationApiApp = appId;
    sender.dto.conversationApiAppDetails = {
      id: appId,
      projectId,
      region: region.toUpperCase(),
      channelStatus: 'ACTIVE',
    };
    return { status: 'ACTIVE' };
  }

  getApp(region: string, projectId: string, appId: string): AppRecord {
    this.requireConversationProject(projectId);
    const record = this.apps.get(appId);
    // Apps are region-scoped: the wrong regional host answers 404, as Sinch does.
    if (!record || record.projectId !== projectId || record.region !== region) {
      failRpc(404, 'NOT_FOUND', `App ${appId} not found.`);
    }
    return record;
  }

  listApps(region: string, projectId: string): AppRecord[] {
    this.requireConversationProject(projectId);
    return [...this.apps.values()].filter((app) => app.region === region && app.projectId === projectId);
  }

  deleteApp(region: string, projectId: string, appId: string): void {
    this.getApp(region, projectId, appId);
    this.apps.delete(appId);
  }

  createConversationWebhook(region: string, projectId: string, body: unknown): ConversationWebhookRecord {
    this.requireConversationProject(projectId);
    if (!isObject(body)) failRpc(400, 'INVALID_ARGUMENT', 'Malformed request.');
    if (typeof body.app_id !== 'string') failRpc(400, 'INVALID_ARGUMENT', 'app_id is required.');
    if (typeof body.target !== 'string' || body.target.length > 742)
      failRpc(400, 'INVALID_ARGUMENT', 'target is required.');
    this.getApp(region, projectId, body.app_id);
    if (
      this.conversationWebhooks.filter((hook) => hook.dto.app_id === body.app_id).length >= MAX_APP_WEBHOOKS
    ) {
      failRpc(400, 'INVALID_ARGUMENT', 'An app can have at most 5 webhooks.');
    }
    const record: ConversationWebhookRecord = {
      region,
      projectId,
      dto: { ...body, id: ulid(), app_id: body.app_id, target_type: body.target_type ?? 'HTTP' },
    };
    this.conversationWebhooks.push(record);
    return record;
  }

  // ---- callbacks ----

  /** Sends `{type, payload}` to every webhook of `projectId` subscribed to `type` (or `ALL`), signed. */
  emit(projectId: string, type: string, payload: Record<string, unknown>): void {
    const hooks = [...this.webhooks.values()].filter(
      (hook) =>
        hook.projectId === projectId && (hook.triggers.includes(type) || hook.triggers.includes('ALL')),
    );
    const rawBody = JSON.stringify({ type, payload });
    for (const hook of hooks) {
      const delivery = this.#deliver(hook, type, rawBody).finally(() => this.#deliveries.delete(delivery));
      this.#deliveries.add(delivery);
    }
  }

  async #deliver(hook: WebhookRecord, type: string, rawBody: string): Promise<void> {
    const entry: CallbackLogEntry = {
      at: now(),
      projectId: hook.projectId,
      target: hook.target,
      type,
      attempts: 0,
      status: undefined,
      delivered: false,
    };
    this.callbacks.push(entry);
    for (let attempt = 1; attempt <= this.callbackAttempts; attempt++) {
      entry.attempts = attempt;
      const nonce = ulid();
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await fetch(hook.target, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-sinch-webhook-signature': signCallback(hook.secret, rawBody, nonce, timestamp),
            'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
            'x-sinch-webhook-signature-nonce': nonce,
            'x-sinch-webhook-signature-timestamp': timestamp,
          },
          body: rawBody,
          signal: AbortSignal.timeout(5_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        entry.status = response.status;
        if (response.ok) {
          entry.delivered = true;
          return;
        }
      } catch {
        entry.status = undefined;
      }
      if (attempt < this.callbackAttempts)
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
    }
  }

  /** Resolves when every callback under way has been delivered or given up. */
  async settleCallbacks(): Promise<void> {
    while (this.#deliveries.size > 0) await Promise.allSettled([...this.#deliveries]);
  }

  // ---- control ----

  /** Assigns the next request number. */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  /** Appends to the request log (oldest entries drop out past 20,000). */
  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
  }

  /** Takes the fault to apply to one call of `operation`, if any is armed. */
  takeFault(operation: string): FaultSpec | undefined {
    const fault = this.faults.find((item) => item.operation === operation || item.operation === '*');
    if (!fault) return undefined;
    if (fault.skip !== undefined && fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  /** Arms a fault for the next `times` calls of its operation. */
  addFault(fault: FaultSpec): void {
    this.faults.push({ ...fault, remaining: Math.max(1, fault.times ?? 1) });
  }

  /** The state, without secrets that answers never show (webhook secrets). */
  state(): SandboxState {
    return {
      subprojects: [...this.subprojects.values()],
      senders: [...this.senders.values()].map((sender) => ({
        projectId: sender.projectId,
        wabaId: sender.wabaId,
        phoneNumberId: sender.phoneNumberId,
        sender: sender.dto,
      })),
      webhooks: [...this.webhooks.values()].map(({ secret: _secret, ...rest }) => rest),
      templates: this.templates.map((item) => ({ projectId: item.projectId, template: item.dto })),
      apps: [...this.apps.values()].map((app) => ({
        region: app.region,
        projectId: app.projectId,
        app: app.dto,
      })),
      settings: {
        activationMs: this.activationMs,
        templateApprovalMs: this.templateApprovalMs,
        tokenLifetimeSeconds: this.tokenLifetimeSeconds,
        projectInitMs: this.projectInitMs,
        latency: Object.fromEntries(this.latency),
        faults: this.faults.map(({ remaining, ...fault }) => ({ ...fault, times: remaining })),
      },
    };
  }

  /** Forgets everything and returns to the construction options. */
  reset(): void {
    this.cancelTimers();
    this.subprojects.clear();
    this.senders.clear();
    this.webhooks.clear();
    this.templates.length = 0;
    this.apps.clear();
    this.conversationWebhooks.length = 0;
    this.requests.length = 0;
    this.callbacks.length = 0;
    this.latency.clear();
    this.faults = [];
    this.plannedOutcomes.length = 0;
    this.activationMs = this.#initialOptions.activationMs ?? 3_000;
    this.templateApprovalMs = this.#initialOptions.templateApprovalMs ?? this.activationMs;
    this.tokenLifetimeSeconds = this.#initialOptions.tokenLifetimeSeconds ?? 3_600;
    this.projectInitMs = this.#initialOptions.projectInitMs ?? 0;
  }

  /** Stops every pending activation and approval. */
  cancelTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      task();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }
}

/** The Provisioning webhook DTO (no secret). */
export function webhookDto(hook: WebhookRecord) {
  return { id: hook.id, target: hook.target, projectId: hook.projectId, triggers: hook.triggers };
}

function token(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodePageToken(pageToken: string | undefined, fail: () => never): number {
  if (pageToken === undefined || pageToken === '') return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(pageToken, 'base64url').toString('utf8'));
  if (!match?.[1]) fail();
  return Number(match[1]);
}

/** The Conversation regions, for route validation. */
export const SANDBOX_CONVERSATION_REGIONS: readonly string[] = CONVERSATION_REGIONS;
