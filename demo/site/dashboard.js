// @ts-check
// The dashboard's event log: shows every event <whatsapp-signup> dispatches as it
// happens, and a summary of the onboarding from its progress events. An ASP would
// do the same to update its own UI; nothing here talks to the relay or to Meta.

/** Every event of the widget's public API (CONTRACT section 2). */
const EVENTS = [
  'whatsapp-signup-ready',
  'whatsapp-signup-launch',
  'whatsapp-signup-finish',
  'whatsapp-signup-cancel',
  'whatsapp-signup-progress',
  'whatsapp-signup-complete',
  'whatsapp-signup-error',
];

/**
 * One line saying what an event means, from its detail.
 * @param {string} name
 * @param {Record<string, any>} detail
 */
function describe(name, detail) {
  switch (name) {
    case 'whatsapp-signup-ready':
      return 'Facebook SDK loaded and initialised';
    case 'whatsapp-signup-launch':
      return 'Embedded Signup popup requested';
    case 'whatsapp-signup-finish':
      return `${detail.event}: WABA ${detail.wabaId}, phone number ${detail.phoneNumberId ?? 'none'}`;
    case 'whatsapp-signup-cancel':
      return `Cancelled${detail.currentStep ? ` at ${detail.currentStep}` : ''}`;
    case 'whatsapp-signup-progress':
      return `${detail.status} · ${detail.step}${detail.senderState ? ` · sender ${detail.senderState}` : ''}`;
    case 'whatsapp-signup-complete':
      return `Ready: sender ${detail.senderId}, app ${detail.appId} (${String(detail.appRegion).toUpperCase()})`;
    case 'whatsapp-signup-error':
      return `${detail.kind}: ${detail.message}${detail.retryable ? ' (retryable)' : ''}`;
    default:
      return name;
  }
}

/**
 * The detail without empty fields, for the log's second line.
 * @param {Record<string, any>} detail
 */
function compact(detail) {
  const entries = Object.entries(detail ?? {}).filter(([, value]) => value !== null && value !== undefined);
  return entries.length === 0 ? '' : JSON.stringify(Object.fromEntries(entries));
}

/** Events whose detail is the whole onboarding resource. */
const BULKY = new Set(['whatsapp-signup-progress', 'whatsapp-signup-complete']);

const log = /** @type {HTMLOListElement} */ (document.getElementById('event-log'));
const empty = /** @type {HTMLElement} */ (document.getElementById('event-log-empty'));
const summary = /** @type {HTMLElement} */ (document.getElementById('onboarding-summary'));

/**
 * Appends one event to the log panel.
 * @param {string} name
 * @param {Record<string, any>} detail
 */
function append(name, detail) {
  const item = document.createElement('li');
  item.dataset.event = name;
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString('en-GB');
  const tag = document.createElement('span');
  tag.className = 'tag';
  tag.textContent = name.replace('whatsapp-signup-', '');
  const line = document.createElement('span');
  line.className = 'summary-line';
  line.textContent = describe(name, detail);
  line.title = line.textContent;
  item.append(time, tag, line);
  const json = compact(detail);
  if (json) {
    const pre = document.createElement('pre');
    pre.textContent = json;
    if (BULKY.has(name)) {
      // The whole onboarding resource: one click away, so the log stays readable.
      const more = document.createElement('details');
      const label = document.createElement('summary');
      label.textContent = 'onboarding resource';
      more.append(label, pre);
      item.append(more);
    } else {
      item.append(pre);
    }
  }
  log.prepend(item);
  empty.hidden = true;
}

/** @type {Record<string, string>} */
const STATUS_TEXT = { in_progress: 'In progress', completed: 'Completed', failed: 'Failed' };

/**
 * Shows the onboarding resource from a progress or complete event.
 * @param {Record<string, any>} onboarding
 */
function showOnboarding(onboarding) {
  /** @type {Record<string, string>} */
  const fields = {
    status: STATUS_TEXT[onboarding.status] ?? onboarding.status,
    step: String(onboarding.step).replace('_', ' '),
    placement: `${onboarding.region} / ${onboarding.metaLocalStorage}`,
    subprojectId: onboarding.subprojectId ?? '–',
    senderId: onboarding.senderId ?? '–',
    senderState: onboarding.senderState ?? '–',
    app: onboarding.appId ? `${onboarding.appId} (${String(onboarding.appRegion).toUpperCase()})` : '–',
  };
  for (const [field, value] of Object.entries(fields)) {
    const cell = summary.querySelector(`[data-field="${field}"]`);
    if (cell) cell.textContent = value;
  }
  summary.dataset.status = onboarding.status;
  summary.hidden = false;
}

for (const name of EVENTS) {
  document.addEventListener(name, (event) => {
    const detail = /** @type {CustomEvent} */ (event).detail ?? {};
    append(name, detail);
    if (name === 'whatsapp-signup-progress' || name === 'whatsapp-signup-complete') showOnboarding(detail);
  });
}

document.getElementById('clear-log')?.addEventListener('click', () => {
  log.replaceChildren();
  empty.hidden = false;
});
