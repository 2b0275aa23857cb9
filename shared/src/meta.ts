/**
 * Parser for Meta's `WA_EMBEDDED_SIGNUP` window `message` events.
 *
 * Meta posts these from facebook.com frames while the Embedded Signup popup runs.
 * Their shape drifts between versions (`error_id` vs `error_code`, `version` as a
 * number, a string or absent, `data` as a JSON string or an object) and many
 * unrelated messages arrive on the same channel, so the parser is liberal in what
 * it accepts and never throws: anything it cannot use comes back as a typed
 * `ignored` or `invalid` result.
 *
 * The origin check is not done here: the caller must check `event.origin`
 * against its exact allow-list before calling {@link parseEmbeddedSignupMessage}.
 *
 * No zod on purpose: the widget bundles this module. See
 * `docs/reference/meta-embedded-signup.md` section 3.
 * @module
 */

/** The `type` Meta gives every Embedded Signup session-info message. */
export const EMBEDDED_SIGNUP_MESSAGE_TYPE = 'WA_EMBEDDED_SIGNUP';

/** The finish events Meta documents (2026). Other `FINISH*` values are accepted as finishes too. */
export const FINISH_EVENTS = [
  'FINISH',
  'FINISH_ONLY_WABA',
  'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING',
  'FINISH_OBO_MIGRATION',
  'FINISH_GRANT_ONLY_API_ACCESS',
] as const;
/** A documented Embedded Signup finish event. */
export type FinishEvent = (typeof FINISH_EVENTS)[number];

/** The `current_step` values Meta documents for an abandoned flow; others may appear. */
export const CANCEL_STEPS = [
  'BUSINESS_ACCOUNT_SELECTION',
  'WABA_PHONE_PROFILE_PICKER',
  'WHATSAPP_BUSINESS_PROFILE_SETUP',
  'PHONE_NUMBER_SETUP',
  'PHONE_NUMBER_VERIFICATION',
  'PERMISSIONS',
] as const;

/** The user finished the flow. `phoneNumberId` is absent for `FINISH_ONLY_WABA` and some coexistence finishes. */
export interface EmbeddedSignupFinish {
  kind: 'finish';
  /** Meta's event name, e.g. `FINISH`; a documented {@link FinishEvent} or a newer `FINISH_*`. */
  event: string;
  wabaId: string;
  phoneNumberId?: string;
  businessId?: string;
  /** Present only in multi-WABA flows. */
  wabaIds?: string[];
  /** Meta's `version` as a string, when it sent one. */
  version?: string;
}

/** The user abandoned the flow (a `CANCEL` with no error fields). */
export interface EmbeddedSignupCancel {
  kind: 'cancel';
  /** The screen the user left, e.g. `PHONE_NUMBER_SETUP`, when Meta said. */
  currentStep?: string;
  version?: string;
}

/** The user hit an error in the flow and reported it (a `CANCEL` or `ERROR` carrying error fields). */
export interface EmbeddedSignupError {
  kind: 'error';
  /** Meta's text, verbatim; empty when Meta sent only a code. */
  message: string;
  /** Meta's `error_code` (2026 docs) or `error_id` (earlier docs), as a string. */
  code?: string;
  /** Meta's `session_id`, for support. */
  sessionId?: string;
  /** Meta's `timestamp` (Unix seconds). */
  timestamp?: number;
  currentStep?: string;
  version?: string;
}

/** Any usable Embedded Signup message. */
export type EmbeddedSignupMessage = EmbeddedSignupFinish | EmbeddedSignupCancel | EmbeddedSignupError;

/**
 * The result of {@link parseEmbeddedSignupMessage}:
 * - `message`: a usable Embedded Signup message;
 * - `ignored`: not an Embedded Signup message at all (foreign or non-JSON data), safe to drop silently;
 * - `invalid`: typed `WA_EMBEDDED_SIGNUP` but unusable (e.g. a finish without `waba_id`); worth a warning.
 */
