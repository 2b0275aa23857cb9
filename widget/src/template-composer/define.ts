/**
 * Registers `<whatsapp-template-composer>`; the entry of the `whatsapp-template-composer.js` script-tag
 * bundle. Safe to load twice: when the tag already holds this version it does nothing; when another
 * version holds it, it warns and keeps that one. Does nothing outside a browser (no `customElements`).
 * @module
 */
import { WhatsAppTemplateComposer } from './whatsapp-template-composer.js';

/** The default tag name. */
export const TEMPLATE_COMPOSER_TAG = 'whatsapp-template-composer';

/**
 * Defines the element under `tag` in `registry` unless the tag is taken.
 * @returns the class registered under `tag`, or `undefined` outside a browser.
 */
export function defineWhatsAppTemplateComposer(
  tag: string = TEMPLATE_COMPOSER_TAG,
  registry: CustomElementRegistry | undefined = globalThis.customElements,
): CustomElementConstructor | undefined {
  if (!registry) return undefined;
  const existing = registry.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
  if (existing) {
    if (existing !== WhatsAppTemplateComposer && existing.version !== WhatsAppTemplateComposer.version) {
      console.warn(
        `[whatsapp-template-composer] <${tag}> is already defined by version ${existing.version ?? 'unknown'}; ` +
          `version ${WhatsAppTemplateComposer.version} was not registered.`,
      );
    }
    return existing;
  }
  // A fresh subclass per registration: one class cannot be defined under two tags.
  registry.define(
    tag,
    tag === TEMPLATE_COMPOSER_TAG ? WhatsAppTemplateComposer : class extends WhatsAppTemplateComposer {},
  );
  return registry.get(tag);
}

defineWhatsAppTemplateComposer();

export { WhatsAppTemplateComposer };
