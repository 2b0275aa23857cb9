/**
 * The composer's styles: static only (adopted style sheets), so a host page whose CSP has no
 * `'unsafe-inline'` works; nothing uses `style=""`. Custom properties fall back to the matching
 * `--whatsapp-signup-*` ones, so one theme styles both elements. Every text colour meets WCAG AA on its
 * background (4.5:1 or more).
 * @module
 */
import { css } from 'lit';

export const composerStyles = css`
  :host {
    --_accent: var(--whatsapp-template-composer-accent, #008069);
    --_accent-hover: var(--whatsapp-template-composer-accent-hover, #006e5a);
    --_accent-text: var(--whatsapp-template-composer-accent-text, #fff);
    --_radius: var(--whatsapp-template-composer-radius, var(--whatsapp-signup-radius, 6px));
    --_focus: var(--whatsapp-template-composer-focus-color, var(--whatsapp-signup-focus-color, #0866ff));
    --_muted: var(--whatsapp-template-composer-muted-color, var(--whatsapp-signup-muted-color, #606770));
    --_error: var(--whatsapp-template-composer-error-color, var(--whatsapp-signup-error-color, #b3261e));
    --_border: var(--whatsapp-template-composer-field-border-color, var(--whatsapp-signup-field-border-color, #8a8d91));
    --_field-bg: var(--whatsapp-template-composer-field-background, var(--whatsapp-signup-field-background, #fff));
    --_gap: var(--whatsapp-template-composer-gap, var(--whatsapp-signup-gap, 0.75rem));
    display: block;
    container-type: inline-size;
    max-width: var(--whatsapp-template-composer-max-width, 64rem);
    font-family: var(
      --whatsapp-template-composer-font,
      var(--whatsapp-signup-font, system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif)
    );
    font-size: 1rem;
    line-height: 1.4;
    color: var(--whatsapp-template-composer-text-color, var(--whatsapp-signup-text-color, #1c1e21));
  }
  :host([hidden]) {
    display: none;
  }
  h2,
  h3 {
    margin: 0 0 var(--_gap);
    font-size: 1.125rem;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(15rem, 22rem);
    gap: calc(var(--_gap) * 2);
    align-items: start;
  }
  @container (max-width: 40rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  form {
    display: grid;
    gap: var(--_gap);
    margin: 0;
  }
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
    gap: var(--_gap);
  }
  .field {
    display: grid;
    gap: 0.25rem;
    align-content: start;
  }
  label,
  legend {
    font-size: 0.875rem;
    font-weight: 600;
  }
  fieldset {
    display: grid;
    gap: var(--_gap);
    margin: 0;
    padding: var(--_gap);
    border: 1px solid #ced0d4;
    border-radius: var(--_radius);
  }
  input,
  select,
  textarea {
    font: inherit;
    min-height: 2.5rem;
    padding: 0.375rem 0.5rem;
    color: inherit;
    background: var(--_field-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-sizing: border-box;
    width: 100%;
  }
  textarea {
    min-height: 6rem;
    resize: vertical;
  }
  input[type='checkbox'] {
    width: 1.125rem;
    min-height: 1.125rem;
    margin: 0;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: 400;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    box-shadow: 0 0 0 1px var(--_error);
  }
  .meta {
    display: flex;
    justify-content: space-between;
    gap: 0.5rem;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  [part~='counter'] {
    margin-left: auto;
    font-variant-numeric: tabular-nums;
  }
  [part~='counter'][data-over] {
    color: var(--_error);
    font-weight: 600;
  }
  [part~='issue'] {
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_error);
  }
  [part~='issue']:empty {
    display: none;
  }
  .buttons {
    display: grid;
    gap: var(--_gap);
  }
  .button-row {
    display: grid;
    gap: 0.5rem;
    padding: 0.5rem;
    border-left: 3px solid #ced0d4;
  }
  .button-row .head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .add {
    display: flex;
    gap: 0.5rem;
    align-items: end;
  }
  .add .field {
    flex: 1;
  }
  button {
    font: inherit;
    font-weight: 600;
    min-height: 2.5rem;
    padding: 0.5rem 1rem;
    border-radius: var(--_radius);
    cursor: pointer;
    color: var(--_accent);
    background: transparent;
    border: 1px solid currentColor;
  }
  button:disabled {
    cursor: not-allowed;
    color: #444950;
    background: #e4e6eb;
    border-color: #e4e6eb;
  }
  button.remove {
    min-height: 2rem;
    padding: 0.25rem 0.5rem;
    font-size: 0.8125rem;
    color: var(--_error);
  }
  [part~='submit'] {
    color: var(--_accent-text);
    background: var(--_accent);
    border-color: var(--_accent);
  }
  [part~='submit']:hover:not(:disabled) {
    background: var(--_accent-hover);
    border-color: var(--_accent-hover);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  [tabindex='-1']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  [part~='status'],
  [part~='error'] {
    margin: 0;
    font-size: 0.875rem;
  }
  [part~='status']:empty {
    display: none;
  }
  [part~='error'] {
    color: var(--_error);
  }
  .code {
    display: block;
    color: var(--_muted);
  }
  .hint {
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_muted);
  }

  /* The preview: a WhatsApp chat with one incoming message. */
  [part~='preview'] {
    position: sticky;
    top: var(--_gap);
    padding: var(--_gap);
    border-radius: var(--_radius);
    background: var(--whatsapp-template-composer-chat-background, #efeae2);
  }
  .bubble {
    max-width: 100%;
    padding: 0.375rem 0.5rem 0.25rem;
    border-radius: 0 0.5rem 0.5rem 0.5rem;
    background: #fff;
    color: #111b21;
    box-shadow: 0 1px 0.5px rgb(11 20 26 / 13%);
    overflow-wrap: anywhere;
  }
  .bubble .header {
    margin: 0 0 0.25rem;
    font-weight: 700;
  }
  .media {
    display: grid;
    place-items: center;
    min-height: 7rem;
    margin-bottom: 0.375rem;
    border-radius: 0.375rem;
    background: #d1d7db;
    color: #3b4a54;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .bubble .body {
    margin: 0;
    white-space: pre-wrap;
  }
  .bubble .footer {
    margin: 0.25rem 0 0;
    font-size: 0.8125rem;
    color: #667781;
  }
  .bubble .time {
    display: block;
    text-align: right;
    font-size: 0.6875rem;
    color: #667781;
  }
  .bubble-buttons {
    display: grid;
    gap: 2px;
    margin: 2px 0 0;
    padding: 0;
    list-style: none;
  }
  .bubble-buttons li {
    padding: 0.5rem;
    border-radius: 0.375rem;
    background: #fff;
    color: #00668f;
    text-align: center;
    font-size: 0.875rem;
    font-weight: 600;
    box-shadow: 0 1px 0.5px rgb(11 20 26 / 13%);
  }
  .placeholder {
    color: #667781;
    font-style: italic;
  }

  /* The list of existing templates. */
  [part~='list'] {
    margin-top: calc(var(--_gap) * 2);
  }
  .list-head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--_gap);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.875rem;
  }
  th,
  td {
    padding: 0.375rem 0.5rem;
    text-align: left;
    border-bottom: 1px solid #e4e6eb;
  }
  th {
    font-weight: 600;
    color: var(--_muted);
  }
  [part~='state'] {
    display: inline-block;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    font-weight: 600;
    color: #7a4f00;
    background: #fff4e0;
  }
  [part~='state'][data-state='APPROVED'] {
    color: #166b32;
    background: #e6f4ea;
  }
  [part~='state'][data-state='REJECTED'],
  [part~='state'][data-state='DISABLED'] {
    color: #a1221a;
    background: #fdecea;
  }
  [part~='state'][data-state='DRAFT'],
  [part~='state'][data-state='PAUSED'] {
    color: #444950;
    background: #e4e6eb;
  }
`;
