import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Customer } from './customers.js';

/** Markup produced by hono's `html` tag (escaped unless wrapped in `raw`). */
export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The pages in the sidebar. */
export type PageId = 'dashboard' | 'onboardings' | 'templates' | 'react' | 'customers';

/** What every page of the demo ASP shares. */
export interface LayoutProps {
  /** Document title, before the product name. */
  title: string;
  /** Heading in the top bar. */
  heading: string;
  /** One line under the heading. */
  lead: string;
  active: PageId;
  customer: Customer;
  mode: 'sandbox' | 'real';
  /** Module scripts the page loads, in order (the widget bundle first where it is used). */
  scripts?: string[];
  body: Markup;
}

const NAV: ReadonlyArray<{ id: PageId; href: string; label: string; icon: string }> = [
  { id: 'dashboard', href: '/', label: 'WhatsApp', icon: 'chat' },
  { id: 'onboardings', href: '/onboardings', label: 'Onboardings', icon: 'list' },
  { id: 'templates', href: '/templates', label: 'Templates', icon: 'template' },
  { id: 'react', href: '/react/', label: 'React page', icon: 'react' },
  { id: 'customers', href: '/customers', label: 'Switch customer', icon: 'user' },
];

/** The two letters in the customer's avatar. */
export function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

/**
 * The ASP's page shell: a sidebar with the product's navigation, a top bar with
 * the signed-in customer, and the page body. No inline script or style anywhere,
 * so the strict CSP of `csp.ts` holds.
 */
export function layout(props: LayoutProps): Markup {
  const { customer } = props;
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${props.title} · Chirpline</title>
    <link rel="icon" href="/assets/logo.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/assets/demo.css" />
    ${(props.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>\n    `)}
  </head>
  <body>
    <div class="shell">
      <aside class="sidebar">
        <a class="brand" href="/"><img src="/assets/logo.svg" alt="" width="32" height="32" /><span>Chirpline</span></a>
        <nav aria-label="Main">
          <ul>
            ${NAV.map(
              (item) =>
                html`<li><a href="${item.href}" class="nav-${item.icon}"${props.active === item.id ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
            )}
          </ul>
        </nav>
        <p class="mode mode-${props.mode}">
          ${props.mode === 'sandbox' ? 'Offline demo: Meta and Sinch sandboxes' : 'Live: real Meta and Sinch'}
        </p>
      </aside>
      <div class="main">
        <header class="topbar">
          <div>
            <h1>${props.heading}</h1>
            <p class="lead">${props.lead}</p>
          </div>
          <a class="customer" href="/customers" title="Switch customer">
            <span class="avatar" aria-hidden="true">${initials(customer.name)}</span>
            <span><strong data-testid="customer-name">${customer.name}</strong><small>${customer.id}</small></span>
          </a>
        </header>
        <main>${props.body}</main>
      </div>
    </div>
  </body>
</html>
`;
}
