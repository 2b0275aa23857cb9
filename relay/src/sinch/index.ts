/**
 * The relay's Sinch integration: a typed, resilient client for Auth, Subprojects, Provisioning and
 * Conversation. See `docs/sinch.md`.
 * @module
 */

export type { ConversationRegion, MetaLocalStorage, Region } from '@whatsapp-signup/shared';
export { basicAuthorization, jwtExpiry } from './auth.js';
export { backoffDelay, parseRetryAfter } from './backoff.js';
export {
  createSinchClient,
  type PageQuery,
  type SenderMatch,
  type SinchClient,
  type SinchClientOptions,
} from './client.js';
export { errorFromResponse, isRetryableStatus, SinchError } from './errors.js';
export type { SinchLogger } from './logger.js';
export { REDACTED, redact, SecretSet } from './redact.js';
export {
  type App,
  AppChannelCredentialSchema,
  AppSchema,
  type ProvisioningWebhook,
  ProvisioningWebhookListSchema,
  ProvisioningWebhookSchema,
  RawAppListSchema,
  RawAppSchema,
  type Sender,
  SenderChangesSchema,
  SenderListSchema,
  SenderSchema,
  type Subproject,
  SubprojectListSchema,
  SubprojectSchema,
  type Template,
  TemplateListSchema,
  TemplateSchema,
} from './schemas.js';
export { senderOutcome, senderStatus } from './sender-status.js';
