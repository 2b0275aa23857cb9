import type { Onboarding } from '@whatsapp-signup/shared/api';
import { html } from 'hono/html';
import type { MetaSettings } from './config.js';
import { type Customer, SAMPLE_CUSTOMERS } from './customers.js';
import { initials, layout, type Markup } from './layout.js';

/** What the dashboard needs to render the widget tag. */
export interface DashboardProps {
  customer: Customer;
  mode: 'sandbox' | 'real';
  relayUrl: string;
  sessionToken: string;
  meta: MetaSettings;
}

/**
 * The ASP's "Connect WhatsApp" page: the widget dropped in with one script tag and
 * one element, exactly as the README tells an ASP to do, next to a live log of the
 * widget's events (`/assets/dashboard.js`).
 */
export function dashboardPage(props: DashboardProps): Markup {
  const { meta } = props;
  return layout({
    title: 'Connect WhatsApp',
    heading: 'Connect WhatsApp Business',
    lead: 'Link your WhatsApp Business number to Chirpline in a couple of minutes.',
    active: 'dashboard',
    customer: props.customer,
    mode: props.mode,
    scripts: ['/whatsapp-signup.js', '/assets/dashboard.js'],
    body: html`<div class="grid">
            <section class="card connect" aria-labelledby="connect-title">
              <h2 id="connect-title">Your WhatsApp sender</h2>
              <ol class="steps">
                <li><strong>Choose where your data lives.</strong> The Sinch region hosts your sender, Meta stores messages at rest in the country you pick.</li>
                <li><strong>Sign in with Facebook.</strong> Meta's window asks for your business portfolio, WhatsApp account and phone number.</li>
                <li><strong>We do the rest.</strong> Chirpline creates your Sinch sender and Conversation API app and shows you the progress here.</li>
              </ol>
              <div class="widget-slot">
                <whatsapp-signup
                  app-id="${meta.appId}"
                  config-id="${meta.configId}"
                  relay-url="${props.relayUrl}"
                  session-token="${props.sessionToken}"${
                    meta.sdkUrl
                      ? html`
                  sdk-url="${meta.sdkUrl}"`
                      : ''
                  }${
                    meta.origins
                      ? html`
                  meta-origins="${meta.origins.join(',')}"`
                      : ''
                  }
                ></whatsapp-signup>
              </div>
              <dl class="summary" id="onboarding-summary" hidden>
                <div><dt>Status</dt><dd data-field="status">–</dd></div>
                <div><dt>Step</dt><dd data-field="step">–</dd></div>
                <div><dt>Region / storage</dt><dd data-field="placement">–</dd></div>
                <div><dt>Subproject</dt><dd data-field="subprojectId">–</dd></div>
                <div><dt>Sender</dt><dd data-field="senderId">–</dd></div>
                <div><dt>Sender state</dt><dd data-field="senderState">–</dd></div>
                <div><dt>Conversation API app</dt><dd data-field="app">–</dd></div>
              </dl>
            </section>
            <section class="card log" aria-labelledby="log-title">
              <header>
                <h2 id="log-title">Widget events</h2>
                <button type="button" class="ghost" id="clear-log">Clear</button>
              </header>
              <p class="hint">Every <code>whatsapp-signup-*</code> event the element dispatches, as it happens.</p>
              <ol id="event-log" class="events" aria-live="polite"></ol>
              <p class="empty" id="event-log-empty">Waiting for the widget…</p>
            </section>
          </div>`,
  });
}

const STATUS_LABEL: Record<Onboarding['status'], string> = {
  in_progress: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
};

/** `2026-11-25T14:03:11.000Z` → `2026-11-25 14:03 UTC`. */
function shortTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function onboardingRow(onboarding: Onboarding): Markup {
  return html`<tr data-onboarding-id="${onboarding.id}">
                <td>${shortTime(onboarding.createdAt)}</td>
                <td><code>${onboarding.phoneNumberId}</code><small>WABA ${onboarding.wabaId}</small></td>
                <td>${onboarding.region}<small>Meta storage ${onboarding.metaLocalStorage}</small></td>
                <td><span class="pill pill-${onboarding.status}" data-testid="status">${STATUS_LABEL[onboarding.status]}</span>${
                  onboarding.error ? html`<small class="error-text">${onboarding.error.message}</small>` : ''
                }</td>
                <td>${onboarding.step.replace('_', ' ')}</td>
                <td>${onboarding.senderId ? html`<code>${onboarding.senderId}</code>` : '–'}<small>${onboarding.senderState ?? ''}</small></td>
                <td>${onboarding.appId ? html`<code>${onboarding.appId}</code><small>${onboarding.appRegion?.toUpperCase()}</small>` : '–'}</td>
              </tr>`;
}

