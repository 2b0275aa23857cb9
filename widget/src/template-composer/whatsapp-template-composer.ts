/**
 * `<whatsapp-template-composer>`: lets an onboarded customer write a WhatsApp message template, checks every
 * WhatsApp rule as they type, previews the message as a chat bubble, saves it through the relay (as a draft
 * or submitted to Meta) and lists the customer's templates with their state. Importing this module defines
 * nothing and touches no DOM; `define.js` registers the tag.
 * @module
 */
import {
  TEMPLATE_CATEGORIES,
  TEMPLATE_LANGUAGES,
  TEMPLATE_LIMITS,
  type TemplateCategory,
  type TemplateIssue,
  type TemplateLanguage,
  validateTemplate,
} from '@whatsapp-signup/shared/templates';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { SupportedLocale } from '../localize.js';
import { VERSION } from '../version.js';
import {
  type ButtonDraft,
  type ButtonKind,
  canAddButton,
  emptyDraft,
  type HeaderChoice,
  newButton,
  type TemplateDraft,
  toTemplateInput,
  urlHasVariable,
  variableNumbers,
} from './draft.js';
import { TEMPLATE_EVENTS, type TemplateComposerEventDetails, type TemplateErrorDetail } from './events.js';
import { composerStrings, fill, issueMessage, resolveLocale } from './localize.js';
import { renderPreview } from './preview.js';
import {
  createTemplate,
  type ListedTemplate,
  listTemplates,
  type RelayIssue,
  type TemplateRelay,
  TemplateRelayError,
} from './relay.js';
import type { TemplateComposerStrings } from './strings/en.js';
import { composerStyles } from './styles.js';

const HEADER_CHOICES: readonly HeaderChoice[] = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'];
const BUTTON_KINDS: readonly ButtonKind[] = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'];
/** The template language preselected for each UI language. */
const DEFAULT_LANGUAGE: Record<SupportedLocale, TemplateLanguage> = { en: 'EN', 'pt-BR': 'PT_BR', es: 'ES' };
/** Properties whose change reloads the list. */
const CONNECTION_PROPERTIES = ['relayUrl', 'sessionToken', 'getSessionToken', 'wabaId'];

/**
 * The form field an issue path belongs to (`components.BODY.text` → `body`), so each message sits next to
 * its field. Unknown paths go to `form`, shown beside the actions.
 */
export function fieldOf(path: string): string {
  if (path === 'name' || path === 'language' || path === 'category') return path;
  const button = /^components\.BUTTONS\.buttons\.(\d+)(?:\.(\w+))?/.exec(path);
  if (button) {
    const [, index, field] = button;
    if (field === 'text') return `button.${index}.text`;
    if (field === 'url') return `button.${index}.url`;
    if (field === 'phoneNumber') return `button.${index}.phone`;
    if (field === 'examples') return `button.${index}.example`;
    return `button.${index}`;
  }
  if (path.startsWith('components.BUTTONS')) return 'buttons';
  if (/^components\.HEADER\.examples\.0\.url/.test(path)) return 'headerUrl';
  if (path.startsWith('components.HEADER.examples')) return 'headerExample';
  if (path.startsWith('components.HEADER.text')) return 'headerText';
  if (path.startsWith('components.HEADER')) return 'header';
  const example = /^components\.BODY\.examples\.(\d+)/.exec(path);
  if (example) return `bodyExample.${example[1]}`;
  if (path.startsWith('components.BODY.examples')) return 'bodyExamples';
  if (path.startsWith('components.BODY')) return 'body';
  if (path.startsWith('components.FOOTER')) return 'footer';
  return 'form';
}

/** Dispatches a composer event (outside the class, so the manifest lists only the documented `@fires`). */
function emit<K extends keyof TemplateComposerEventDetails>(
  target: EventTarget,
  name: K,
  detail: TemplateComposerEventDetails[K],
): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** A text control of the form. */
interface TextFieldOptions {
  id: string;
  field: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  max?: number;
  hint?: string;
  multiline?: boolean;
  type?: 'text' | 'url' | 'tel' | 'number';
  part?: string;
  placeholder?: string;
}

