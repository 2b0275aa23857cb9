/**
 * The live preview: the draft as the recipient sees it in WhatsApp, a chat bubble with the examples put in
 * place of the variables, WhatsApp's inline formatting (`*bold*`, `_italic_`, `~strike~`, ```` ```mono``` ````),
 * and the buttons under it.
 * @module
 */
import { fillTemplateVariables } from '@whatsapp-signup/shared/templates';
import { html, nothing, type TemplateResult } from 'lit';
import type { TemplateDraft } from './draft.js';
import { fill } from './localize.js';
import type { TemplateComposerStrings } from './strings/en.js';

const FORMATTING = /(\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~|```[^`]+```)/g;

/** WhatsApp's inline formatting as Lit templates; everything else stays text (never parsed as HTML). */
export function formatWhatsApp(text: string): (string | TemplateResult)[] {
  return text.split(FORMATTING).map((part, index) => {
    if (index % 2 === 0) return part;
    if (part.startsWith('```')) return html`<code>${part.slice(3, -3)}</code>`;
    const inner = part.slice(1, -1);
    if (part.startsWith('*')) return html`<strong>${inner}</strong>`;
    if (part.startsWith('_')) return html`<em>${inner}</em>`;
    return html`<s>${inner}</s>`;
  });
}

const ICONS: Record<string, string> = {
  QUICK_REPLY: '↩',
  URL: '↗',
  PHONE_NUMBER: '☎',
  COPY_CODE: '⧉',
  OTP: '⧉',
};

/** The preview's bubble and buttons for `draft`. */
export function renderPreview(draft: TemplateDraft, s: TemplateComposerStrings): TemplateResult {
  const auth = draft.category === 'AUTHENTICATION';
  const buttons: { kind: string; text: string }[] = auth
    ? [{ kind: 'OTP', text: draft.otpText }]
    : draft.buttons.map((button) => ({
        kind: button.kind,
        text: button.kind === 'COPY_CODE' ? s.buttonCOPY_CODE : button.text,
      }));
  let header: TemplateResult | typeof nothing = nothing;
  if (!auth && draft.header === 'TEXT' && draft.headerText !== '') {
    header = html`<p class="header">${fillTemplateVariables(draft.headerText, [draft.headerExample])}</p>`;
  } else if (!auth && (draft.header === 'IMAGE' || draft.header === 'VIDEO' || draft.header === 'DOCUMENT')) {
    // A placeholder, not the image: loading a URL the user typed would leak their typing to that host.
    header = html`<div class="media" data-format=${draft.header}>${s[`header${draft.header}`]}</div>`;
  }
  const minutes = Number(draft.codeExpirationMinutes);
  const body = auth
    ? fill(s.authBody, { code: '123456' }) + (draft.securityRecommendation ? ` ${s.authSecurity}` : '')
    : fillTemplateVariables(draft.body, draft.bodyExamples);
  const footer = auth
    ? draft.codeExpirationMinutes.trim() !== '' && Number.isInteger(minutes)
      ? fill(s.authExpiry, { minutes })
      : ''
    : draft.footer;
  return html`
    <div class="bubble">
      ${header}
      <p class="body" part="preview-body">${
        // No white space around the text: the paragraph keeps it (pre-wrap, for the message's own line breaks).
        body === '' ? html`<span class="placeholder">${s.previewPlaceholder}</span>` : formatWhatsApp(body)
      }</p>
      ${footer ? html`<p class="footer" part="preview-footer">${footer}</p>` : nothing}
      <span class="time" aria-hidden="true">12:00</span>
    </div>
    ${
      buttons.length > 0
        ? html`<ul class="bubble-buttons" part="preview-buttons">
          ${buttons.map(
            (button) =>
              html`<li><span aria-hidden="true">${ICONS[button.kind] ?? ''}</span> ${button.text}</li>`,
          )}
        </ul>`
        : nothing
    }
  `;
}
