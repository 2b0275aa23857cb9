/**
 * `@whatsapp-signup/widget`: the element class, its events and helpers. Importing this
 * module registers nothing; import `@whatsapp-signup/widget/define` (or load
 * `whatsapp-signup.js`) to define `<whatsapp-signup>`.
 * @module
 */
export type {
  WhatsAppSignupCancelDetail,
  WhatsAppSignupErrorDetail,
  WhatsAppSignupErrorKind,
  WhatsAppSignupEvent,
  WhatsAppSignupEventDetails,
  WhatsAppSignupFinishDetail,
  WhatsAppSignupLaunchDetail,
  WhatsAppSignupReadyDetail,
} from './events.js';
export { EVENTS } from './events.js';
export { LOCALES, type SupportedLocale } from './localize.js';
export type { WhatsAppSignupStrings } from './strings/en.js';
export { VERSION } from './version.js';
export { WhatsAppSignup, type WhatsAppSignupPhase } from './whatsapp-signup.js';
