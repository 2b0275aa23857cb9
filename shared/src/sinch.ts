/**
 * Sinch enums the widget, the relay and the sandbox agree on.
 *
 * Plain constant arrays and guards, no zod: the widget imports this module and
 * must stay small. Zod enums built from these live in `api.ts`.
 *
 * Sources: Sinch Provisioning API 1.2.117 (`WhatsappSenderInputEsDto`,
 * `WhatsappSenderStatesEnum`, `WhatsappSenderChangesDto`) and Conversation API
 * servers; see `docs/reference/sinch-apis.md` sections 4.2, 4.4 and 5.1.
 * @module
 */

/** Sinch regions a WhatsApp sender is provisioned in (upper case, as the Provisioning API spells them). */
export const REGIONS = ['EU', 'US', 'BR'] as const;
/** A Sinch region: `EU`, `US` or `BR`. */
export type Region = (typeof REGIONS)[number];

/** Conversation API regions (lower case, as in the regional host names and `compatibleRegions`). */
export const CONVERSATION_REGIONS = ['eu', 'us', 'br'] as const;
/** A Conversation API region: `eu`, `us` or `br`. */
export type ConversationRegion = (typeof CONVERSATION_REGIONS)[number];

/**
 * Meta data-at-rest countries Sinch accepts as `metaLocalStorage` on sender creation
 * (`WhatsappSenderInputMetaLocalStoragesEnum`, 15 values: Meta's 14 codes plus `US`).
 */
export const META_LOCAL_STORAGE_CODES = [
  'AE',
  'AU',
  'BH',
  'BR',
  'CA',
  'CH',
  'DE',
  'GB',
  'ID',
  'IN',
  'JP',
  'KR',
  'SG',
  'US',
  'ZA',
] as const;
/** One of Sinch's 15 `metaLocalStorage` input codes. */
export type MetaLocalStorage = (typeof META_LOCAL_STORAGE_CODES)[number];

/** A sender's `state` (`WhatsappSenderStatesEnum`). Absent on a freshly created sender. */
export const SENDER_STATES = [
  'ACTIVE',
  'IN_PROGRESS',
  'INACTIVE',
  'PENDING_VERIFICATION',
  'SUSPENDED',
  'ERROR',
] as const;
/** A sender `state`. */
export type SenderState = (typeof SENDER_STATES)[number];

/** A sender's pending-change status (`changes.status`), shown while it has no `state`. */
export const SENDER_CHANGE_STATUSES = [
  'DRAFT',
  'ERROR',
  'IN_PROGRESS',
  'MULTIPLE_WABA_ERROR',
  'REJECTED',
] as const;
/** A sender `changes.status`. */
export type SenderChangeStatus = (typeof SENDER_CHANGE_STATUSES)[number];

/** Sender states and change statuses after which the sender will not become `ACTIVE` by itself. */
export const SENDER_FAILURE_STATES: readonly string[] = ['ERROR', 'REJECTED', 'SUSPENDED', 'INACTIVE'];

/** True when `value` is one of {@link REGIONS} (exact case). */
export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/** True when `value` is one of {@link META_LOCAL_STORAGE_CODES} (exact case). */
export function isMetaLocalStorage(value: unknown): value is MetaLocalStorage {
  return typeof value === 'string' && (META_LOCAL_STORAGE_CODES as readonly string[]).includes(value);
}

/** True when `value` is one of {@link CONVERSATION_REGIONS} (exact case). */
export function isConversationRegion(value: unknown): value is ConversationRegion {
  return typeof value === 'string' && (CONVERSATION_REGIONS as readonly string[]).includes(value);
}

/** The Conversation API region with the same name as a sender region (`EU` → `eu`). */
export function toConversationRegion(region: Region): ConversationRegion {
  return region.toLowerCase() as ConversationRegion;
}
