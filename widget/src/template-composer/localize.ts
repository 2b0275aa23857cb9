/**
 * The composer's UI text: its own string tables, the widget's locale matching (`locale`, then the nearest
 * `lang`, then English), and issue messages per code.
 * @module
 */
import type { TemplateIssue } from '@whatsapp-signup/shared/templates';
import { resolveLocale, type SupportedLocale } from '../localize.js';
import { en, type TemplateComposerStrings } from './strings/en.js';
import { es } from './strings/es.js';
import { ptBR } from './strings/pt-BR.js';

/** The composer's built-in languages (the same tags as `<whatsapp-signup>`). */
export const COMPOSER_LOCALES: Record<SupportedLocale, TemplateComposerStrings> = { en, 'pt-BR': ptBR, es };

export { resolveLocale };

/** The strings for `locale` with `overrides` merged over them. */
export function composerStrings(
  locale: SupportedLocale,
  overrides: Partial<TemplateComposerStrings> | undefined,
): TemplateComposerStrings {
  return { ...COMPOSER_LOCALES[locale], ...(overrides ?? {}) };
}

/**
 * Replaces `{name}` for the names given in `values` only, so literal `{{1}}` in a text survives.
 */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** `too_long` → `issueTooLong`. */
const issueKey = (code: string) =>
  `issue${code.replace(/(?:^|_)(\w)/g, (_, letter: string) => letter.toUpperCase())}` as keyof TemplateComposerStrings;

/**
 * The message of a rule's issue. In English without an override, the validator's own message (the most
 * specific); otherwise the localized text for its code.
 */
export function issueMessage(
  issue: Pick<TemplateIssue, 'code' | 'message' | 'limit'>,
  locale: SupportedLocale,
  strings: TemplateComposerStrings,
  overrides: Partial<TemplateComposerStrings> | undefined,
): string {
  const key = issueKey(issue.code);
  if (locale === 'en' && !overrides?.[key]) return issue.message;
  const text = strings[key];
  return text ? fill(text, { limit: issue.limit ?? '' }) : issue.message;
}
