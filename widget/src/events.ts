/**
 * The widget's events: names and typed details (CONTRACT section 2). Every event is
 * a `CustomEvent` that bubbles and is composed. No detail carries a secret: no
 * session token, no Meta `code`.
 * @module
 */
import type { Onboarding } from '@whatsapp-signup/shared/api';

/** Why the flow stopped; CONTRACT section 2 lists these kinds. */
export type WhatsAppSignupErrorKind =
  | 'config'
  | 'insecure-context'
  | 'sdk-blocked'
  | 'popup-blocked'
  | 'popup-closed'
  | 'meta-error'
  | 'no-phone-number'
  | 'relay-unreachable'
  | 'relay-rejected'
  | 'onboarding-failed'
  | 'timeout';

/** `whatsapp-signup-ready`: the SDK is loaded and initialised. */
export type WhatsAppSignupReadyDetail = Record<string, never>;
/** `whatsapp-signup-launch`: `FB.login` was called. */
export type WhatsAppSignupLaunchDetail = Record<string, never>;

/** `whatsapp-signup-finish`: Meta's flow finished (its message arrived). */
export interface WhatsAppSignupFinishDetail {
  /** Meta's finish event, e.g. `FINISH` or `FINISH_ONLY_WABA`. */
  event: string;
  wabaId: string;
  phoneNumberId?: string;
  businessId?: string;
}

/** `whatsapp-signup-cancel`: the user abandoned Meta's flow. */
export interface WhatsAppSignupCancelDetail {
  /** The screen the user left, when Meta said. */
  currentStep?: string;
}

/** `whatsapp-signup-error`: any failure. */
export interface WhatsAppSignupErrorDetail {
  kind: WhatsAppSignupErrorKind;
  /** Human-readable text; Meta's own text verbatim for `meta-error`, the relay's for relay errors. */
  message: string;
  /** True when acting again (the button or `retry`) can succeed. */
  retryable: boolean;
  /** Meta's `error_code`/`error_id`, the relay's error code, or the HTTP status, as a string. */
  code?: string;
  /** Meta's `session_id`, for Meta support. */
  metaSessionId?: string;
}

/** Event names, kebab-case and prefixed with the tag. */
export const EVENTS = {
  ready: 'whatsapp-signup-ready',
  launch: 'whatsapp-signup-launch',
  finish: 'whatsapp-signup-finish',
  cancel: 'whatsapp-signup-cancel',
  progress: 'whatsapp-signup-progress',
  complete: 'whatsapp-signup-complete',
  error: 'whatsapp-signup-error',
} as const;

/** Event name → detail type. */
export interface WhatsAppSignupEventDetails {
  'whatsapp-signup-ready': WhatsAppSignupReadyDetail;
  'whatsapp-signup-launch': WhatsAppSignupLaunchDetail;
  'whatsapp-signup-finish': WhatsAppSignupFinishDetail;
  'whatsapp-signup-cancel': WhatsAppSignupCancelDetail;
  'whatsapp-signup-progress': Onboarding;
  'whatsapp-signup-complete': Onboarding;
  'whatsapp-signup-error': WhatsAppSignupErrorDetail;
}

/** A typed widget event. */
export type WhatsAppSignupEvent<K extends keyof WhatsAppSignupEventDetails> = CustomEvent<
  WhatsAppSignupEventDetails[K]
>;

declare global {
  interface HTMLElementEventMap {
    'whatsapp-signup-ready': WhatsAppSignupEvent<'whatsapp-signup-ready'>;
    'whatsapp-signup-launch': WhatsAppSignupEvent<'whatsapp-signup-launch'>;
    'whatsapp-signup-finish': WhatsAppSignupEvent<'whatsapp-signup-finish'>;
    'whatsapp-signup-cancel': WhatsAppSignupEvent<'whatsapp-signup-cancel'>;
    'whatsapp-signup-progress': WhatsAppSignupEvent<'whatsapp-signup-progress'>;
    'whatsapp-signup-complete': WhatsAppSignupEvent<'whatsapp-signup-complete'>;
    'whatsapp-signup-error': WhatsAppSignupEvent<'whatsapp-signup-error'>;
  }
}
