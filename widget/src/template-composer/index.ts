/**
 * `<whatsapp-template-composer>` for bundler users: the class, its events, strings and helpers. Importing
 * this module registers nothing; import `./define.js` (or load `whatsapp-template-composer.js`) to define it.
 * @module
 */
export {
  type ButtonDraft,
  type ButtonKind,
  emptyDraft,
  type TemplateDraft,
  toTemplateInput,
} from './draft.js';
export type {
  TemplateComposerErrorKind,
  TemplateComposerEventDetails,
  TemplateErrorDetail,
  TemplateSavedDetail,
} from './events.js';
export { TEMPLATE_EVENTS } from './events.js';
export { COMPOSER_LOCALES } from './localize.js';
export type { ListedTemplate } from './relay.js';
export type { TemplateComposerStrings } from './strings/en.js';
export { WhatsAppTemplateComposer } from './whatsapp-template-composer.js';
