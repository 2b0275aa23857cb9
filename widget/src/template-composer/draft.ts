/**
 * The composer's form state (a "draft") and how it becomes Sinch's template input. Pure functions, no DOM:
 * the element renders a draft, and sends what {@link toTemplateInput} builds.
 * @module
 */
import {
  TEMPLATE_LIMITS,
  type TemplateButton,
  type TemplateCategory,
  type TemplateComponent,
  type TemplateInput,
  type TemplateLanguage,
  templateVariables,
} from '@whatsapp-signup/shared/templates';

/** Header choices of the form; `NONE` leaves the header out. */
export type HeaderChoice = 'NONE' | 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';

/** Button kinds the form offers outside authentication templates. */
export type ButtonKind = 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE';

/** One button row of the form; each kind uses some of the fields. */
export interface ButtonDraft {
  kind: ButtonKind;
  text: string;
  url: string;
  /** The full example address when `url` ends with `{{1}}`. */
  urlExample: string;
  phoneNumber: string;
  /** The example code of a copy-code button. */
  code: string;
}

/** Everything the user can edit. */
export interface TemplateDraft {
  name: string;
  language: TemplateLanguage;
  category: TemplateCategory;
  header: HeaderChoice;
  headerText: string;
  headerExample: string;
  headerUrl: string;
  body: string;
  /** Example of `{{n}}` at index `n - 1`. */
  bodyExamples: string[];
  footer: string;
  buttons: ButtonDraft[];
  /** Authentication templates: the text of the copy-code OTP button. */
  otpText: string;
  /** Authentication templates: Meta's "do not share this code" line. */
  securityRecommendation: boolean;
  /** Authentication templates: "This code expires in N minutes" (empty for none). */
  codeExpirationMinutes: string;
}

/** A new, empty draft. */
export function emptyDraft(language: TemplateLanguage = 'EN'): TemplateDraft {
  return {
    name: '',
    language,
    category: 'UTILITY',
    header: 'NONE',
    headerText: '',
    headerExample: '',
    headerUrl: '',
    body: '',
    bodyExamples: [],
    footer: '',
    buttons: [],
    otpText: 'Copy code',
    securityRecommendation: true,
    codeExpirationMinutes: '10',
  };
}

/** A new button row of `kind`. */
export function newButton(kind: ButtonKind): ButtonDraft {
  return { kind, text: '', url: '', urlExample: '', phoneNumber: '', code: '' };
}

/** The distinct `{{n}}` numbers of `text`, ascending: one example input per number. */
export function variableNumbers(text: string): number[] {
  return [...new Set(templateVariables(text))].sort((a, b) => a - b);
}

/** True when a URL button's address takes a variable (`…{{1}}`). */
export function urlHasVariable(url: string): boolean {
  return templateVariables(url).length > 0;
}

/** The examples of `text`'s variables, in variable order. */
function examplesFor(text: string, examples: readonly string[]): string[] {
  return variableNumbers(text).map((n) => examples[n - 1] ?? '');
}

function buttonInput(button: ButtonDraft): TemplateButton {
  switch (button.kind) {
    case 'QUICK_REPLY':
      return { type: 'QUICK_REPLY', text: button.text };
    case 'URL':
      return {
        type: 'URL',
        text: button.text,
        url: button.url,
        ...(urlHasVariable(button.url) ? { examples: [button.urlExample] } : {}),
      };
    case 'PHONE_NUMBER':
      return { type: 'PHONE_NUMBER', text: button.text, phoneNumber: button.phoneNumber };
    case 'COPY_CODE':
      return { type: 'COPY_CODE', examples: [button.code] };
  }
}

/**
 * Sinch's template input for the draft. Optional parts the user left empty are omitted, so the relay and
 * Sinch see exactly what the preview shows.
 */
export function toTemplateInput(draft: TemplateDraft, status: 'DRAFT' | 'SUBMIT'): TemplateInput {
  const components: TemplateComponent[] = [];
  if (draft.category === 'AUTHENTICATION') {
    // Meta writes the body of authentication templates; the form sets its options only.
    components.push({ type: 'BODY', addSecurityRecommendation: draft.securityRecommendation });
    const minutes = Number(draft.codeExpirationMinutes);
    if (draft.codeExpirationMinutes.trim() !== '' && Number.isInteger(minutes)) {
      components.push({ type: 'FOOTER', codeExpirationMinutes: minutes });
    }
    components.push({
      type: 'BUTTONS',
      buttons: [{ type: 'OTP', otpType: 'COPY_CODE', text: draft.otpText }],
    });
  } else {
    if (draft.header === 'TEXT') {
      const examples = examplesFor(draft.headerText, [draft.headerExample]);
      components.push({
        type: 'HEADER',
        format: 'TEXT',
        text: draft.headerText,
        ...(examples.length > 0 ? { examples } : {}),
      });
    } else if (draft.header !== 'NONE') {
      components.push({ type: 'HEADER', format: draft.header, examples: [{ url: draft.headerUrl }] });
    }
    if (status === 'SUBMIT' || draft.body !== '') {
      const examples = examplesFor(draft.body, draft.bodyExamples);
      components.push({ type: 'BODY', text: draft.body, ...(examples.length > 0 ? { examples } : {}) });
    }
    if (draft.footer !== '') components.push({ type: 'FOOTER', text: draft.footer });
    if (draft.buttons.length > 0) {
      components.push({ type: 'BUTTONS', buttons: draft.buttons.map(buttonInput) });
    }
  }
  return {
    name: draft.name,
    language: draft.language,
    category: draft.category,
    status,
    // An empty draft has no details at all: Sinch validates `details` whenever it is present.
    ...(components.length > 0 ? { details: { components } } : {}),
  };
}

/** The most buttons of `kind` a template may have. */
export function buttonKindMax(kind: ButtonKind): number {
  switch (kind) {
    case 'URL':
      return TEMPLATE_LIMITS.urlButtonsMax;
    case 'PHONE_NUMBER':
      return TEMPLATE_LIMITS.phoneButtonsMax;
    case 'COPY_CODE':
      return TEMPLATE_LIMITS.copyCodeButtonsMax;
    default:
      return TEMPLATE_LIMITS.buttonsMax;
  }
}

/** True when one more button of `kind` stays within Meta's limits. */
export function canAddButton(buttons: readonly ButtonDraft[], kind: ButtonKind): boolean {
  if (buttons.length >= TEMPLATE_LIMITS.buttonsMax) return false;
  return buttons.filter((button) => button.kind === kind).length < buttonKindMax(kind);
}