/**
 * A WhatsApp message template composer for an onboarded customer, backed by the relay's
 * `/v1/templates` endpoints.
 *
 * @summary Write, check, preview and submit WhatsApp message templates.
 * @tag whatsapp-template-composer
 *
 * @fires {CustomEvent<TemplateSavedDetail>} whatsapp-template-saved - The relay created the template: `{ template, status }` (`DRAFT` or `SUBMIT`).
 * @fires {CustomEvent<TemplateErrorDetail>} whatsapp-template-error - A failure the user sees: `{ kind, message, code? }`; `kind` is `config`, `invalid`, `relay-unreachable` or `relay-rejected`.
 *
 * @csspart form - The form.
 * @csspart name - The template name input.
 * @csspart language - The language `select`.
 * @csspart category - The category `select`.
 * @csspart header-format - The header type `select`.
 * @csspart body - The message `textarea`.
 * @csspart example - Each variable's example input.
 * @csspart footer - The footer input.
 * @csspart button-row - Each button's group of fields.
 * @csspart add-button - The "Add button" button.
 * @csspart issue - A rule message next to its field.
 * @csspart counter - A character counter.
 * @csspart save-draft - The "Save draft" button.
 * @csspart submit - The "Submit for review" button.
 * @csspart status - The live region (saving, saved, problems to fix).
 * @csspart error - The error text.
 * @csspart preview - The chat preview.
 * @csspart preview-body - The message text in the preview.
 * @csspart preview-footer - The footer text in the preview.
 * @csspart preview-buttons - The buttons under the preview bubble.
 * @csspart list - The section listing the customer's templates.
 * @csspart refresh - The list's refresh button.
 * @csspart state - A template's state badge in the list.
 *
 * @cssprop [--whatsapp-template-composer-accent=#008069] - Submit button background and button text colour.
 * @cssprop [--whatsapp-template-composer-accent-hover=#006e5a] - Submit button background on hover.
 * @cssprop [--whatsapp-template-composer-accent-text=#fff] - Submit button text colour.
 * @cssprop [--whatsapp-template-composer-radius=6px] - Corner radius (falls back to `--whatsapp-signup-radius`).
 * @cssprop [--whatsapp-template-composer-focus-color=#0866ff] - Focus ring colour.
 * @cssprop [--whatsapp-template-composer-font=system-ui, …] - Font family.
 * @cssprop [--whatsapp-template-composer-text-color=#1c1e21] - Text colour.
 * @cssprop [--whatsapp-template-composer-muted-color=#606770] - Hints, counters, table headings.
 * @cssprop [--whatsapp-template-composer-error-color=#b3261e] - Rule messages and errors.
 * @cssprop [--whatsapp-template-composer-field-background=#fff] - Input background.
 * @cssprop [--whatsapp-template-composer-field-border-color=#8a8d91] - Input border colour.
 * @cssprop [--whatsapp-template-composer-gap=0.75rem] - Space between fields.
 * @cssprop [--whatsapp-template-composer-max-width=64rem] - Maximum width of the element.
 * @cssprop [--whatsapp-template-composer-chat-background=#efeae2] - Background behind the preview bubble.
 */
export class WhatsAppTemplateComposer extends LitElement {
  /** The package version; the define module compares it when the tag is already taken. */
  static readonly version = VERSION;

  static override styles = composerStyles;

  static override properties = {
    relayUrl: { attribute: 'relay-url' },
    sessionToken: { attribute: 'session-token' },
    wabaId: { attribute: 'waba-id' },
    locale: {},
    strings: { attribute: false },
    getSessionToken: { attribute: false },
    _draft: { state: true, attribute: false },
    _showAll: { state: true, attribute: false },
    _validateAs: { state: true, attribute: false },
    _busy: { state: true, attribute: false },
    _status: { state: true, attribute: false },
    _error: { state: true, attribute: false },
    _serverIssues: { state: true, attribute: false },
    _templates: { state: true, attribute: false },
    _listState: { state: true, attribute: false },
    _listError: { state: true, attribute: false },
    _addKind: { state: true, attribute: false },
  };

  /** Base URL of the relay. Required. */
  declare relayUrl: string;
  /** Short-lived session token minted by the ASP back end; required unless `getSessionToken` is set. */
  declare sessionToken: string;
  /** Which of the customer's WhatsApp Business Accounts to use; needed only when it has several. */
  declare wabaId: string;
  /** UI language (`en`, `pt-BR`, `es`); defaults to the nearest `lang`, then `en`. */
  declare locale: string;
  /** Overrides of UI text (see `TemplateComposerStrings`). */
  declare strings: Partial<TemplateComposerStrings> | undefined;
  /** Returns a fresh session token; called before each relay request. Takes precedence over `session-token`. */
  declare getSessionToken: (() => Promise<string> | string) | undefined;

