/**
 * WhatsApp message template rules, shared by the template composer (live
 * validation in the browser) and the relay (`POST /v1/templates`).
 *
 * The input is Sinch's `WhatsappTemplateInputDto` (camelCase), restricted to the
 * components the composer offers: a header (text, image, video or document), a
 * body with `{{n}}` variables, a footer, and buttons (quick reply, URL, phone
 * number, copy code; an OTP copy-code button for AUTHENTICATION). Limits come
 * from Sinch's Provisioning spec 1.2.117 and Meta's template rules; see
 * `docs/reference/sinch-apis.md` section 4.6. Examples are sent as `examples`
 * arrays, the form the spec's own request examples use.
 *
 * Zod-free so the composer bundle stays small; the relay wraps
 * {@link validateTemplate} in a zod schema (`template-schema.ts`).
 * @module
 */

/** Template languages Sinch accepts on create (`WhatsappInputTemplateLanguagesEnum`, 72 codes). */
// biome-ignore format: a table reads better than 72 lines
export const TEMPLATE_LANGUAGES = [
  'AF', 'AR', 'AZ', 'BG', 'BN', 'CA', 'CS', 'DA', 'DE', 'EL', 'EN', 'EN_GB', 'EN_US', 'ES', 'ES_AR', 'ES_ES',
  'ES_MX', 'ES_UY', 'ET', 'FA', 'FI', 'FIL', 'FR', 'GA', 'GU', 'HA', 'HE', 'HI', 'HR', 'HU', 'ID', 'IT', 'JA',
  'KA', 'KK', 'KN', 'KO', 'KY_KG', 'LO', 'LT', 'LV', 'MK', 'ML', 'MR', 'MS', 'NB', 'NL', 'PA', 'PL', 'PT_BR',
  'PT_PT', 'RO', 'RU', 'RW_RW', 'SK', 'SL', 'SQ', 'SR', 'SV', 'SW', 'TA', 'TE', 'TH', 'TR', 'UK', 'UR', 'UZ',
  'VI', 'ZH_CN', 'ZH_HK', 'ZH_TW', 'ZU',
] as const;
/** A template language code. */
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/** Template categories. */
export const TEMPLATE_CATEGORIES = ['AUTHENTICATION', 'MARKETING', 'UTILITY'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Header formats the composer offers. */
export const TEMPLATE_HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;
export type TemplateHeaderFormat = (typeof TEMPLATE_HEADER_FORMATS)[number];

/** Button types the composer offers. */
export const TEMPLATE_BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP'] as const;
export type TemplateButtonType = (typeof TEMPLATE_BUTTON_TYPES)[number];

/** Every numeric limit the rules check, in one place for the composer's counters. */
export const TEMPLATE_LIMITS = {
  nameMaxLength: 512,
  headerTextMaxLength: 60,
  headerTextMaxVariables: 1,
  bodyMaxLength: 1024,
  footerMaxLength: 60,
  buttonTextMaxLength: 25,
  buttonsMax: 10,
  urlButtonsMax: 2,
  phoneButtonsMax: 1,
  copyCodeButtonsMax: 1,
  copyCodeExampleMaxLength: 20,
  urlMaxLength: 2000,
  phoneNumberMaxDigits: 20,
  exampleMaxLength: 1024,
  codeExpirationMaxMinutes: 90,
} as const;

/** Name pattern from Sinch's spec: lower-case letters, digits and underscores, not starting or ending with `_`. */
export const TEMPLATE_NAME_PATTERN = /^[a-z0-9][a-z0-9_]*[a-z0-9]$/;

/** A header component. `examples` holds the variable example (text) or the media URL (media). */
export type TemplateHeader =
  | { type: 'HEADER'; format: 'TEXT'; text: string; examples?: string[] }
  | { type: 'HEADER'; format: 'IMAGE' | 'VIDEO' | 'DOCUMENT'; examples: { url: string }[] };

/** A button. */
export type TemplateButton =
  | { type: 'QUICK_REPLY'; text: string }
  | { type: 'URL'; text: string; url: string; examples?: string[] }
  | { type: 'PHONE_NUMBER'; text: string; phoneNumber: string }
  | { type: 'COPY_CODE'; examples: string[] }
  | { type: 'OTP'; otpType: 'COPY_CODE'; text: string };

/** A template component. */
export type TemplateComponent =
  | TemplateHeader
  | { type: 'BODY'; text?: string; examples?: string[]; addSecurityRecommendation?: boolean }
  | { type: 'FOOTER'; text?: string; codeExpirationMinutes?: number }
  | { type: 'BUTTONS'; buttons: TemplateButton[] };

/** Body of `POST /v1/templates`: Sinch's template input plus the relay's optional `wabaId`. */
export interface TemplateInput {
  name: string;
  language: TemplateLanguage;
  category: TemplateCategory;
  /** `DRAFT` saves without submitting to Meta; Sinch's default is `SUBMIT`. */
  status?: 'DRAFT' | 'SUBMIT';
  allowCategoryChange?: boolean;
  details?: { components: TemplateComponent[] };
  /** Which of the customer's WABAs (subprojects) to use, when it has more than one. */
  wabaId?: string;
}

/** One broken rule: a dotted path to the field, a stable code, the limit involved, an English message. */
export interface TemplateIssue {
  path: string;
  code: TemplateIssueCode;
  message: string;
  limit?: number;
}

export type TemplateIssueCode =
  | 'required'
  | 'invalid_type'
  | 'invalid_value'
  | 'too_long'
  | 'too_many'
  | 'pattern'
  | 'duplicate'
  | 'variables_not_sequential'
  | 'variable_at_edge'
  | 'too_many_variables'
  | 'examples_mismatch'
  | 'invalid_url'
  | 'restricted_domain'
  | 'url_variable_position'
  | 'invalid_phone'
  | 'not_allowed_for_category'
  | 'buttons_not_grouped';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `{{n}}` variable numbers in a text, in order of appearance. */
export function templateVariables(text: string): number[] {
  return Array.from(text.matchAll(/\{\{\s*(\d+)\s*\}\}/g), (match) => Number(match[1]));
}

/** Replaces `{{n}}` with `examples[n - 1]` (left as is when missing): what the recipient will see. */
export function fillTemplateVariables(text: string, examples: readonly string[] = []): string {
  return text.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => {
    const example = examples[Number(n) - 1];
    return example === undefined || example === '' ? whole : example;
  });
}

