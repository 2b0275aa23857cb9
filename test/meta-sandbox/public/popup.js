/*
 * The Meta sandbox's Embedded Signup popup. It posts WA_EMBEDDED_SIGNUP messages
 * to window.opener exactly as Meta's popup does (string or object form, optional
 * `version`) and hands the authorization code to the fake SDK in the opener
 * (META_SANDBOX_AUTH), which then fires the FB.login callback.
 *
 * Scripted mode: a `scenario` query parameter (JSON, set by the fake SDK from
 * window.__META_SANDBOX_SCENARIO__) runs one ending without any clicks:
 *   { action: 'finish' | 'cancel' | 'error' | 'close' | 'no-auth' | 'code-only' | 'wait',
 *     event, phone: true | false | 'missing', wabaId, phoneNumberId, businessId,
 *     step, errorMessage, errorCode, errorId, sessionId,
 *     form: 'string' | 'object', version: 3 | '3' | null, order: 'message-first' | 'code-first',
 *     duplicate, code, delayMs, gapMs, keepOpen }
 */
const params = new URLSearchParams(window.location.search);
const openerOrigin = params.get('origin') || '*';
const $ = (id) => document.getElementById(id);

$('app-id').textContent = params.get('client_id') || '–';
$('config-id').textContent = params.get('config_id') || '–';
$('opener').textContent = openerOrigin;
try {
  $('extras').textContent = JSON.stringify(JSON.parse(params.get('extras') || '{}'), null, 2);
} catch {
  $('extras').textContent = params.get('extras') || '';
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text) => {
  $('log').textContent = text;
};

function randomCode() {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return `sandbox-code-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function post(message, options) {
  const target = window.opener;
  if (!target) {
    log('No window.opener: was the opener page served with Cross-Origin-Opener-Policy: same-origin?');
    return;
  }
  const payload = { ...message, type: 'WA_EMBEDDED_SIGNUP' };
  if (options.version !== null && options.version !== undefined && options.version !== '') {
    payload.version = options.version;
  }
  const data = options.form === 'object' ? payload : JSON.stringify(payload);
  const times = options.duplicate ? 2 : 1;
  for (let i = 0; i < times; i += 1) target.postMessage(data, openerOrigin);
}

function handBack(code) {
  window.opener?.postMessage({ type: 'META_SANDBOX_AUTH', code: code || null }, openerOrigin);
}

/** Runs one ending: the message (if any) and the code hand-back in the chosen order, then closes. */
async function run(scenario) {
  const options = {
    form: scenario.form === 'object' ? 'object' : 'string',
    version: scenario.version === undefined ? 3 : scenario.version,
    duplicate: Boolean(scenario.duplicate),
  };
  const gap = Number(scenario.gapMs ?? 50);
  let message = null;
  let code = null;
  switch (scenario.action) {
    case 'finish': {
      const data = {
        waba_id: scenario.wabaId ?? '102290129340398',
        business_id: scenario.businessId ?? '298340392812011',
      };
      if (scenario.phone === false) data.phone_number_id = '';
      else if (scenario.phone !== 'missing')
        data.phone_number_id = scenario.phoneNumberId ?? '106540352242922';
      message = { event: scenario.event || 'FINISH', data };
      code = scenario.code === false ? null : scenario.code || randomCode();
      break;
    }
    case 'cancel':
      message = { event: 'CANCEL', data: scenario.step ? { current_step: scenario.step } : {} };
      break;
    case 'error': {
      const data = {
        error_message: scenario.errorMessage ?? 'Something went wrong',
        session_id: scenario.sessionId ?? 'f34b51dab5e0498',
        timestamp: Math.floor(Date.now() / 1000),
      };
      if (scenario.errorId !== undefined) data.error_id = scenario.errorId;
      if (scenario.errorCode !== undefined) data.error_code = scenario.errorCode;
      message = { event: 'CANCEL', data };
      break;
    }
    case 'code-only':
      code = scenario.code || randomCode();
      break;
    case 'no-auth':
    case 'close':
      break;
    case 'wait':
      // Stay open and send nothing: the test drives the opener itself.
      log('Waiting (scripted).');
      return;
    default:
      log(`Unknown scenario action: ${String(scenario.action)}`);
      return;
  }
  const sendMessage = () => message && post(message, options);
  const sendAuth = () => scenario.action !== 'close' && handBack(code);
  if (scenario.order === 'code-first') {
    sendAuth();
    await sleep(gap);
    sendMessage();
  } else {
    sendMessage();
    await sleep(gap);
    sendAuth();
  }
  log(`Sent: ${scenario.action}${message ? ` (${message.event})` : ''}.`);
  if (!scenario.keepOpen) {
    await sleep(gap);
    window.close();
  }
}

function deliveryOptions() {
  const version = $('version').value;
  return {
    form: $('form').value,
    version: version === '' ? null : version === "'3'" ? '3' : 3,
    order: $('order').value,
    duplicate: $('duplicate').checked,
  };
}

$('finish').addEventListener('click', () =>
  run({
    action: 'finish',
    event: $('finish-event').value,
    wabaId: $('waba-id').value,
    phoneNumberId: $('phone-number-id').value,
    businessId: $('business-id').value,
    phone: $('with-phone').checked,
    ...deliveryOptions(),
  }),
);
$('cancel').addEventListener('click', () =>
  run({ action: 'cancel', step: $('cancel-step').value, ...deliveryOptions() }),
);
$('error').addEventListener('click', () => {
  const field = $('error-field').value;
  const code = $('error-code').value;
  run({
    action: 'error',
    errorMessage: $('error-message').value,
    ...(code ? (field === 'error_id' ? { errorId: code } : { errorCode: code }) : {}),
    ...deliveryOptions(),
  });
});
$('close').addEventListener('click', () => run({ action: 'close' }));
$('no-auth').addEventListener('click', () => run({ action: 'no-auth' }));

const scripted = params.get('scenario');
if (scripted) {
  let scenario = null;
  try {
    scenario = JSON.parse(scripted);
  } catch {
    log('The scenario parameter is not JSON.');
  }
  if (scenario) {
    log(`Scripted scenario: ${scenario.action}`);
    sleep(Number(scenario.delayMs ?? 30)).then(() => run(scenario));
  }
}
