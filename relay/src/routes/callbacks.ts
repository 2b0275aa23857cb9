/**
 * `POST /v1/callbacks/sinch/provisioning`: Sinch's Provisioning callbacks,
 * verified like Conversation callbacks (CONTRACT section 6): HMAC-SHA256 over
 * `rawBody.nonce.timestamp`, compared in constant time, timestamps within
 * ±5 minutes, each nonce accepted once. A sender callback advances the
 * onboarding waiting for that sender at once.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { isJsonContentType, parseJsonStrict } from '../http/body.js';
import type { RelayEnv, RelayServices } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import { senderStateOf } from '../workflow/steps.js';

/** How far a callback's timestamp may be from the relay's clock. */
export const CALLBACK_WINDOW_SECONDS = 300;

/** `base64(HMAC-SHA256(secret, rawBody + "." + nonce + "." + timestamp))`. */
export function callbackSignature(secret: string, rawBody: string, nonce: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${rawBody}.${nonce}.${timestamp}`, 'utf8').digest('base64');
}

function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // Both are base64 of a 32-byte digest when well-formed; a length mismatch is simply a mismatch.
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(code: string, message: string): ApiError {
  return new ApiError(401, code, message);
}

/** The callback routes. */
export function callbackRoutes({
  config,
  store,
  events,
  wake,
  now,
  logger,
  onTemplateCallback,
}: RelayServices) {
  const app = new Hono<RelayEnv>();
  app.post('/sinch/provisioning', async (c) => {
    const secret = config.sinch.webhookSecret;
    if (!secret) throw new ApiError(404, 'not_found', 'Callbacks are not enabled on this relay.');
    const signature = c.req.header('x-sinch-webhook-signature');
    const nonce = c.req.header('x-sinch-webhook-signature-nonce');
    const timestamp = c.req.header('x-sinch-webhook-signature-timestamp');
    const algorithm = c.req.header('x-sinch-webhook-signature-algorithm');
    if (!signature || !nonce || !timestamp)
      throw refuse('invalid_signature', 'Missing Sinch signature headers.');
    if (algorithm !== undefined && algorithm !== 'HmacSHA256') {
      throw refuse('invalid_signature', 'Unsupported signature algorithm.');
    }
    if (nonce.length > 255) throw refuse('invalid_signature', 'Nonce too long.');
    const raw = await c.req.text();
    if (!signatureMatches(callbackSignature(secret, raw, nonce, timestamp), signature)) {
      throw refuse('invalid_signature', 'The signature does not match.');
    }
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    const nowMs = now();
    if (!Number.isFinite(seconds) || Math.abs(nowMs / 1000 - seconds) > CALLBACK_WINDOW_SECONDS) {
      throw refuse('stale_timestamp', 'The callback timestamp is outside the accepted window.');
    }
    // Remember the nonce until its timestamp could no longer pass the window check anyway.
    if (!(await store.rememberNonce(nonce, (seconds + CALLBACK_WINDOW_SECONDS + 60) * 1000))) {
      throw refuse('replayed_nonce', 'This callback was already received.');
    }
    if (!isJsonContentType(c))
      throw new ApiError(415, 'unsupported_media_type', 'Expected application/json.');
    const body = parseJsonStrict(raw) as { type?: unknown; payload?: unknown } | null;
    const type = typeof body?.type === 'string' ? body.type : undefined;
    const payload =
      body?.payload && typeof body.payload === 'object' ? (body.payload as Record<string, unknown>) : {};
    if (type?.startsWith('WHATSAPP_SENDER_') && typeof payload.id === 'string') {
      const state = senderStateOf({
        state: typeof payload.state === 'string' ? payload.state : undefined,
        changes:
          payload.changes && typeof (payload.changes as { status?: unknown }).status === 'string'
            ? { status: (payload.changes as { status: string }).status }
            : undefined,
      });
      const touched = await store.signalSender(payload.id, state, nowMs);
      for (const id of touched) {
        const row = await store.getOnboarding(id);
        if (row) events.emit(row);
        wake(id);
      }
      logger.info(
        { requestId: c.get('requestId'), type, onboardings: touched.length },
        'provisioning callback',
      );
    } else if (type?.startsWith('WHATSAPP_TEMPLATE_') && onTemplateCallback) {
      await onTemplateCallback({ type, payload });
      logger.info({ requestId: c.get('requestId'), type }, 'provisioning callback');
    } else {
      logger.info({ requestId: c.get('requestId'), type }, 'provisioning callback ignored');
    }
    return c.json({ received: true });
  });
  return app;
}
