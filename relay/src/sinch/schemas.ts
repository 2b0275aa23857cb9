/**
 * Zod schemas of the Sinch answers the client returns. Unknown extra fields are tolerated (kept on
 * Provisioning objects, dropped on Conversation apps, whose answers echo the bearer token). Field names
 * follow `shared/sinch-openapi/` and `docs/reference/sinch-apis.md`.
 * @module
 */
import {
  CONVERSATION_REGIONS,
  type ConversationRegion,
  isConversationRegion,
  SinchTemplateSchema,
} from '@whatsapp-signup/shared';
import { z } from 'zod';

/** A Sinch subproject (Subprojects API `Subproject`). */
export const SubprojectSchema = z.looseObject({
  subprojectId: z.string().min(1),
  displayName: z.string(),
  labels: z.record(z.string(), z.string()).default({}),
  parentProjectId: z.string(),
  createTime: z.string(),
  updateTime: z.string(),
  deleted: z.boolean(),
});
/** A Sinch subproject. */
export type Subproject = z.infer<typeof SubprojectSchema>;

/** Answer of the subproject list. */
export const SubprojectListSchema = z.looseObject({
  subprojects: z.array(SubprojectSchema).default([]),
  nextPageToken: z.string().optional(),
});

/** A sender's pending change (`WhatsappSenderChangesDto`). */
export const SenderChangesSchema = z.looseObject({
  status: z.string(),
  errorReason: z.string().optional(),
  errorCode: z.string().optional(),
});

/**
 * `compatibleRegions`, lower-cased (the spec spells them lower case; be liberal) and restricted to the regions
 * the Conversation API serves.
 */
const CompatibleRegionsSchema = z
  .array(z.string())
  .default([])
  .transform((values) =>
    values
      .map((value) => value.toLowerCase())
      .filter((value): value is ConversationRegion => isConversationRegion(value)),
  );

/**
 * A WhatsApp sender (`WhatsappSenderDto`). `bearerToken` is a secret: never log a Sender as it is.
 * `compatibleRegions` defaults to `[]` when Sinch leaves it out (required by the spec, but be liberal).
 */
export const SenderSchema = z.looseObject({
  id: z.string().min(1),
  state: z.string().optional(),
  changes: SenderChangesSchema.optional(),
  region: z.string(),
  metaLocalStorage: z.string(),
  compatibleRegions: CompatibleRegionsSchema,
  bearerToken: z.string().optional(),
  businessManager: z.string().optional(),
  cloudApi: z.boolean().optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
  countryCode: z.string().optional(),
  phoneNumber: z.string().optional(),
  details: z.looseObject({}).optional(),
  conversationApiAppDetails: z.looseObject({}).optional(),
});
/** A WhatsApp sender. */
export type Sender = z.infer<typeof SenderSchema>;

/** Answer of the sender list (`WhatsappSenderListDto`). */
export const SenderListSchema = z.looseObject({
  totalSize: z.number(),
  pageSize: z.number().optional(),
  nextPageToken: z.string().optional(),
  senders: z.array(SenderSchema),
});

/** A WhatsApp template (`WhatsappTemplateDto`), the same schema the relay's API builds on. */
export const TemplateSchema = SinchTemplateSchema;
/** A WhatsApp template. */
export type Template = z.infer<typeof TemplateSchema>;

/** Answer of the template list (`WhatsappTemplateListDto`). */
export const TemplateListSchema = z.looseObject({
  templates: z.array(TemplateSchema),
  nextPageToken: z.string().optional(),
});

/** A Provisioning webhook (`WebhookWebhookDto`); Sinch never echoes its secret. */
export const ProvisioningWebhookSchema = z.looseObject({
  id: z.string().min(1),
  target: z.string(),
  projectId: z.string().optional(),
  triggers: z.array(z.string()).default([]),
});
/** A Provisioning webhook. */
export type ProvisioningWebhook = z.infer<typeof ProvisioningWebhookSchema>;

/** Answer of the webhook list (`WebhookWebhookListDto`). */
export const ProvisioningWebhookListSchema = z.looseObject({
  webhooks: z.array(ProvisioningWebhookSchema),
  nextPageToken: z.string().optional(),
});

/** One channel credential as Conversation answers it (snake_case), token dropped. */
const RawChannelCredentialSchema = z
  .looseObject({
    channel: z.string(),
    static_bearer: z.looseObject({ claimed_identity: z.string() }).optional(),
    state: z.looseObject({ status: z.string(), description: z.string().optional() }).optional(),
    channel_known_id: z.string().optional(),
  })
  .transform((raw) => ({
    channel: raw.channel,
    ...(raw.static_bearer ? { claimedIdentity: raw.static_bearer.claimed_identity } : {}),
    ...(raw.state
      ? {
          state: {
            status: raw.state.status,
            ...(raw.state.description === undefined ? {} : { description: raw.state.description }),
          },
        }
      : {}),
    ...(raw.channel_known_id === undefined ? {} : { channelKnownId: raw.channel_known_id }),
  }));

/**
 * A Conversation API app as Conversation answers it (`AppResponse`, snake_case), mapped to camelCase. Only the
 * listed fields are kept: the answer echoes the WhatsApp bearer token, which must not travel further.
 */
export const RawAppSchema = z
  .looseObject({
    id: z.string().min(1),
    display_name: z.string().default(''),
    channel_credentials: z.array(RawChannelCredentialSchema).default([]),
    processing_mode: z.string().optional(),
    conversation_metadata_report_view: z.string().optional(),
  })
  .transform((raw) => ({
    id: raw.id,
    displayName: raw.display_name,
    channelCredentials: raw.channel_credentials,
    ...(raw.processing_mode === undefined ? {} : { processingMode: raw.processing_mode }),
    ...(raw.conversation_metadata_report_view === undefined
      ? {}
      : { conversationMetadataReportView: raw.conversation_metadata_report_view }),
  }));

/** Answer of the app list (`ListAppsResponse`). */
export const RawAppListSchema = z.looseObject({ apps: z.array(RawAppSchema).default([]) });

/** A channel credential of an {@link App}, without its token. */
export const AppChannelCredentialSchema = z.object({
  channel: z.string(),
  claimedIdentity: z.string().optional(),
  state: z.object({ status: z.string(), description: z.string().optional() }).optional(),
  channelKnownId: z.string().optional(),
});

/** A Conversation API app as the client returns it: camelCase, with its region and project, never a token. */
export const AppSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  region: z.enum(CONVERSATION_REGIONS),
  projectId: z.string(),
  channelCredentials: z.array(AppChannelCredentialSchema),
  processingMode: z.string().optional(),
  conversationMetadataReportView: z.string().optional(),
});
/** A Conversation API app (camelCase, no token). */
export type App = z.infer<typeof AppSchema>;

/** Answer of the OAuth2 token endpoint. */
export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().optional(),
});