/**
 * Message templates: the template composer, dropped in like the signup widget (one
 * script tag, one element, the same session token). It lists the customer's
 * templates and creates new ones in the subproject its onboarding made.
 */
export function templatesPage(props: {
  customer: Customer;
  mode: 'sandbox' | 'real';
  relayUrl: string;
  sessionToken: string;
}): Markup {
  return layout({
    title: 'Message templates',
    heading: 'Message templates',
    lead: 'WhatsApp only lets a business start a conversation with an approved template. Write one here.',
    active: 'templates',
    customer: props.customer,
    mode: props.mode,
    scripts: ['/whatsapp-template-composer.js'],
    body: html`<section class="card" aria-label="Template composer">
            <whatsapp-template-composer
              relay-url="${props.relayUrl}"
              session-token="${props.sessionToken}"
            ></whatsapp-template-composer>
          </section>`,
  });
}

/** The customer's onboardings, read by the back end from the relay's admin list. */
export function onboardingsPage(props: {
  customer: Customer;
  mode: 'sandbox' | 'real';
  onboardings: Onboarding[];
  /** Set when the relay could not be asked. */
  problem?: string;
}): Markup {
  const { onboardings } = props;
  const table = html`<div class="table-wrap">
            <table>
              <thead>
                <tr><th>Started</th><th>Phone number</th><th>Region</th><th>Status</th><th>Step</th><th>Sender</th><th>App</th></tr>
              </thead>
              <tbody>
                ${onboardings.map(onboardingRow)}
              </tbody>
            </table>
          </div>`;
  return layout({
    title: 'Onboardings',
    heading: 'WhatsApp onboardings',
    lead: 'Every number this customer connected, as the relay reports it.',
    active: 'onboardings',
    customer: props.customer,
    mode: props.mode,
    body: html`<section class="card wide" aria-labelledby="list-title">
            <header>
              <h2 id="list-title">${onboardings.length} onboarding${onboardings.length === 1 ? '' : 's'}</h2>
              <a class="button ghost" href="/onboardings">Refresh</a>
            </header>
            ${
              props.problem
                ? html`<p class="notice error" role="alert">${props.problem}</p>`
                : onboardings.length === 0
                  ? html`<p class="empty">No onboardings yet. <a href="/">Connect a WhatsApp number</a> to start one.</p>`
                  : table
            }
          </section>`,
  });
}

/** The demo's stand-in for signing in: pick a sample customer or type an ID. */
export function customersPage(props: { customer: Customer; mode: 'sandbox' | 'real' }): Markup {
  return layout({
    title: 'Switch customer',
    heading: 'Switch customer',
    lead: 'The demo signs you in as one of the ASP’s customers; each has its own onboardings.',
    active: 'customers',
    customer: props.customer,
    mode: props.mode,
    body: html`<section class="card wide">
            <ul class="customer-list">
              ${SAMPLE_CUSTOMERS.map(
                (sample) => html`<li>
                <a href="/login?as=${sample.id}" class="customer-card${sample.id === props.customer.id ? ' current' : ''}">
                  <span class="avatar" aria-hidden="true">${initials(sample.name)}</span>
                  <span><strong>${sample.name}</strong><small>${sample.id}</small></span>
                </a>
              </li>`,
              )}
            </ul>
            <form class="custom-customer" action="/login" method="get">
              <label>Customer ID <input name="as" required pattern="[a-z0-9][a-z0-9\\-]{0,62}" placeholder="my-shop" /></label>
              <label>Business name <input name="name" maxlength="80" placeholder="My Shop Ltd" /></label>
              <button type="submit" class="button">Sign in</button>
            </form>
          </section>`,
  });
}

/** A page for when the back end itself cannot do its job (the relay is down, say). */
export function problemPage(props: {
  customer: Customer;
  mode: 'sandbox' | 'real';
  message: string;
}): Markup {
  return layout({
    title: 'Unavailable',
    heading: 'Something is not running',
    lead: 'The demo back end could not talk to the relay.',
    active: 'dashboard',
    customer: props.customer,
    mode: props.mode,
    body: html`<section class="card wide"><p class="notice error" role="alert">${props.message}</p>
            <p><a class="button" href="/">Try again</a></p></section>`,
  });
}
