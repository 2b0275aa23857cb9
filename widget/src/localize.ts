/**
 * Picks the UI language and fills in string templates.
 * @module
 */
import { en, type WhatsAppSignupStrings } from './strings/en.js';
import { es } from './strings/es.js';
import { ptBR } from './strings/pt-BR.js';

/** The built-in languages. */
export const LOCALES = { en, 'pt-BR': ptBR, es } as const;
/** A built-in language tag. */
export type SupportedLocale = keyof typeof LOCALES;

/**
 * The nearest built-in language: an exact tag, else the same primary language
 * (`pt-PT` → `pt-BR`, `es-MX` → `es`), else English.
 */
export function matchLocale(requested: string | null | undefined): SupportedLocale {
  const primary = (requested ?? '').trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'pt') return 'pt-BR';
  if (primary === 'es') return 'es';
  return 'en';
}

/** The `locale` attribute, else the nearest ancestor's `lang` (or the document's), else `en`. */
export function resolveLocale(element: HTMLElement, locale: string | undefined): SupportedLocale {
  return matchLocale(
    locale || element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang,
  );
}

/** The strings for `locale` with `overrides` merged over them. */
export function stringsFor(
  locale: SupportedLocale,
  overrides: Partial<WhatsAppSignupStrings> | undefined,
): WhatsAppSignupStrings {
  return { ...LOCALES[locale], ...(overrides ?? {}) };
}

/** Replaces each `{name}` in `template` with `values[name]`. */
export function format(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
