/**
 * The element's styles: static only (adopted style sheets), so a host page whose CSP
 * has no `'unsafe-inline'` works; nothing uses `style=""` or styleMap. The default
 * look follows Meta's Embedded Signup button (Facebook blue, white bold text,
 * rounded corners, 40 px high); every colour meets WCAG AA against its background. The bundle build
 * strips the white space (vite.config.ts).
 * @module
 */
import { css } from 'lit';

export const styles = css`
  :host {
    --_bg: var(--whatsapp-signup-button-background, #0866ff);
    --_focus: var(--whatsapp-signup-focus-color, #0866ff);
    display: block;
    font: 1rem/1.4 var(--whatsapp-signup-font, system-ui, sans-serif);
    color: var(--whatsapp-signup-text-color, #1c1e21);
  }
  :host([hidden]) {
    display: none;
  }
  label {
    display: grid;
    gap: 0.25rem;
    margin-bottom: 0.75rem;
    font-size: 0.875rem;
    font-weight: 600;
  }
  select,
  button {
    font: inherit;
    min-height: 2.5rem;
    padding: 0.375rem 0.5rem;
    border: 1px solid #8a8d91;
    border-radius: var(--whatsapp-signup-radius, 6px);
  }
  select {
    font-weight: 400;
    color: inherit;
    background: #fff;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    padding-inline: 1.25rem;
    font-weight: 700;
    color: var(--_focus);
    background: #fff;
    border-color: currentColor;
    cursor: pointer;
  }
  [part='button'] {
    color: var(--whatsapp-signup-button-color, #fff);
    background: var(--_bg);
    border-color: var(--_bg);
  }
  [part='button']:hover:enabled {
    filter: brightness(0.88);
  }
  button:disabled {
    cursor: not-allowed;
    color: #444950;
    background: #e4e6eb;
    border-color: #e4e6eb;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  p {
    margin: 0.5rem 0;
    font-size: 0.875rem;
  }
  p:empty {
    display: none;
  }
  [data-phase='completed'] {
    color: var(--whatsapp-signup-success-color, #1b7f3b);
    font-weight: 600;
  }
  [part='error'] {
    color: var(--whatsapp-signup-error-color, #b3261e);
  }
`;