  /** @internal */
  declare private _draft: TemplateDraft;
  /** @internal */
  declare private _showAll: boolean;
  /** @internal */
  declare private _validateAs: 'DRAFT' | 'SUBMIT';
  /** @internal */
  declare private _busy: 'DRAFT' | 'SUBMIT' | undefined;
  /** @internal */
  declare private _status: string;
  /** @internal */
  declare private _error: TemplateErrorDetail | undefined;
  /** @internal */
  declare private _serverIssues: RelayIssue[];
  /** @internal */
  declare private _templates: ListedTemplate[] | undefined;
  /** @internal */
  declare private _listState: 'idle' | 'loading' | 'loaded' | 'failed';
  /** @internal */
  declare private _listError: string | undefined;
  /** @internal */
  declare private _addKind: ButtonKind;

  #connection: AbortController | undefined;
  #langObserver: MutationObserver | undefined;
  #touched = new Set<string>();
  #languageChosen = false;
  #needsLoad = false;
  #listRequest = 0;
  #languageNames = new Map<string, Intl.DisplayNames | undefined>();

  constructor() {
    super();
    // Defaults only: no DOM work, no events, no requests here.
    this.relayUrl = '';
    this.sessionToken = '';
    this.wabaId = '';
    this.locale = '';
    this._draft = emptyDraft();
    this._showAll = false;
    this._validateAs = 'SUBMIT';
    this._status = '';
    this._serverIssues = [];
    this._listState = 'idle';
    this._addKind = 'QUICK_REPLY';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#connection = new AbortController();
    this.#needsLoad = true;
    this.#langObserver = new MutationObserver(() => this.requestUpdate());
    this.#langObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['lang'],
      subtree: true,
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#connection?.abort();
    this.#connection = undefined;
    this.#langObserver?.disconnect();
    this.#langObserver = undefined;
    this._busy = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.#languageChosen) {
      this._draft = { ...this._draft, language: DEFAULT_LANGUAGE[this.#locale()] };
    }
    const connectionChanged = CONNECTION_PROPERTIES.some((name) =>
      changed.has(name as keyof WhatsAppTemplateComposer),
    );
    if (this.#needsLoad || (connectionChanged && this.hasUpdated)) {
      this.#needsLoad = false;
      this.#boot();
    }
  }

  /** Reloads the list of templates from the relay. */
  refresh(): Promise<void> {
    return this.#loadList();
  }

  /** Empties the form (the list stays). */
  reset(): void {
    this.#touched.clear();
    this.#languageChosen = false;
    this._draft = emptyDraft(DEFAULT_LANGUAGE[this.#locale()]);
    this._showAll = false;
    this._validateAs = 'SUBMIT';
    this._status = '';
    this._error = undefined;
    this._serverIssues = [];
  }

  // --- configuration and relay -------------------------------------------------------

  #locale(): SupportedLocale {
    return resolveLocale(this, this.locale);
  }

  #strings(): TemplateComposerStrings {
    return composerStrings(this.#locale(), this.strings);
  }

  #configProblem(): string | undefined {
    const missing: string[] = [];
    if (!this.relayUrl) missing.push('relay-url');
    if (!this.sessionToken && !this.getSessionToken) missing.push('session-token');
    if (missing.length > 0) return `missing ${missing.join(', ')}`;
    try {
      if (!/^https?:$/.test(new URL(this.relayUrl).protocol)) return 'relay-url is not an http(s) URL';
    } catch {
      return 'relay-url is not a URL';
    }
    return undefined;
  }

  #relay(): TemplateRelay | undefined {
    const signal = this.#connection?.signal;
    if (!signal) return undefined;
    return {
      baseUrl: this.relayUrl,
      signal,
      getToken: async () => {
        const token = this.getSessionToken ? await this.getSessionToken() : this.sessionToken;
        if (!token) throw new Error('no session token');
        return token;
      },
    };
  }

