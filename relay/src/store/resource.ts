/**
 * The onboarding resource (CONTRACT section 5) as the API, SSE and the
 * onboarding webhook show it, built from a row. Internal bookkeeping (lease,
 * attempts, labels) never leaves the relay.
 * @module
 */
import {
  type ConversationRegion,
  isConversationRegion,
  type MetaLocalStorage,
  type Onboarding,
  type OnboardingStatus,
  type OnboardingStep,
  type Region,
} from '@whatsapp-signup/shared';
import type { OnboardingRow } from './schema.js';

/** The public resource of `row`. */
export function toOnboarding(row: OnboardingRow): Onboarding {
  const appRegion: ConversationRegion | null =
    row.app_region !== null && isConversationRegion(row.app_region) ? row.app_region : null;
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status as OnboardingStatus,
    step: row.step as OnboardingStep,
    region: row.region as Region,
    metaLocalStorage: row.meta_local_storage as MetaLocalStorage,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    businessId: row.business_id,
    finishEvent: row.finish_event,
    subprojectId: row.subproject_id,
    senderId: row.sender_id,
    senderState: row.sender_state,
    appId: row.app_id,
    appRegion,
    error:
      row.status === 'failed' && row.error_code !== null
        ? {
            code: row.error_code,
            message: row.error_message ?? '',
            retryable: row.error_retryable === 1,
            step: (row.error_step ?? row.step) as OnboardingStep,
          }
        : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
