import { describe, expect, it } from 'vitest';
import { jwtExpiry, saysTokenExpired } from './auth.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { errorFromResponse } from './errors.js';
import { REDACTED, redact, SecretSet } from './redact.js';
import { AppSchema, RawAppSchema, SenderSchema } from './schemas.js';
import { senderOutcome, senderStatus } from './sender-status.js';

describe('backoff', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
  it('is full jitter under an exponential ceiling, capped', () => {
    expect(backoffDelay(policy, 1, undefined, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 3, undefined, () => 0.999)).toBe(399);
    expect(backoffDelay(policy, 10, undefined, () => 0.999)).toBe(999);
    expect(backoffDelay(policy, 3, undefined, () => 0)).toBe(0);
  });
  it('honours Retry-After up to the cap', () => {
    expect(backoffDelay(policy, 1, 300)).toBe(300);
    expect(backoffDelay(policy, 1, 60_000)).toBe(1_000);
  });
  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  it('reads PAPI errors', () => {
    const error = errorFromResponse({
      operation: 'senders.create',
      status: 409,
      body: {
        errorCode: 'waba_id_used',
        message: 'WabaId is used.',
        resolution: 'Use another.',
        additionalInformation: { a: ['b'] },
      },
    });
    expect(error).toMatchObject({
      code: 'waba_id_used',
      status: 409,
      retryable: false,
      additionalInformation: { a: ['b'] },
    });
  });
  it('reads Google-RPC errors and lower-cases the status', () => {
    const error = errorFromResponse({
      operation: 'apps.get',
      status: 503,
      body: { error: { code: 503, message: 'down', status: 'UNAVAILABLE', details: [] } },
      retryAfterMs: 2_000,
    });
    expect(error).toMatchObject({ code: 'unavailable', retryable: true, retryAfterMs: 2_000 });
  });
  it('keeps irregular PAPI capitals lower-cased', () => {
    const error = errorFromResponse({
      operation: 'senders.create',
      status: 500,
      body: { errorCode: 'facebook_Request_limit_reached', message: 'x', resolution: 'y' },
    });
    expect(error).toMatchObject({ code: 'facebook_request_limit_reached', retryable: true });
  });
  it('falls back to http_<status> for unknown bodies', () => {
    expect(errorFromResponse({ operation: 'x', status: 418, body: 'teapot' })).toMatchObject({
      code: 'http_418',
      retryable: false,
    });
    expect(errorFromResponse({ operation: 'x', status: 502, body: undefined })).toMatchObject({
      code: 'http_502',
      retryable: true,
    });
  });
  it('scrubs known secrets from messages', () => {
    const secrets = new SecretSet();
    secrets.add('super-secret-token');
    const error = errorFromResponse({
      operation: 'x',
      status: 400,
      body: { errorCode: 'invalid_input', message: 'bad super-secret-token', resolution: '' },
      secrets,
    });
    expect(error.message).not.toContain('super-secret-token');
  });
});

describe('redact', () => {
  it('redacts secret-named keys and known values, deeply', () => {
    const secrets = new SecretSet();
    secrets.add('abcdef123456');
    expect(
      redact(
        {
          bearerToken: 'x',
          nested: { token: 'y', note: 'has abcdef123456 inside' },
          list: [{ secret: 's' }],
        },
        secrets,
      ),
    ).toEqual({
      bearerToken: REDACTED,
      nested: { token: REDACTED, note: `has ${REDACTED} inside` },
      list: [{ secret: REDACTED }],
    });
  });
});

describe('tokens', () => {
  it('reads a JWT exp', () => {
    const payload = Buffer.from(JSON.stringify({ exp: 2_000_000_000 })).toString('base64url');
    expect(jwtExpiry(`h.${payload}.s`)).toBe(2_000_000_000_000);
    expect(jwtExpiry('opaque')).toBeUndefined();
  });
  it('recognises expired-token challenges', () => {
    expect(saysTokenExpired('Bearer realm="sinch", error="invalid_token", error_description="expired"')).toBe(
      true,
    );
    expect(saysTokenExpired('Basic realm="Realm"')).toBe(false);
    expect(saysTokenExpired(undefined)).toBe(false);
  });
});

describe('schemas', () => {
  it('tolerates extra fields and lower-cases compatibleRegions', () => {
    const sender = SenderSchema.parse({
      id: 's',
      region: 'EU',
      metaLocalStorage: 'DE',
      compatibleRegions: ['EU', 'us', 'xx'],
      extra: 1,
    });
    expect(sender.compatibleRegions).toEqual(['eu', 'us']);
    expect(sender.extra).toBe(1);
  });
  it('maps Conversation apps to camelCase without the token', () => {
    const raw = RawAppSchema.parse({
      id: 'a',
      display_name: 'App',
      channel_credentials: [
        {
          channel: 'WHATSAPP',
          static_bearer: { claimed_identity: 's', token: 'secret-token' },
          state: { status: 'ACTIVE' },
        },
      ],
      rate_limits: { inbound: 25 },
    });
    const app = AppSchema.parse({ region: 'eu', projectId: 'p', ...raw });
    expect(app.channelCredentials[0]).toEqual({
      channel: 'WHATSAPP',
      claimedIdentity: 's',
      state: { status: 'ACTIVE' },
    });
    expect(JSON.stringify(app)).not.toContain('secret-token');
  });
});

describe('sender status', () => {
  const base = { id: 's', region: 'EU', metaLocalStorage: 'DE', compatibleRegions: [] };
  it.each([
    [{ state: 'ACTIVE' }, 'ACTIVE', 'active'],
    [{ changes: { status: 'IN_PROGRESS' } }, 'IN_PROGRESS', 'pending'],
    [{ changes: { status: 'ERROR' } }, 'ERROR', 'failed'],
    [{ changes: { status: 'REJECTED' } }, 'REJECTED', 'failed'],
    [{ state: 'SUSPENDED' }, 'SUSPENDED', 'failed'],
    [{ state: 'INACTIVE' }, 'INACTIVE', 'failed'],
    [{ state: 'ERROR' }, 'ERROR', 'failed'],
    [{ state: 'PENDING_VERIFICATION' }, 'PENDING_VERIFICATION', 'pending'],
    [{ state: 'ACTIVE', changes: { status: 'ERROR' } }, 'ACTIVE', 'active'],
    [{}, null, 'pending'],
  ])('%j → %s / %s', (fields, status, outcome) => {
    const sender = SenderSchema.parse({ ...base, ...fields });
    expect(senderStatus(sender)).toBe(status);
    expect(senderOutcome(sender)).toBe(outcome);
  });
});