  #emit<K extends keyof TemplateComposerEventDetails>(
    name: K,
    detail: TemplateComposerEventDetails[K],
  ): void {
    emit(this, name, detail);
  }

  #boot(): void {
    const problem = this.#configProblem();
    if (problem) {
      const message = fill(this.#strings().errorConfig, { detail: problem });
      console.error(`[whatsapp-template-composer] ${message}`);
      this._error = { kind: 'config', message };
      this.#emit(TEMPLATE_EVENTS.error, this._error);
      return;
    }
    if (this._error?.kind === 'config') this._error = undefined;
    void this.#loadList();
  }

  #relayErrorDetail(error: unknown, s: TemplateComposerStrings): TemplateErrorDetail {
    if (error instanceof TemplateRelayError && error.kind === 'relay-rejected') {
      return {
        kind: 'relay-rejected',
        message: error.message,
        ...(error.code ? { code: error.code } : {}),
      };
    }
    return { kind: 'relay-unreachable', message: s.errorRelayUnreachable };
  }

  async #loadList(): Promise<void> {
    const relay = this.#relay();
    if (!relay || this.#configProblem()) return;
    const request = ++this.#listRequest;
    this._listState = 'loading';
    this._listError = undefined;
    try {
      const templates = await listTemplates(relay, this.wabaId || undefined);
      if (request !== this.#listRequest) return;
      this._templates = templates;
      this._listState = 'loaded';
    } catch (error) {
      if (relay.signal.aborted || request !== this.#listRequest) return;
      const detail = this.#relayErrorDetail(error, this.#strings());
      this._listState = 'failed';
      this._listError = fill(this.#strings().errorList, { message: detail.message });
      this.#emit(TEMPLATE_EVENTS.error, detail);
    }
  }

  // --- validation ---------------------------------------------------------------------

  /** Every rule the draft breaks, as the relay will check it, plus the form's own checks. */
  #issues(status: 'DRAFT' | 'SUBMIT'): TemplateIssue[] {
    const issues = validateTemplate(toTemplateInput(this._draft, status));
    const draft = this._draft;
    if (draft.category === 'AUTHENTICATION' && draft.codeExpirationMinutes.trim() !== '') {
      const minutes = Number(draft.codeExpirationMinutes);
      // The relay's schema allows 1–90; the zod-free rules do not check it.
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 90) {
        issues.push({
          path: 'components.FOOTER.codeExpirationMinutes',
          code: 'invalid_value',
          message: this.#strings().expiryRange,
        });
      }
    }
    return issues;
  }

  /** The messages to show for `field`: rule issues once touched (or after a save attempt), and the relay's. */
  #messagesFor(field: string, issues: readonly TemplateIssue[]): string[] {
    const s = this.#strings();
    const locale = this.#locale();
    const shown = this._showAll || this.#touched.has(field);
    const messages = shown
      ? issues
          .filter((issue) => fieldOf(issue.path) === field)
          .map((issue) =>
            issue.path === 'components.FOOTER.codeExpirationMinutes'
              ? issue.message
              : issueMessage(issue, locale, s, this.strings),
          )
      : [];
    for (const issue of this._serverIssues) {
      if (fieldOf(issue.path) === field) messages.push(issue.message);
    }
    return [...new Set(messages)];
  }

  // --- editing --------------------------------------------------------------------------

  #edit(field: string, patch: Partial<TemplateDraft>): void {
    this.#touched.add(field);
    this._draft = { ...this._draft, ...patch };
    // A relay message about a field is stale once the user changes that field.
    this._serverIssues = this._serverIssues.filter((issue) => fieldOf(issue.path) !== field);
    if (this._status && !this._busy) this._status = '';
  }

  #editButton(index: number, field: string, patch: Partial<ButtonDraft>): void {
    const buttons = this._draft.buttons.map((button, i) => (i === index ? { ...button, ...patch } : button));
    this.#touched.add('buttons');
    this.#edit(`button.${index}.${field}`, { buttons });
  }

  #addButton(): void {
    const kind = this._addKind;
    if (!canAddButton(this._draft.buttons, kind)) return;
    const index = this._draft.buttons.length;
    this.#edit('buttons', { buttons: [...this._draft.buttons, newButton(kind)] });
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>(`#f-button-${index} input`)?.focus();
    });
  }

  #removeButton(index: number): void {
    // Touched marks and relay messages are per index: forget those of the rows that move.
    for (const key of [...this.#touched]) if (key.startsWith('button.')) this.#touched.delete(key);
    this._serverIssues = this._serverIssues.filter((issue) => !issue.path.startsWith('components.BUTTONS'));
    this.#edit('buttons', { buttons: this._draft.buttons.filter((_, i) => i !== index) });
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>('[part~="add-button"]')?.focus();
    });
  }

  // --- saving ---------------------------------------------------------------------------

  async #save(status: 'DRAFT' | 'SUBMIT'): Promise<void> {
    if (this._busy) return;
    const s = this.#strings();
    this._validateAs = status;
    this._showAll = true;
    this._error = undefined;
    const issues = this.#issues(status);
    const config = this.#configProblem();
    if (config) {
      this.#boot();
      return;
    }
    if (issues.length > 0) {
      const message = fill(s.fixProblems, { count: issues.length });
      this._status = message;
      this.#emit(TEMPLATE_EVENTS.error, { kind: 'invalid', message });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const relay = this.#relay();
    if (!relay) return;
    this._busy = status;
    this._status = s.saving;
    this._serverIssues = [];
    try {
      const input = toTemplateInput(this._draft, status);
      const template = await createTemplate(relay, this.wabaId ? { ...input, wabaId: this.wabaId } : input);
      if (relay.signal.aborted) return;
      this._status = fill(status === 'DRAFT' ? s.savedDraft : s.submitted, { name: template.name });
      // The form stays filled (for another language, say); its messages go back to "as you type".
      this._showAll = false;
      this.#touched.clear();
      this.#emit(TEMPLATE_EVENTS.saved, { template, status });
      void this.#loadList();
    } catch (error) {
      if (relay.signal.aborted) return;
      const detail = this.#relayErrorDetail(error, s);
      this._status = '';
      this._error = detail;
      if (error instanceof TemplateRelayError)
        this._serverIssues = error.details.filter((d) => d.path !== '');
      this.#emit(TEMPLATE_EVENTS.error, detail);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="error"]')?.focus();
    } finally {
      this._busy = undefined;
    }
  }

  // --- rendering ------------------------------------------------------------------------

  #languageName(code: string): string {
    const locale = this.#locale();
    if (!this.#languageNames.has(locale)) {
      let names: Intl.DisplayNames | undefined;
      try {
        names = new Intl.DisplayNames([locale, 'en'], { type: 'language' });
      } catch {
        names = undefined;
      }
      this.#languageNames.set(locale, names);
    }
    try {
      const name = this.#languageNames.get(locale)?.of(code.replace('_', '-').toLowerCase());
      return name ? `${name} (${code})` : code;
    } catch {
      return code;
    }
  }

  #issueBlock(id: string, messages: readonly string[]): TemplateResult {
    return html`<p part="issue" id=${`${id}-issue`}>${messages.join(' ')}</p>`;
  }

  #textField(options: TextFieldOptions, issues: readonly TemplateIssue[]): TemplateResult {
    const { id, field, label, value, max, hint } = options;
    const messages = this.#messagesFor(field, issues);
    const described = [
      messages.length > 0 ? `${id}-issue` : '',
      max === undefined ? '' : `${id}-counter`,
      hint ? `${id}-hint` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const onInput = (event: Event) => options.onInput((event.target as HTMLInputElement).value);
    const part = options.part ?? 'input';
    const control = options.multiline
      ? html`<textarea
          id=${id}
          part=${part}
          .value=${value}
          rows="5"
          aria-invalid=${messages.length > 0 ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          @input=${onInput}
        ></textarea>`
      : html`<input
          id=${id}
          part=${part}
          type=${options.type ?? 'text'}
          .value=${value}
          placeholder=${options.placeholder ?? nothing}
          aria-invalid=${messages.length > 0 ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          @input=${onInput}
        />`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${control}
      ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : nothing}
      <div class="meta">
        ${this.#issueBlock(id, messages)}
        ${
          max === undefined
            ? nothing
            : html`<span part="counter" id=${`${id}-counter`} ?data-over=${value.length > max}
              >${fill(this.#strings().counter, { count: value.length, max })}</span
            >`
        }
      </div>
    </div>`;
  }

  #select<T extends string>(
    options: { id: string; field: string; label: string; part: string; value: T; choices: readonly T[] },
    text: (choice: T) => string,
    onChange: (value: T) => void,
    issues: readonly TemplateIssue[],
  ): TemplateResult {
    const messages = this.#messagesFor(options.field, issues);
    return html`<div class="field">
      <label for=${options.id}>${options.label}</label>
      <select
        id=${options.id}
        part=${options.part}
        aria-invalid=${messages.length > 0 ? 'true' : 'false'}
        aria-describedby=${messages.length > 0 ? `${options.id}-issue` : nothing}
        @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value as T)}
      >
        ${options.choices.map(
          (choice) =>
            html`<option value=${choice} ?selected=${choice === options.value}>${text(choice)}</option>`,
        )}
      </select>
      ${this.#issueBlock(options.id, messages)}
    </div>`;
  }

  #renderExamples(
    text: string,
    examples: readonly string[],
    field: (n: number) => string,
    onInput: (n: number, value: string) => void,
    issues: readonly TemplateIssue[],
    prefix: string,
  ): TemplateResult[] {
    const s = this.#strings();
    return variableNumbers(text).map((n, i) =>
      this.#textField(
        {
          id: `${prefix}-${n}`,
          field: field(i),
          label: fill(s.exampleLabel, { variable: `{{${n}}}` }),
          value: examples[n - 1] ?? '',
          part: 'example',
          onInput: (value) => onInput(n, value),
        },
        issues,
      ),
    );
  }

  #renderHeader(issues: readonly TemplateIssue[]): TemplateResult {
    const s = this.#strings();
    const draft = this._draft;
    return html`<div class="buttons">
      ${this.#select(
        {
          id: 'f-header',
          field: 'header',
          label: s.headerLabel,
          part: 'header-format',
          value: draft.header,
          choices: HEADER_CHOICES,
        },
        (choice) => s[`header${choice}`],
        (header) => this.#edit('header', { header }),
        issues,
      )}
      ${
        draft.header === 'TEXT'
          ? html`${this.#textField(
              {
                id: 'f-header-text',
                field: 'headerText',
                label: s.headerTextLabel,
                value: draft.headerText,
                max: TEMPLATE_LIMITS.headerTextMaxLength,
                onInput: (headerText) => this.#edit('headerText', { headerText }),
              },
              issues,
            )}
            ${this.#renderExamples(
              draft.headerText,
              [draft.headerExample],
              () => 'headerExample',
              (_, headerExample) => this.#edit('headerExample', { headerExample }),
              issues,
              'f-header-example',
            )}`
          : nothing
      }
      ${
        draft.header === 'IMAGE' || draft.header === 'VIDEO' || draft.header === 'DOCUMENT'
          ? this.#textField(
              {
                id: 'f-header-url',
                field: 'headerUrl',
                label: s.headerUrlLabel,
                value: draft.headerUrl,
                type: 'url',
                placeholder: 'https://',
                onInput: (headerUrl) => this.#edit('headerUrl', { headerUrl }),
              },
              issues,
            )
          : nothing
      }
    </div>`;
  }

  #renderButton(button: ButtonDraft, index: number, issues: readonly TemplateIssue[]): TemplateResult {
    const s = this.#strings();
    const id = `f-button-${index}`;
    const number = index + 1;
    const kind = s[`button${button.kind}`];
    const rowMessages = this.#messagesFor(`button.${index}`, issues);
    // Issue paths name `examples` and `phoneNumber`; the draft has `urlExample`/`code` and `phoneNumber`.
    const keyOf = (field: keyof ButtonDraft) =>
      field === 'urlExample' || field === 'code' ? 'example' : field === 'phoneNumber' ? 'phone' : field;
    const text = (
      field: Exclude<keyof ButtonDraft, 'kind'>,
      label: string,
      extra: Partial<TextFieldOptions> = {},
    ) =>
      this.#textField(
        {
          id: `${id}-${field}`,
          field: `button.${index}.${keyOf(field)}`,
          label,
          value: button[field],
          onInput: (value) => this.#editButton(index, keyOf(field), { [field]: value }),
          ...extra,
        },
        issues,
      );
    return html`<fieldset class="button-row" part="button-row" id=${id}>
      <legend class="head">${fill(s.buttonGroupLabel, { number, kind })}</legend>
      ${button.kind === 'COPY_CODE' ? nothing : text('text', s.buttonTextLabel, { max: TEMPLATE_LIMITS.buttonTextMaxLength })}
      ${button.kind === 'URL' ? text('url', s.buttonUrlLabel, { type: 'url', placeholder: 'https://' }) : nothing}
      ${button.kind === 'URL' && urlHasVariable(button.url) ? text('urlExample', s.buttonUrlExampleLabel, { type: 'url' }) : nothing}
      ${button.kind === 'PHONE_NUMBER' ? text('phoneNumber', s.buttonPhoneLabel, { type: 'tel', placeholder: '+' }) : nothing}
      ${button.kind === 'COPY_CODE' ? text('code', s.buttonCodeLabel, { max: TEMPLATE_LIMITS.copyCodeExampleMaxLength }) : nothing}
      ${this.#issueBlock(id, rowMessages)}
      <div>
        <button type="button" class="remove" @click=${() => this.#removeButton(index)}>
          ${fill(s.removeButton, { number })}
        </button>
      </div>
    </fieldset>`;
  }

  #renderButtons(issues: readonly TemplateIssue[]): TemplateResult {
    const s = this.#strings();
    const buttons = this._draft.buttons;
    const messages = this.#messagesFor('buttons', issues);
    const canAdd = canAddButton(buttons, this._addKind);
    return html`<fieldset>
      <legend>${s.buttonsLabel}</legend>
      <div class="buttons">${buttons.map((button, index) => this.#renderButton(button, index, issues))}</div>
      ${this.#issueBlock('f-buttons', messages)}
      <div class="add">
        <div class="field">
          <label for="f-add-kind">${s.addButtonKindLabel}</label>
          <select
            id="f-add-kind"
            @change=${(event: Event) => {
              this._addKind = (event.target as HTMLSelectElement).value as ButtonKind;
            }}
          >
            ${BUTTON_KINDS.map(
              (
                kind,
              ) => html`<option value=${kind} ?selected=${kind === this._addKind} ?disabled=${!canAddButton(buttons, kind)}>
                ${s[`button${kind}`]}
              </option>`,
            )}
          </select>
        </div>
        <button type="button" part="add-button" ?disabled=${!canAdd} @click=${() => this.#addButton()}>
          ${s.addButton}
        </button>
      </div>
    </fieldset>`;
  }

  #renderAuthentication(issues: readonly TemplateIssue[]): TemplateResult {
    const s = this.#strings();
    const draft = this._draft;
    return html`<p class="hint">${s.authNote}</p>
      <label class="check"
        ><input
          type="checkbox"
          .checked=${draft.securityRecommendation}
          @change=${(event: Event) =>
            this.#edit('body', { securityRecommendation: (event.target as HTMLInputElement).checked })}
        />${s.securityLabel}</label
      >
      ${this.#textField(
        {
          id: 'f-expiry',
          field: 'footer',
          label: s.expiryLabel,
          value: draft.codeExpirationMinutes,
          type: 'number',
          onInput: (codeExpirationMinutes) => this.#edit('footer', { codeExpirationMinutes }),
        },
        issues,
      )}
      ${this.#textField(
        {
          id: 'f-otp-text',
          field: 'button.0.text',
          label: s.otpTextLabel,
          value: draft.otpText,
          max: TEMPLATE_LIMITS.buttonTextMaxLength,
          onInput: (otpText) => this.#edit('button.0.text', { otpText }),
        },
        issues,
      )}
      ${this.#issueBlock('f-otp', [...this.#messagesFor('buttons', issues), ...this.#messagesFor('button.0', issues)])}`;
  }

  #stateOf(template: ListedTemplate): string {
    return template.state ?? template.changes?.status ?? 'PENDING';
  }

  #renderList(): TemplateResult {
    const s = this.#strings();
    const templates = this._templates ?? [];
    const loading = this._listState === 'loading';
    return html`<section part="list" aria-labelledby="list-heading" aria-busy=${loading ? 'true' : 'false'}>
      <div class="list-head">
        <h3 id="list-heading">${s.listHeading}</h3>
        <button type="button" part="refresh" ?disabled=${loading} @click=${() => void this.#loadList()}>
          ${s.refresh}
        </button>
      </div>
      ${loading && !this._templates ? html`<p class="hint">${s.loadingList}</p>` : nothing}
      ${this._listError ? html`<p part="error" role="alert">${this._listError}</p>` : nothing}
      ${
        this._listState === 'loaded' && templates.length === 0
          ? html`<p class="hint">${s.emptyList}</p>`
          : templates.length > 0
            ? html`<table>
              <thead>
                <tr>
                  <th scope="col">${s.columnName}</th>
                  <th scope="col">${s.columnLanguage}</th>
                  <th scope="col">${s.columnCategory}</th>
                  <th scope="col">${s.columnStatus}</th>
                </tr>
              </thead>
              <tbody>
                ${templates.map((template) => {
                  const state = this.#stateOf(template);
                  const label = (s as Record<string, string>)[`state${state}`] ?? state;
                  const category =
                    (s as Record<string, string>)[`category${template.category}`] ?? template.category;
                  const reason =
                    state === 'REJECTED' && template.rejectionCode && template.rejectionCode !== 'NONE'
                      ? ` (${template.rejectionCode})`
                      : '';
                  return html`<tr>
                    <td>${template.name}</td>
                    <td>${this.#languageName(template.language)}</td>
                    <td>${category}</td>
                    <td><span part="state" data-state=${state}>${label}${reason}</span></td>
                  </tr>`;
                })}
              </tbody>
            </table>`
            : nothing
      }
    </section>`;
  }

  protected override render(): unknown {
    const s = this.#strings();
    const draft = this._draft;
    const issues = this.#issues(this._validateAs);
    const auth = draft.category === 'AUTHENTICATION';
    const error = this._error;
    const formMessages = this.#messagesFor('form', issues);
    return html`
      <div class="layout">
        <form part="form" aria-labelledby="heading" novalidate @submit=${(event: Event) => event.preventDefault()}>
          <h2 id="heading">${s.heading}</h2>
          <div class="row">
            ${this.#textField(
              {
                id: 'f-name',
                field: 'name',
                label: s.nameLabel,
                value: draft.name,
                max: TEMPLATE_LIMITS.nameMaxLength,
                hint: s.nameHint,
                part: 'name',
                onInput: (name) => this.#edit('name', { name }),
              },
              issues,
            )}
            ${this.#select(
              {
                id: 'f-language',
                field: 'language',
                label: s.languageLabel,
                part: 'language',
                value: draft.language,
                choices: TEMPLATE_LANGUAGES,
              },
              (code) => this.#languageName(code),
              (language) => {
                this.#languageChosen = true;
                this.#edit('language', { language });
              },
              issues,
            )}
            ${this.#select(
              {
                id: 'f-category',
                field: 'category',
                label: s.categoryLabel,
                part: 'category',
                value: draft.category,
                choices: TEMPLATE_CATEGORIES,
              },
              (category: TemplateCategory) => s[`category${category}`],
              (category) => this.#edit('category', { category }),
              issues,
            )}
          </div>
          ${
            auth
              ? this.#renderAuthentication(issues)
              : html`${this.#renderHeader(issues)}
                ${this.#textField(
                  {
                    id: 'f-body',
                    field: 'body',
                    label: s.bodyLabel,
                    value: draft.body,
                    max: TEMPLATE_LIMITS.bodyMaxLength,
                    hint: s.bodyHint,
                    multiline: true,
                    part: 'body',
                    onInput: (body) => this.#edit('body', { body }),
                  },
                  issues,
                )}
                ${this.#renderExamples(
                  draft.body,
                  draft.bodyExamples,
                  (i) => `bodyExample.${i}`,
                  (n, value) => {
                    const bodyExamples = [...draft.bodyExamples];
                    while (bodyExamples.length < n) bodyExamples.push('');
                    bodyExamples[n - 1] = value;
                    this.#edit(`bodyExample.${variableNumbers(draft.body).indexOf(n)}`, { bodyExamples });
                  },
                  issues,
                  'f-body-example',
                )}
                ${this.#issueBlock('f-body-examples', this.#messagesFor('bodyExamples', issues))}
                ${this.#textField(
                  {
                    id: 'f-footer',
                    field: 'footer',
                    label: s.footerLabel,
                    value: draft.footer,
                    max: TEMPLATE_LIMITS.footerMaxLength,
                    part: 'footer',
                    onInput: (footer) => this.#edit('footer', { footer }),
                  },
                  issues,
                )}
                ${this.#renderButtons(issues)}`
          }
          ${this.#issueBlock('f-form', formMessages)}
          <div class="actions">
            <button
              type="button"
              part="save-draft"
              ?disabled=${this._busy !== undefined}
              aria-busy=${this._busy === 'DRAFT' ? 'true' : 'false'}
              @click=${() => void this.#save('DRAFT')}
            >
              ${s.saveDraft}
            </button>
            <button
              type="button"
              part="submit"
              ?disabled=${this._busy !== undefined}
              aria-busy=${this._busy === 'SUBMIT' ? 'true' : 'false'}
              @click=${() => void this.#save('SUBMIT')}
            >
              ${s.submit}
            </button>
          </div>
          <p part="status" role="status">${this._status}</p>
          ${
            error
              ? html`<p part="error" role="alert" tabindex="-1">
                ${error.message}
                ${error.code ? html`<span class="code">${fill(s.errorCode, { code: error.code })}</span>` : nothing}
              </p>`
              : nothing
          }
        </form>
        <section part="preview" aria-labelledby="preview-heading">
          <h3 id="preview-heading">${s.preview}</h3>
          ${renderPreview(draft, s)}
        </section>
      </div>
      ${this.#renderList()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'whatsapp-template-composer': WhatsAppTemplateComposer;
  }
}
