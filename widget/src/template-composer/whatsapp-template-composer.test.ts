/**
 * Browser tests of `<whatsapp-template-composer>` in Chromium: typing, rule messages next to their fields,
 * the preview, saving through a fake relay (a `fetch` stub), error display, locales and an axe check.
 */
import { expect, fixture, html } from '@open-wc/testing';
import 'axe-core/axe.min.js';
import './define.js';
// The signup element's fake relay (a `fetch` stub for RELAY_URL) serves the composer's tests too.
import {
  type RelayCall as Call,
  installRelay as fakeRelay,
  json,
  RELAY_URL,
  restoreFetch,
} from '../../test/helpers.js';
import type { TemplateErrorDetail, TemplateSavedDetail } from './events.js';
import type { WhatsAppTemplateComposer } from './whatsapp-template-composer.js';

const TOKEN = 'composer-session-token-secret';

const listed = [
  { name: 'order_update', language: 'EN', category: 'UTILITY', state: 'APPROVED', wabaId: '1' },
  {
    name: 'spring_sale',
    language: 'PT_BR',
    category: 'MARKETING',
    state: 'REJECTED',
    rejectionCode: 'INVALID_FORMAT',
    wabaId: '1',
  },
  { name: 'new_one', language: 'ES', category: 'UTILITY', changes: { status: 'IN_PROGRESS' }, wabaId: '1' },
];

/** A relay with `templates` listed and creates answered by `onCreate`. */
function relay(onCreate: (call: Call) => Response = (call) => json(201, { ...call.body, wabaId: '1' })) {
  return fakeRelay((call) => (call.method === 'GET' ? json(200, { templates: listed }) : onCreate(call)));
}

async function mount(
  attributes: { locale?: string; wabaId?: string } = {},
): Promise<WhatsAppTemplateComposer> {
  const element = await fixture<WhatsAppTemplateComposer>(
    html`<whatsapp-template-composer
      relay-url=${RELAY_URL}
      session-token=${TOKEN}
      locale=${attributes.locale ?? 'en'}
      waba-id=${attributes.wabaId ?? ''}
    ></whatsapp-template-composer>`,
  );
  await settle(element);
  return element;
}

/** Lets pending fetches resolve and the element re-render. */
async function settle(element: WhatsAppTemplateComposer): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await element.updateComplete;
  }
}

const $ = <T extends Element = HTMLElement>(element: WhatsAppTemplateComposer, selector: string): T => {
  const found = element.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};

/** Types `value` into the control `selector` as a user would (an input event per change). */
async function type(element: WhatsAppTemplateComposer, selector: string, value: string): Promise<void> {
  const control = $<HTMLInputElement | HTMLTextAreaElement>(element, selector);
  control.focus();
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await element.updateComplete;
}

async function choose(element: WhatsAppTemplateComposer, selector: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(element, selector);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await element.updateComplete;
}

/** The rule messages shown next to the control `id`. */
const issueText = (element: WhatsAppTemplateComposer, id: string) =>
  $(element, `#${id}-issue`).textContent?.trim() ?? '';

async function fillValid(element: WhatsAppTemplateComposer): Promise<void> {
  await type(element, '#f-name', 'order_ready');
  await type(element, '#f-body', 'Hello {{1}}, your order *{{2}}* is ready.');
  await type(element, '#f-body-example-1', 'Ana');
  await type(element, '#f-body-example-2', 'A-42');
}