class Issues {
  readonly list: TemplateIssue[] = [];
  add(path: string, code: TemplateIssueCode, message: string, limit?: number): void {
    this.list.push(limit === undefined ? { path, code, message } : { path, code, message, limit });
  }
  text(path: string, value: unknown, { required, max }: { required: boolean; max: number }): value is string {
    if (value === undefined || value === '') {
      if (required) this.add(path, 'required', 'Required.');
      return false;
    }
    if (typeof value !== 'string') {
      this.add(path, 'invalid_type', 'Must be text.');
      return false;
    }
    if (value.length > max) this.add(path, 'too_long', `At most ${max} characters.`, max);
    return true;
  }
  examples(path: string, value: unknown): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      this.add(path, 'invalid_type', 'Must be a list of texts.');
      return undefined;
    }
    return value as string[];
  }
}

/**
 * Variables must be `{{1}}`…`{{n}}` with no gap, each example filled in. `edges`: Meta rejects a body that
 * starts or ends with a variable (headers have no such rule).
 */
function checkVariables(
  issues: Issues,
  path: string,
  text: string,
  examples: string[] | undefined,
  { max, edges }: { max: number; edges: boolean },
) {
  const numbers = templateVariables(text);
  const distinct = [...new Set(numbers)].sort((a, b) => a - b);
  if (distinct.length > max) {
    issues.add(`${path}.text`, 'too_many_variables', `At most ${max} variable${max === 1 ? '' : 's'}.`, max);
  }
  if (distinct.some((n, i) => n !== i + 1)) {
    issues.add(
      `${path}.text`,
      'variables_not_sequential',
      'Variables must be numbered {{1}}, {{2}}, … without gaps.',
    );
  }
  const trimmed = text.trim();
  if (
    edges &&
    distinct.length > 0 &&
    (/^\{\{\s*\d+\s*\}\}/.test(trimmed) || /\{\{\s*\d+\s*\}\}$/.test(trimmed))
  ) {
    issues.add(
      `${path}.text`,
      'variable_at_edge',
      'Meta rejects a variable at the very start or end of the text.',
    );
  }
  const count = distinct.length;
  const given = examples ?? [];
  if (given.length !== count) {
    issues.add(`${path}.examples`, 'examples_mismatch', `Give one example per variable (${count}).`, count);
  }
  given.forEach((example, i) => {
    if (example.trim() === '') issues.add(`${path}.examples.${i}`, 'required', 'Example required.');
    else if (example.length > TEMPLATE_LIMITS.exampleMaxLength) {
      issues.add(
        `${path}.examples.${i}`,
        'too_long',
        `At most ${TEMPLATE_LIMITS.exampleMaxLength} characters.`,
      );
    }
  });
}

