/**
 * Registers `<whatsapp-signup>`. Safe to load twice: when the tag already holds this
 * version it does nothing; when another version holds it, it warns and keeps that one.
 * Does nothing outside a browser (no `customElements`).
 * @module
 */
import { WhatsAppSignup } from './whatsapp-signup.js';

/** The default tag name. */
export const TAG_NAME = 'whatsapp-signup';

/**
 * Defines the element under `tag` in `registry` unless the tag is taken.
 * @returns the class registered under `tag`, or `undefined` outside a browser.
 */
export function defineWhatsAppSignup(
  tag: string = TAG_NAME,
  registry: CustomElementRegistry | undefined = globalThis.customElements,
): CustomElementConstructor | undefined {
  if (!registry) return undefined;
  const existing = registry.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
  if (existing) {
    if (existing !== WhatsAppSignup && existing.version !== WhatsAppSignup.version) {
      console.warn(
        `[whatsapp-signup] <${tag}> already holds version ${existing.version}; ${WhatsAppSignup.version} not registered.`,
      );
    }
    return existing;
  }
  // A fresh subclass per registration: one class cannot be defined under two tags.
  registry.define(tag, tag === TAG_NAME ? WhatsAppSignup : class extends WhatsAppSignup {});
  return registry.get(tag);
}

defineWhatsAppSignup();

export { WhatsAppSignup };
