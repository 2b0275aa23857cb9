/**
 * Table shapes as Kysely sees them. Times are milliseconds since the epoch in
 * `bigint` columns (read back as numbers on both dialects); booleans are 0/1
 * integers, so one set of queries serves SQLite and Postgres.
 * @module
 */

/** One onboarding: the request, the workflow position, the lease, and what Sinch created. */
export interface OnboardingsTable {
  id: string;
  customer_id: string;
  waba_id: string;
  phone_number_id: string;
  region: string;
  meta_local_storage: string;
  business_id: string | null;
  finish_event: string | null;
  /** Subproject `displayName` from the session token (`name`, else `sub`). */
  display_name: string;
  /** JSON object of the session token's `labels`. */
  labels: string;
  status: string;
  step: string;
  subproject_id: string | null;
  sender_id: string | null;
  sender_state: string | null;
  app_id: string | null;
  app_region: string | null;
  error_code: string | null;
  error_message: string | null;
  error_retryable: number | null;
  error_step: string | null;
  /** The step whose Sinch create call began but was not recorded as done: resume looks it up first. */
  call_started: string | null;
  /** Failed attempts of the current step since its last success. */
  attempts: number;
  /** When the current run of retryable failures began (retry budget). */
  failing_since: number | null;
  /** When the current step began (activation timeout, polling backoff). */
  step_started_at: number;
  next_run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  /** Bumped by callbacks and retries so a runner releasing its lease knows to run again at once. */
  signal: number;
  /** Bumped on every visible change; the SSE frame `id`. */
  version: number;
  created_at: number;
  updated_at: number;
}

/** One subproject per (customer, WABA). The row is claimed before the create so replicas never create two. */
export interface CustomerSubprojectsTable {
  customer_id: string;
  waba_id: string;
  subproject_id: string | null;
  /** The onboarding currently allowed to create the subproject. */
  claimed_by: string | null;
  /** When the claim was last taken plus one lease (diagnostics; takeover looks at the claimant's lease). */
  claim_until: number | null;
  /** 1 once a create call was sent: whoever continues looks the subproject up by its labels first. */
  create_started: number;
  webhook_registered: number;
  /** When the subproject was created or found (Sinch needs up to 30 s before using it). */
  ready_at: number | null;
  created_at: number;
  updated_at: number;
}

/** `Idempotency-Key`s, scoped to the customer, with the fingerprint of the body they came with. */
export interface IdempotencyKeysTable {
  customer_id: string;
  idempotency_key: string;
  fingerprint: string;
  onboarding_id: string;
  created_at: number;
}

/** Nonces of verified Sinch callbacks, kept until their timestamp leaves the accepted window. */
export interface CallbackNoncesTable {
  nonce: string;
  expires_at: number;
}

/**
 * Onboarding webhook deliveries still to make (an outbox): written in the same transaction as the final
 * state, so a crash cannot lose one; delivered under a lease by any replica.
 */
export interface OnboardingNotificationsTable {
  id: string;
  onboarding_id: string;
  /** The JSON resource to POST. */
  body: string;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
}

/** The whole database as Kysely sees it. */
export interface Database {
  onboardings: OnboardingsTable;
  customer_subprojects: CustomerSubprojectsTable;
  idempotency_keys: IdempotencyKeysTable;
  callback_nonces: CallbackNoncesTable;
  onboarding_notifications: OnboardingNotificationsTable;
}

/** A row of `onboarding_notifications`. */
export type OnboardingNotificationRow = OnboardingNotificationsTable;

/** A row of `onboardings`. */
export type OnboardingRow = OnboardingsTable;
/** A row of `customer_subprojects`. */
export type CustomerSubprojectRow = CustomerSubprojectsTable;