function checkUrl(issues: Issues, path: string, value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value.replace(/\{\{\s*1\s*\}\}$/, 'x'));
  } catch {
    issues.add(path, 'invalid_url', 'Must be a full https:// address.');
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    issues.add(path, 'invalid_url', 'Must be a full https:// address.');
    return undefined;
  }
  if (value.length > TEMPLATE_LIMITS.urlMaxLength) issues.add(path, 'too_long', 'Address too long.');
  const host = url.hostname.toLowerCase();
  if (host === 'wa.me' || host === 'whatsapp.com' || host.endsWith('.whatsapp.com')) {
    issues.add(path, 'restricted_domain', 'wa.me and whatsapp.com links are not allowed.');
  }
  return url;
}

function checkHeader(issues: Issues, path: string, header: Json) {
  if (header.format === 'TEXT') {
    if (
      issues.text(`${path}.text`, header.text, { required: true, max: TEMPLATE_LIMITS.headerTextMaxLength })
    ) {
      const examples = issues.examples(`${path}.examples`, header.examples);
      checkVariables(issues, path, header.text as string, examples, {
        max: TEMPLATE_LIMITS.headerTextMaxVariables,
        edges: false,
      });
    }
    return;
  }
  if (header.format === 'IMAGE' || header.format === 'VIDEO' || header.format === 'DOCUMENT') {
    const example = Array.isArray(header.examples) ? header.examples[0] : undefined;
    if (!isObject(example) || typeof example.url !== 'string' || example.url === '') {
      issues.add(`${path}.examples.0.url`, 'required', 'A sample media URL is required.');
    } else {
      checkUrl(issues, `${path}.examples.0.url`, example.url);
    }
    return;
  }
  issues.add(`${path}.format`, 'invalid_value', 'Header must be text, image, video or document.');
}