async function axeViolations(element: WhatsAppTemplateComposer) {
  const axe = (window as unknown as { axe: { run: (node: Element, options: object) => Promise<AxeResult> } })
    .axe;
  const result = await axe.run(element, { resultTypes: ['violations'] });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
interface AxeResult {
  violations: { id: string; impact: string; nodes: { html: string }[] }[];
}

describe('<whatsapp-template-composer>', () => {
  afterEach(() => {
    restoreFetch();
  });

  it('lists the customer templates with their state, sending the token only in the header', async () => {
    const calls = relay();
    const element = await mount();
    expect(calls).to.have.length(1);
    expect(calls[0]?.path).to.equal('/v1/templates');
    expect(calls[0]?.headers.authorization).to.equal(`Bearer ${TOKEN}`);
    expect(calls[0]?.credentials).to.equal('omit');
    const states = [...(element.shadowRoot?.querySelectorAll('[part="state"]') ?? [])].map((node) =>
      node.textContent?.trim(),
    );
    expect(states).to.deep.equal(['Approved', 'Rejected (INVALID_FORMAT)', 'In review']);
    const rows = element.shadowRoot?.querySelectorAll('tbody tr') ?? [];
    expect(rows[1]?.textContent).to.contain('Portuguese');
  });

  it('asks the relay for one WABA when waba-id is set', async () => {
    const calls = relay();
    await mount({ wabaId: '42' });
    expect(calls[0]?.path).to.equal('/v1/templates?wabaId=42');
  });

  it('reports a configuration error without calling the relay', async () => {
    const calls = relay();
    const errors: TemplateErrorDetail[] = [];
    const element = document.createElement('whatsapp-template-composer');
    element.addEventListener('whatsapp-template-error', (event) => errors.push(event.detail));
    const original = console.error;
    console.error = () => {};
    try {
      document.body.append(element);
      await settle(element);
    } finally {
      console.error = original;
      element.remove();
    }
    expect(calls).to.have.length(0);
    expect(errors[0]?.kind).to.equal('config');
    expect(errors[0]?.message).to.contain('relay-url');
  });

  it('checks the name pattern as the user types, next to the field, with a counter', async () => {
    relay();
    const element = await mount();
    expect(issueText(element, 'f-name')).to.equal('');
    await type(element, '#f-name', 'Order Update');
    expect(issueText(element, 'f-name')).to.contain('Lower-case letters, digits and underscores');
    expect($(element, '#f-name').getAttribute('aria-invalid')).to.equal('true');
    expect($(element, '#f-name').getAttribute('aria-describedby')).to.contain('f-name-issue');
    expect($(element, '#f-name-counter').textContent?.trim()).to.equal('12/512');
    await type(element, '#f-name', 'order_update');
    expect(issueText(element, 'f-name')).to.equal('');
    expect($(element, '#f-name').getAttribute('aria-invalid')).to.equal('false');
  });

  it('adds an example input per body variable and previews the message with the examples', async () => {
    relay();
    const element = await mount();
    await type(element, '#f-body', 'Hi {{1}}, *{{2}}* is on its way.');
    expect(element.shadowRoot?.querySelectorAll('[part="example"]')).to.have.length(2);
    await type(element, '#f-body-example-1', 'Ana');
    await type(element, '#f-body-example-2', 'your parcel');
    const preview = $(element, '[part="preview-body"]');
    // Exactly the text, no stray white space (the bubble keeps white space as WhatsApp does).
    expect(preview.textContent).to.equal('Hi Ana, your parcel is on its way.');
    expect(preview.querySelector('strong')?.textContent).to.equal('your parcel');
    // Gaps in the numbering and variables at the edge are flagged at the body.
    await type(element, '#f-body', '{{1}} and {{3}}');
    const message = issueText(element, 'f-body');
    expect(message).to.contain('without gaps');
    expect(message).to.contain('start or end');
  });

  it('checks the header, footer and button limits', async () => {
    relay();
    const element = await mount();
    await choose(element, '#f-header', 'TEXT');
    await type(element, '#f-header-text', 'Sale {{1}} and {{2}} today');
    expect(issueText(element, 'f-header-text')).to.contain('At most 1 variable');
    await type(element, '#f-footer', 'x'.repeat(61));
    expect(issueText(element, 'f-footer')).to.contain('At most 60 characters');
    expect($(element, '#f-footer-counter').hasAttribute('data-over')).to.equal(true);
    expect($(element, '[part="preview-footer"]').textContent).to.equal('x'.repeat(61));

    await choose(element, '#f-add-kind', 'URL');
    $(element, '[part="add-button"]').click();
    await element.updateComplete;
    await type(element, '#f-button-0-text', 'Open');
    await type(element, '#f-button-0-url', 'https://wa.me/123');
    expect(issueText(element, 'f-button-0-url')).to.contain('wa.me and whatsapp.com');
    $(element, '[part="add-button"]').click();
    await element.updateComplete;
    // Two URL buttons is Meta's maximum: the choice is disabled.
    const urlOption = $<HTMLOptionElement>(element, '#f-add-kind option[value="URL"]');
    expect(urlOption.disabled).to.equal(true);
    expect($(element, '[part="preview-buttons"]').textContent).to.contain('Open');
    await type(element, '#f-button-1-text', 'Open');
    expect(issueText(element, 'f-button-1-text')).to.contain('own text');
  });

  it('refuses to submit a template that breaks a rule, and focuses the first problem', async () => {
    const calls = relay();
    const element = await mount();
    const errors: TemplateErrorDetail[] = [];
    element.addEventListener('whatsapp-template-error', (event) => errors.push(event.detail));
    $(element, '[part="submit"]').click();
    await settle(element);
    expect(calls.filter((call) => call.method === 'POST')).to.have.length(0);
    expect($(element, '[part="status"]').textContent).to.match(/Problems to fix before saving: \d+/);
    expect(errors[0]?.kind).to.equal('invalid');
    expect(element.shadowRoot?.activeElement?.id).to.equal('f-name');
    expect(issueText(element, 'f-body')).to.contain('Required');
  });

  it('submits a valid template to the relay, fires saved and refreshes the list', async () => {
    const calls = relay();
    const element = await mount({ wabaId: '1' });
    const saved: TemplateSavedDetail[] = [];
    element.addEventListener('whatsapp-template-saved', (event) => saved.push(event.detail));
    await fillValid(element);
    await choose(element, '#f-category', 'MARKETING');
    await choose(element, '#f-add-kind', 'QUICK_REPLY');
    $(element, '[part="add-button"]').click();
    await element.updateComplete;
    await type(element, '#f-button-0-text', 'Stop promotions');
    $(element, '[part="submit"]').click();
    await settle(element);
    const post = calls.find((call) => call.method === 'POST');
    expect(post?.path).to.equal('/v1/templates');
    expect(post?.headers['content-type']).to.equal('application/json');
    expect(post?.body).to.deep.equal({
      name: 'order_ready',
      language: 'EN',
      category: 'MARKETING',
      status: 'SUBMIT',
      details: {
        components: [
          { type: 'BODY', text: 'Hello {{1}}, your order *{{2}}* is ready.', examples: ['Ana', 'A-42'] },
          { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promotions' }] },
        ],
      },
      wabaId: '1',
    });
    expect(saved).to.have.length(1);
    expect(saved[0]?.status).to.equal('SUBMIT');
    expect(saved[0]?.template.name).to.equal('order_ready');
    expect(JSON.stringify(saved)).not.to.contain(TOKEN);
    expect($(element, '[part="status"]').textContent).to.contain(
      '“order_ready” was sent to WhatsApp for review.',
    );
    expect(calls.filter((call) => call.method === 'GET')).to.have.length(2);
  });

  it('reset() empties the form and its messages', async () => {
    relay();
    const element = await mount();
    await type(element, '#f-name', 'Bad Name');
    await type(element, '#f-body', 'Hello');
    element.reset();
    await element.updateComplete;
    expect($<HTMLInputElement>(element, '#f-name').value).to.equal('');
    expect($<HTMLTextAreaElement>(element, '#f-body').value).to.equal('');
    expect(issueText(element, 'f-name')).to.equal('');
    expect(element.shadowRoot?.querySelectorAll('[part="state"]')).to.have.length(3);
  });

  it('saves a draft without a body', async () => {
    const calls = relay();
    const element = await mount();
    await type(element, '#f-name', 'later_draft');
    $(element, '[part="save-draft"]').click();
    await settle(element);
    const post = calls.find((call) => call.method === 'POST');
    expect(post?.body).to.deep.equal({
      name: 'later_draft',
      language: 'EN',
      category: 'UTILITY',
      status: 'DRAFT',
    });
    expect($(element, '[part="status"]').textContent).to.contain('Draft “later_draft” saved.');
  });

  it('shows a relay rejection with its code and fires the error event', async () => {
    relay(() =>
      json(409, {
        error: {
          code: 'template_exists',
          message: 'A template with this name and language already exists.',
          requestId: 'r1',
        },
      }),
    );
    const element = await mount();
    const errors: TemplateErrorDetail[] = [];
    element.addEventListener('whatsapp-template-error', (event) => errors.push(event.detail));
    await fillValid(element);
    $(element, '[part="submit"]').click();
    await settle(element);
    const error = $(element, 'form [part="error"]');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('already exists');
    expect(error.textContent).to.contain('Error code: template_exists');
    expect(errors).to.deep.equal([
      {
        kind: 'relay-rejected',
        message: 'A template with this name and language already exists.',
        code: 'template_exists',
      },
    ]);
    expect(element.shadowRoot?.activeElement).to.equal(error);
  });

  it('puts the relay field messages next to their fields', async () => {
    relay(() =>
      json(400, {
        error: {
          code: 'invalid_template',
          message: 'The template breaks WhatsApp rules; see details.',
          requestId: 'r2',
          details: [{ path: 'name', message: 'Name taken by a deleted template.' }],
        },
      }),
    );
    const element = await mount();
    await fillValid(element);
    $(element, '[part="submit"]').click();
    await settle(element);
    expect(issueText(element, 'f-name')).to.equal('Name taken by a deleted template.');
    await type(element, '#f-name', 'other_name');
    expect(issueText(element, 'f-name')).to.equal('');
  });

  it('shows a list failure in the list and fires the error event', async () => {
    fakeRelay(() =>
      json(503, { error: { code: 'sinch_unavailable', message: 'Sinch is down.', requestId: 'r3' } }),
    );
    const errors: TemplateErrorDetail[] = [];
    document.addEventListener(
      'whatsapp-template-error',
      (event) => errors.push((event as CustomEvent<TemplateErrorDetail>).detail),
      {
        once: true,
      },
    );
    const element = await mount();
    expect($(element, '[part="list"] [part="error"]').textContent).to.equal(
      'The templates could not be loaded: Sinch is down.',
    );
    expect(errors).to.deep.equal([
      { kind: 'relay-rejected', message: 'Sinch is down.', code: 'sinch_unavailable' },
    ]);
    // The refresh button tries again.
    relay();
    $(element, '[part="refresh"]').click();
    await settle(element);
    expect(element.shadowRoot?.querySelectorAll('[part="state"]')).to.have.length(3);
    expect(element.shadowRoot?.querySelector('[part="list"] [part="error"]')).to.equal(null);
  });

  it('reports an unreachable relay', async () => {
    fakeRelay((call) =>
      call.method === 'GET' ? json(200, { templates: [] }) : Promise.reject(new TypeError('Failed to fetch')),
    );
    const element = await mount();
    const errors: TemplateErrorDetail[] = [];
    element.addEventListener('whatsapp-template-error', (event) => errors.push(event.detail));
    expect($(element, '[part="list"]').textContent).to.contain('No templates yet.');
    await fillValid(element);
    $(element, '[part="submit"]').click();
    await settle(element);
    expect(errors[0]?.kind).to.equal('relay-unreachable');
    expect($(element, 'form [part="error"]').textContent).to.contain('could not be reached');
  });

  it('builds authentication templates with an OTP button and previews Meta’s text', async () => {
    const calls = relay();
    const element = await mount();
    await type(element, '#f-name', 'login_code');
    await choose(element, '#f-category', 'AUTHENTICATION');
    expect(element.shadowRoot?.querySelector('#f-body')).to.equal(null);
    expect($(element, '[part="preview-body"]').textContent).to.equal(
      '123456 is your verification code. For your security, do not share this code.',
    );
    expect($(element, '[part="preview-footer"]').textContent).to.equal('This code expires in 10 minutes.');
    await type(element, '#f-expiry', '120');
    expect(issueText(element, 'f-expiry')).to.contain('Between 1 and 90');
    await type(element, '#f-expiry', '5');
    $(element, '[part="submit"]').click();
    await settle(element);
    expect(calls.find((call) => call.method === 'POST')?.body?.details).to.deep.equal({
      components: [
        { type: 'BODY', addSecurityRecommendation: true },
        { type: 'FOOTER', codeExpirationMinutes: 5 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otpType: 'COPY_CODE', text: 'Copy code' }] },
      ],
    });
  });

  it('speaks Brazilian Portuguese, rule messages included, and accepts string overrides', async () => {
    relay();
    const element = await mount({ locale: 'pt-BR' });
    expect($(element, 'label[for="f-name"]').textContent).to.equal('Nome');
    expect($<HTMLSelectElement>(element, '#f-language').value).to.equal('PT_BR');
    await type(element, '#f-name', 'Nome Errado');
    expect(issueText(element, 'f-name')).to.contain('Letras minúsculas');
    element.strings = { submit: 'Enviar agora' };
    await element.updateComplete;
    expect($(element, '[part="submit"]').textContent?.trim()).to.equal('Enviar agora');
  });

  it('has no serious or critical axe violations, with rule messages and the list shown', async () => {
    relay();
    const element = await mount();
    await type(element, '#f-name', 'Bad Name');
    await choose(element, '#f-header', 'TEXT');
    await type(element, '#f-body', '{{1}} hello');
    $(element, '[part="add-button"]').click();
    await element.updateComplete;
    $(element, '[part="submit"]').click();
    await settle(element);
    const violations = await axeViolations(element);
    expect(violations, JSON.stringify(violations, null, 2)).to.deep.equal([]);
    await choose(element, '#f-category', 'AUTHENTICATION');
    expect(await axeViolations(element)).to.deep.equal([]);
  });

  it('is keyboard operable: every control is a native, focusable element with a name', async () => {
    relay();
    const element = await mount();
    await choose(element, '#f-header', 'IMAGE');
    const controls = [...(element.shadowRoot?.querySelectorAll('input, select, textarea, button') ?? [])];
    expect(controls.length).to.be.greaterThan(8);
    for (const control of controls) {
      expect((control as HTMLElement).tabIndex, control.outerHTML).to.equal(0);
      const id = control.id;
      const named =
        control.tagName === 'BUTTON'
          ? (control.textContent ?? '').trim() !== ''
          : (id !== '' && element.shadowRoot?.querySelector(`label[for="${id}"]`) !== null) ||
            control.closest('label') !== null;
      expect(named, control.outerHTML).to.equal(true);
    }
  });
});
