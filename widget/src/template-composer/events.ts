/**
 * The composer's events (CONTRACT §2 rules: `CustomEvent`s that bubble and are composed, typed details,
 * listed in `HTMLElementEventMap`). No detail carries a secret: never the session token.
 * @module
 */
import type { ListedTemplate } from './relay.js';

/** Why an action failed. `invalid`: the form breaks a template rule (nothing was sent). */
export type TemplateComposerErrorKind = 'config' | 'invalid' | 'relay-unreachable' | 'relay-rejected';

/** `whatsapp-template-saved`: the relay created the template (as a draft or submitted to Meta). */
export interface TemplateSavedDetail {
  /** The template as the relay answered it (Sinch's template plus `wabaId`). */
  template: ListedTemplate;
  /** `DRAFT` for "Save draft", `SUBMIT` for "Submit". */
  status: 'DRAFT' | 'SUBMIT';
}

/** `whatsapp-template-error`: a failure the user sees. */
export interface TemplateErrorDetail {
  kind: TemplateComposerErrorKind;
  /** Human-readable text (the relay's own message for relay errors). */
  message: string;
  /** The relay's error code (e.g. `template_exists`) or the HTTP status, as a string. */
  code?: string;
}

/** Event names. */
export const TEMPLATE_EVENTS = {
  saved: 'whatsapp-template-saved',
  error: 'whatsapp-template-error',
} as const;

/** Event name → detail type. */
export interface TemplateComposerEventDetails {
  'whatsapp-template-saved': TemplateSavedDetail;
  'whatsapp-template-error': TemplateErrorDetail;
}

declare global {
  interface HTMLElementEventMap {
    'whatsapp-template-saved': CustomEvent<TemplateSavedDetail>;
    'whatsapp-template-error': CustomEvent<TemplateErrorDetail>;
  }
}