function checkButtons(issues: Issues, path: string, buttons: unknown, category: unknown) {
  if (!Array.isArray(buttons) || buttons.length === 0) {
    issues.add(`${path}.buttons`, 'required', 'Add at least one button or remove the buttons.');
    return;
  }
  if (buttons.length > TEMPLATE_LIMITS.buttonsMax) {
    issues.add(
      `${path}.buttons`,
      'too_many',
      `At most ${TEMPLATE_LIMITS.buttonsMax} buttons.`,
      TEMPLATE_LIMITS.buttonsMax,
    );
  }
  const counts: Record<string, number> = {};
  const texts = new Set<string>();
  const kinds: boolean[] = []; // true for quick replies, to check they are grouped
  buttons.forEach((button: unknown, i) => {
    const at = `${path}.buttons.${i}`;
    if (!isObject(button) || typeof button.type !== 'string') {
      issues.add(at, 'invalid_type', 'Unknown button.');
      return;
    }
    counts[button.type] = (counts[button.type] ?? 0) + 1;
    kinds.push(button.type === 'QUICK_REPLY');
    const isAuth = category === 'AUTHENTICATION';
    if (isAuth !== (button.type === 'OTP')) {
      issues.add(
        `${at}.type`,
        'not_allowed_for_category',
        isAuth
          ? 'Authentication templates take one copy-code OTP button.'
          : 'OTP buttons are for authentication templates.',
      );
    }
    if (button.type !== 'COPY_CODE') {
      if (
        issues.text(`${at}.text`, button.text, { required: true, max: TEMPLATE_LIMITS.buttonTextMaxLength })
      ) {
        const key = (button.text as string).trim().toLowerCase();
        if (texts.has(key)) issues.add(`${at}.text`, 'duplicate', 'Each button needs its own text.');
        texts.add(key);
      }
    }
    switch (button.type) {
      case 'QUICK_REPLY':
        break;
      case 'URL': {
        if (!issues.text(`${at}.url`, button.url, { required: true, max: TEMPLATE_LIMITS.urlMaxLength }))
          break;
        const url = button.url as string;
        checkUrl(issues, `${at}.url`, url);
        const variables = templateVariables(url);
        if (variables.length > 1 || (variables.length === 1 && !/\{\{\s*1\s*\}\}$/.test(url))) {
          issues.add(
            `${at}.url`,
            'url_variable_position',
            'Only one variable, {{1}}, at the end of the address.',
          );
        }
        const examples = issues.examples(`${at}.examples`, button.examples);
        if (variables.length > 0 && (examples?.length !== 1 || examples[0] === '')) {
          issues.add(`${at}.examples`, 'examples_mismatch', 'Give the full example address.', 1);
        } else if (variables.length > 0 && examples?.[0]) {
          checkUrl(issues, `${at}.examples.0`, examples[0]);
        }
        break;
      }
      case 'PHONE_NUMBER': {
        const phone = button.phoneNumber;
        if (typeof phone !== 'string' || phone.trim() === '') {
          issues.add(`${at}.phoneNumber`, 'required', 'Required.');
        } else {
          const digits = phone.replace(/[\s()-]/g, '');
          if (!/^\+?\d{6,20}$/.test(digits)) {
            issues.add(
              `${at}.phoneNumber`,
              'invalid_phone',
              'Use the international format, e.g. +48 777 777777.',
            );
          }
        }
        break;
      }
      case 'COPY_CODE': {
        const example = Array.isArray(button.examples) ? button.examples[0] : undefined;
        issues.text(`${at}.examples.0`, example, {
          required: true,
          max: TEMPLATE_LIMITS.copyCodeExampleMaxLength,
        });
        break;
      }
      case 'OTP':
        if (button.otpType !== 'COPY_CODE')
          issues.add(`${at}.otpType`, 'invalid_value', 'Only copy-code OTP buttons.');
        break;
      default:
        issues.add(`${at}.type`, 'invalid_value', 'Unknown button type.');
    }
  });
  const caps: [string, number][] = [
    ['URL', TEMPLATE_LIMITS.urlButtonsMax],
    ['PHONE_NUMBER', TEMPLATE_LIMITS.phoneButtonsMax],
    ['COPY_CODE', TEMPLATE_LIMITS.copyCodeButtonsMax],
    ['OTP', 1],
  ];
  for (const [type, max] of caps) {
    if ((counts[type] ?? 0) > max)
      issues.add(`${path}.buttons`, 'too_many', `At most ${max} ${type} button${max === 1 ? '' : 's'}.`, max);
  }
  // Meta requires quick replies to sit together, before or after the call-to-action buttons.
  const switches = kinds.filter((kind, i) => i > 0 && kind !== kinds[i - 1]).length;
  if (switches > 1) issues.add(`${path}.buttons`, 'buttons_not_grouped', 'Keep quick replies together.');
}

/**
 * Checks a template input against every rule; an empty list means valid.
 * Paths use component types rather than indexes (`components.BODY.text`), so the
 * composer can put each message next to its field.
 * @param input anything; a non-object gives one `invalid_type` issue.
 */
