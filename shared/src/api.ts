/**
 * The relay's HTTP API bodies (CONTRACT section 5), as zod schemas.
 *
 * The relay validates requests with these and generates `/openapi.json` from
 * them; the widget imports only the inferred types (`import type`), so zod never
 * reaches its bundle.
 * @module
 */
import { z } from 'zod';
import { FINISH_EVENTS } from './meta.js';
import { CONVERSATION_REGIONS, META_LOCAL_STORAGE_CODES, REGIONS } from './sinch.js';

/** A Sinch region in upper case; `eu` is rejected (CONTRACT section 6). */
export const RegionSchema = z.enum(REGIONS).meta({ description: 'Sinch region, upper case.' });
/** A Conversation API region in lower case. */
export const ConversationRegionSchema = z.enum(CONVERSATION_REGIONS);
/** One of Sinch's 15 `metaLocalStorage` codes. */
export const MetaLocalStorageSchema = z
  .enum(META_LOCAL_STORAGE_CODES)
  .meta({ description: 'Meta data-at-rest country (Sinch `metaLocalStorage`).' });
/** One of Meta's documented finish events. */
export const FinishEventSchema = z.enum(FINISH_EVENTS);

/** A Meta object ID: digits only. */
export const MetaIdSchema = z
  .string()
  .regex(/^\d{1,32}$/, 'must be a string of digits')
  .meta({ example: '102290129340398' });

/** Body of `POST /v1/onboardings`. Unknown keys are rejected. */
export const CreateOnboardingBodySchema = z
  .strictObject({
    wabaId: MetaIdSchema.meta({
      description: 'WhatsApp Business Account ID from the Embedded Signup message.',
    }),
    phoneNumberId: MetaIdSchema.meta({ description: 'Phone number ID from the Embedded Signup message.' }),
    businessId: z.string().min(1).max(64).optional(),
    finishEvent: FinishEventSchema.optional(),
    region: RegionSchema,
    metaLocalStorage: MetaLocalStorageSchema,
    code: z.string().min(1).max(4096).optional().meta({
      description:
        "Meta's exchangeable code (30 s lifetime). Validated, then dropped: never stored, logged or sent to Sinch.",
    }),
  })
  .meta({ id: 'CreateOnboardingBody' });
export type CreateOnboardingBody = z.infer<typeof CreateOnboardingBodySchema>;

/** The fields that decide whether two POSTs with one `Idempotency-Key` are "the same body". */
export const IDEMPOTENCY_FIELDS = ['wabaId', 'phoneNumberId', 'region', 'metaLocalStorage'] as const;

export const ONBOARDING_STATUSES = ['in_progress', 'completed', 'failed'] as const;
/** `in_progress`, `completed` or `failed`. */
export type OnboardingStatus = (typeof ONBOARDING_STATUSES)[number];
export const OnboardingStatusSchema = z.enum(ONBOARDING_STATUSES);

/** The workflow steps, in order. */
export const ONBOARDING_STEPS = ['subproject', 'sender', 'sender_activation', 'app', 'done'] as const;
/** `subproject`, `sender`, `sender_activation`, `app` or `done`. */
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];
export const OnboardingStepSchema = z.enum(ONBOARDING_STEPS);

/** Why an onboarding failed. `code` is Sinch's own code in lower case when Sinch gave one. */
export const OnboardingErrorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    retryable: z.boolean(),
    step: OnboardingStepSchema,
  })
  .meta({ id: 'OnboardingError' });
export type OnboardingError = z.infer<typeof OnboardingErrorSchema>;

/** The onboarding resource every onboarding endpoint and SSE frame returns. */
export const OnboardingSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    status: OnboardingStatusSchema,
    step: OnboardingStepSchema,
    region: RegionSchema,
    metaLocalStorage: MetaLocalStorageSchema,
    wabaId: z.string(),
    phoneNumberId: z.string(),
    businessId: z.string().nullable().optional(),
    finishEvent: z.string().nullable().optional(),
    subprojectId: z.string().nullable(),
    senderId: z.string().nullable(),
    senderState: z
      .string()
      .nullable()
      .meta({ description: "The sender's `state`, or `changes.status` while it has none." }),
    appId: z.string().nullable(),
    appRegion: ConversationRegionSchema.nullable(),
    error: OnboardingErrorSchema.nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Onboarding' });
export type Onboarding = z.infer<typeof OnboardingSchema>;

/** Answer of the admin list `GET /v1/onboardings`. */
export const OnboardingListSchema = z
  .object({ onboardings: z.array(OnboardingSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'OnboardingList' });
export type OnboardingList = z.infer<typeof OnboardingListSchema>;

/** Query of the admin list. */
export const OnboardingListQuerySchema = z.strictObject({
  customerId: z.string().min(1).max(255).optional(),
  status: OnboardingStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().min(1).max(512).optional(),
});
export type OnboardingListQuery = z.infer<typeof OnboardingListQuerySchema>;

/** Labels copied to a Sinch subproject: at most 255 entries, keys and values 1–255 characters. */
export const LabelsSchema = z
  .record(z.string().min(1).max(255), z.string().min(1).max(255))
  .refine((labels) => Object.keys(labels).length <= 255, 'at most 255 labels');

/** Longest session a token may grant (CONTRACT section 4). */
export const MAX_SESSION_TTL_SECONDS = 86_400;
/** Session lifetime when `ttlSeconds` is omitted. */
export const DEFAULT_SESSION_TTL_SECONDS = 3_600;

/** Body of `POST /v1/sessions` (admin). */
export const CreateSessionBodySchema = z
  .strictObject({
    customerId: z.string().min(1).max(255),
    displayName: z.string().min(1).max(255).optional(),
    labels: LabelsSchema.optional(),
    ttlSeconds: z.int().min(1).max(MAX_SESSION_TTL_SECONDS).optional(),
  })
  .meta({ id: 'CreateSessionBody' });
export type CreateSessionBody = z.infer<typeof CreateSessionBodySchema>;

/** Answer of `POST /v1/sessions`. */
export const SessionTokenSchema = z
  .object({ token: z.string(), expiresAt: z.iso.datetime() })
  .meta({ id: 'SessionToken' });
export type SessionToken = z.infer<typeof SessionTokenSchema>;

/** Every error answer: `{ error: { code, message, requestId } }`. */
export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().regex(/^[a-z0-9_]+$/),
      message: z.string(),
      requestId: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** Name of the SSE event that carries the onboarding resource. */
export const ONBOARDING_SSE_EVENT = 'onboarding';

/** True once an onboarding will not change without a retry. */
export function isFinished(onboarding: Pick<Onboarding, 'status'>): boolean {
  return onboarding.status === 'completed' || onboarding.status === 'failed';
}