export type EmbeddedSignupParseResult =
  | { type: 'message'; message: EmbeddedSignupMessage }
  | { type: 'ignored'; reason: string }
  | { type: 'invalid'; reason: string; event?: string };

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Meta ID: a non-empty string, or a finite non-negative integer sent as a number. */
function asId(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function asTimestamp(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Copies the keys whose values are defined, so optional fields are absent rather than `undefined`. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

function decode(raw: unknown): Json | string {
  if (typeof raw === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return 'data is a string that is not JSON';
    }
    return isPlainObject(parsed) ? parsed : 'data is JSON but not an object';
  }
  if (isPlainObject(raw)) return raw;
  if (Array.isArray(raw)) return 'data is an array';
  return `data is ${raw === null ? 'null' : typeof raw}`;
}

/**
 * Parses the `data` of a window `message` event that came from a trusted Meta origin.
 *
 * @param raw `event.data`: a JSON string or an object; anything else is ignored.
 * @returns a typed result; never throws.
 * @example
 * const result = parseEmbeddedSignupMessage(event.data);
 * if (result.type === 'message' && result.message.kind === 'finish') submit(result.message.wabaId);
 */
export function parseEmbeddedSignupMessage(raw: unknown): EmbeddedSignupParseResult {
  const envelope = decode(raw);
  if (typeof envelope === 'string') return { type: 'ignored', reason: envelope };
  if (envelope.type !== EMBEDDED_SIGNUP_MESSAGE_TYPE) {
    return { type: 'ignored', reason: 'type is not WA_EMBEDDED_SIGNUP' };
  }

  const event = typeof envelope.event === 'string' ? envelope.event.trim().toUpperCase() : '';
  const version = asText(envelope.version);
  // `data` may itself be a JSON string in the wild; missing data is tolerated for CANCEL only.
  const dataValue = typeof envelope.data === 'string' ? decode(envelope.data) : envelope.data;
  const data: Json | undefined = isPlainObject(dataValue) ? dataValue : undefined;

  if (event === '') return { type: 'invalid', reason: 'event is missing' };

  const errorMessage = data ? asText(data.error_message) : undefined;
  const errorCode = data ? (asText(data.error_code) ?? asText(data.error_id)) : undefined;
  const currentStep = data ? asText(data.current_step) : undefined;

  if (event === 'CANCEL' || event === 'ERROR') {
    if (errorMessage !== undefined || errorCode !== undefined || event === 'ERROR') {
      return {
        type: 'message',
        message: compact<EmbeddedSignupError>({
          kind: 'error',
          message: errorMessage ?? '',
          code: errorCode,
          sessionId: data ? asText(data.session_id) : undefined,
          timestamp: data ? asTimestamp(data.timestamp) : undefined,
          currentStep,
          version,
        }),
      };
    }
    return {
      type: 'message',
      message: compact<EmbeddedSignupCancel>({ kind: 'cancel', currentStep, version }),
    };
  }

  if (event.startsWith('FINISH')) {
    if (!data) return { type: 'invalid', reason: 'finish without data', event };
    const wabaId = asId(data.waba_id);
    if (!wabaId) return { type: 'invalid', reason: 'finish without waba_id', event };
    const wabaIds = Array.isArray(data.waba_ids)
      ? data.waba_ids.map(asId).filter((id): id is string => id !== undefined)
      : undefined;
    return {
      type: 'message',
      message: compact<EmbeddedSignupFinish>({
        kind: 'finish',
        event,
        wabaId,
        phoneNumberId: asId(data.phone_number_id),
        businessId: asId(data.business_id),
        wabaIds: wabaIds && wabaIds.length > 0 ? wabaIds : undefined,
        version,
      }),
    };
  }

  return { type: 'invalid', reason: `unknown event ${event}`, event };
}

/** True when `event` is one of the documented {@link FINISH_EVENTS} (the relay accepts only these). */
export function isFinishEvent(event: unknown): event is FinishEvent {
  return typeof event === 'string' && (FINISH_EVENTS as readonly string[]).includes(event);
}