export function validateTemplate(input: unknown): TemplateIssue[] {
  const issues = new Issues();
  if (!isObject(input)) {
    issues.add('', 'invalid_type', 'A template must be an object.');
    return issues.list;
  }
  if (issues.text('name', input.name, { required: true, max: TEMPLATE_LIMITS.nameMaxLength })) {
    if (!TEMPLATE_NAME_PATTERN.test(input.name as string)) {
      issues.add(
        'name',
        'pattern',
        'Lower-case letters, digits and underscores; not starting or ending with _.',
      );
    }
  }
  if (!(TEMPLATE_LANGUAGES as readonly unknown[]).includes(input.language)) {
    issues.add('language', input.language === undefined ? 'required' : 'invalid_value', 'Choose a language.');
  }
  const category = input.category;
  if (!(TEMPLATE_CATEGORIES as readonly unknown[]).includes(category)) {
    issues.add('category', category === undefined ? 'required' : 'invalid_value', 'Choose a category.');
  }
  if (input.status !== undefined && input.status !== 'DRAFT' && input.status !== 'SUBMIT') {
    issues.add('status', 'invalid_value', 'Status is DRAFT or SUBMIT.');
  }
  const draft = input.status === 'DRAFT';
  const details = input.details;
  if (details === undefined) {
    if (!draft) issues.add('components.BODY', 'required', 'A body is required.');
    return issues.list;
  }
  if (!isObject(details) || !Array.isArray(details.components)) {
    issues.add('components', 'invalid_type', 'details.components must be a list.');
    return issues.list;
  }
  const seen = new Set<string>();
  for (const component of details.components as unknown[]) {
    if (!isObject(component) || typeof component.type !== 'string') {
      issues.add('components', 'invalid_type', 'Unknown component.');
      continue;
    }
    const path = `components.${component.type}`;
    if (seen.has(component.type)) issues.add(path, 'duplicate', 'At most one component of each type.');
    seen.add(component.type);
    switch (component.type) {
      case 'HEADER':
        if (category === 'AUTHENTICATION')
          issues.add(path, 'not_allowed_for_category', 'Authentication templates have no header.');
        checkHeader(issues, path, component);
        break;
      case 'BODY':
        // Meta writes the body of authentication templates itself.
        if (
          category !== 'AUTHENTICATION' &&
          issues.text(`${path}.text`, component.text, { required: true, max: TEMPLATE_LIMITS.bodyMaxLength })
        ) {
          checkVariables(
            issues,
            path,
            component.text as string,
            issues.examples(`${path}.examples`, component.examples),
            { max: Number.POSITIVE_INFINITY, edges: true },
          );
        }
        break;
      case 'FOOTER':
        if (
          issues.text(`${path}.text`, component.text, {
            required: false,
            max: TEMPLATE_LIMITS.footerMaxLength,
          }) &&
          templateVariables(component.text as string).length > 0
        ) {
          issues.add(`${path}.text`, 'too_many_variables', 'The footer cannot have variables.', 0);
        }
        if (component.codeExpirationMinutes !== undefined) {
          const minutes = component.codeExpirationMinutes;
          if (category !== 'AUTHENTICATION') {
            issues.add(
              `${path}.codeExpirationMinutes`,
              'not_allowed_for_category',
              'Only for authentication templates.',
            );
          } else if (
            !Number.isInteger(minutes) ||
            (minutes as number) < 1 ||
            (minutes as number) > TEMPLATE_LIMITS.codeExpirationMaxMinutes
          ) {
            issues.add(
              `${path}.codeExpirationMinutes`,
              'invalid_value',
              `A whole number of minutes, 1 to ${TEMPLATE_LIMITS.codeExpirationMaxMinutes}.`,
              TEMPLATE_LIMITS.codeExpirationMaxMinutes,
            );
          }
        }
        break;
      case 'BUTTONS':
        checkButtons(issues, path, component.buttons, category);
        break;
      default:
        issues.add(path, 'invalid_value', `Unsupported component ${component.type}.`);
    }
  }
  if (!seen.has('BODY') && !draft) issues.add('components.BODY', 'required', 'A body is required.');
  if (category === 'AUTHENTICATION' && !draft && !seen.has('BUTTONS')) {
    issues.add('components.BUTTONS', 'required', 'Authentication templates need a copy-code OTP button.');
  }
  return issues.list;
}
