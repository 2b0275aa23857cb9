import { createHmac } from 'node:crypto';
import { OnboardingListSchema, OnboardingSchema } from '@whatsapp-signup/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSinchError } from '../test-support/fake-sinch.js';
import { startTestRelay, TEST_SECRETS, type TestRelay } from '../test-support/relay-harness.js';
import { waitFor } from '../test-support/wait.js';

const body = (overrides: Record<string, unknown> = {}) => ({
  wabaId: '102290129340398',
  phoneNumberId: String(100_000 + Math.floor(Math.random() * 1e9)),
  region: 'EU',
  metaLocalStorage: 'DE',
  finishEvent: 'FINISH',
  code: 'meta-exchange-code',
  ...overrides,
});

// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary answer fields.
type Answer = Record<string, any>;

async function json(response: Response): Promise<Answer> {
  return (await response.json()) as Answer;
}

describe('relay API', () => {
  let t: TestRelay;
  beforeAll(async () => {
    t = await startTestRelay({
      env: { SINCH_WEBHOOK_SECRET: TEST_SECRETS.webhook, RELAY_ALLOWED_ORIGINS: 'https://shop.example' },
      sse: { keepAliveMs: 50, pollMs: 20 },
    });
  });
  afterAll(async () => t?.close());

  async function post(token: string, payload: unknown, extra: Record<string, string> = {}) {
    return t.app.request('/v1/onboardings', {
      method: 'POST',
      headers: t.headers(token, extra),
      body: JSON.stringify(payload),
    });
  }

  async function finished(id: string, token: string) {
    return waitFor(async () => {
      const resource = await json(
        await t.app.request(`/v1/onboardings/${id}`, { headers: t.headers(token) }),
      );
      return resource.status !== 'in_progress' ? resource : undefined;
    });
  }

  it('starts an onboarding (202) that completes, with the CONTRACT shape and no secrets', async () => {
    const token = await t.token('cust-happy', { name: 'Happy Shop', labels: { tier: 'gold' } });
    const response = await post(token, body());
    expect(response.status).toBe(202);
    const created = OnboardingSchema.parse(await response.json());
    expect(created).toMatchObject({ customerId: 'cust-happy', status: 'in_progress', step: 'subproject' });
    expect(response.headers.get('location')).toBe(`/v1/onboardings/${created.id}`);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const done = await finished(created.id, token);
    expect(OnboardingSchema.parse(done)).toMatchObject({
      status: 'completed',
      step: 'done',
      senderState: 'ACTIVE',
      appRegion: 'eu',
      error: null,
    });
    expect(JSON.stringify(done)).not.toMatch(/bearer-|code/);
    const [subproject] = t.sinch.subprojects.values();
    expect(subproject?.displayName).toBe('Happy Shop');
    expect(subproject?.labels.tier).toBe('gold');
  });

  it('answers 200 with the existing onboarding for a replay, and 409 for a reused key with another body', async () => {
    const token = await t.token('cust-idem');
    const payload = body();
    const first = await post(token, payload, { 'idempotency-key': 'attempt-1' });
    expect(first.status).toBe(202);
    const id = (await json(first)).id;
    const replay = await post(token, payload, { 'idempotency-key': 'attempt-1' });
    expect([replay.status, (await json(replay)).id]).toEqual([200, id]);
    const noKey = await post(token, payload);
    expect([noKey.status, (await json(noKey)).id]).toEqual([200, id]);
    const conflict = await post(token, { ...payload, region: 'US' }, { 'idempotency-key': 'attempt-1' });
    expect(conflict.status).toBe(409);
    expect((await json(conflict)).error.code).toBe('idempotency_key_reused');
    const badKey = await post(token, payload, { 'idempotency-key': 'x'.repeat(300) });
    expect(badKey.status).toBe(400);
  });

  it('turns 20 concurrent duplicate POSTs into one 202, nineteen 200s and one sender', async () => {
    const token = await t.token('cust-burst');
    const payload = body();
    const before = t.sinch.count('createSender');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post(token, payload, { 'idempotency-key': 'burst-key' })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const ids = new Set(await Promise.all(responses.map(async (response) => (await json(response)).id)));
    expect(ids.size).toBe(1);
    await finished([...ids][0], token);
    expect(t.sinch.count('createSender') - before).toBe(1);
  });

  it('reuses the subproject for a second phone number of the same WABA', async () => {
    const token = await t.token('cust-second');
    const a = await json(await post(token, body({ wabaId: '777' })));
    const b = await json(await post(token, body({ wabaId: '777' })));
    const [doneA, doneB] = await Promise.all([finished(a.id, token), finished(b.id, token)]);
    expect(doneA.subprojectId).toBe(doneB.subprojectId);
    expect(doneA.senderId).not.toBe(doneB.senderId);
  });

  describe('authentication and authorisation', () => {
    it('answers 401 with the error envelope without or with a bad token', async () => {
      const none = await t.app.request('/v1/onboardings', { method: 'POST', body: '{}' });
      expect(none.status).toBe(401);
      const envelope = await json(none);
      expect(envelope.error).toMatchObject({ code: 'unauthorized' });
      expect(envelope.error.requestId).toBe(none.headers.get('x-request-id'));
      for (const token of ['not-a-jwt', `${await t.token('x')}tampered`]) {
        expect((await post(token, body())).status).toBe(401);
      }
    });

    it('refuses other algorithms, long lifetimes and over-long claims', async () => {
      expect((await post(await t.token('c', {}, { alg: 'HS512' }), body())).status).toBe(401);
      expect((await post(await t.token('c', {}, { ttlSeconds: 86_400 + 120 }), body())).status).toBe(401);
      expect((await post(await t.token('c', { name: 'n'.repeat(256) }), body())).status).toBe(401);
      expect((await post(await t.token('c'.repeat(256)), body())).status).toBe(401);
      const labels = Object.fromEntries(Array.from({ length: 256 }, (_, i) => [`k${i}`, 'v']));
      expect((await post(await t.token('c', { labels }), body())).status).toBe(401);
      const expired = await t.token('c', {}, { ttlSeconds: -120 });
      expect((await post(expired, body())).status).toBe(401);
    });

    it('answers 403 for the wrong kind of valid credential', async () => {
      const session = await t.token('cust-403');
      expect((await t.app.request('/v1/onboardings', { headers: t.headers(session) })).status).toBe(403);
      const sessions = await t.app.request('/v1/sessions', {
        method: 'POST',
        headers: t.headers(session),
        body: JSON.stringify({ customerId: 'x' }),
      });
      expect(sessions.status).toBe(403);
      expect((await post(TEST_SECRETS.admin, body())).status).toBe(403);
    });

    it('hides another customer’s onboarding (404) but shows it to the admin', async () => {
      const owner = await t.token('cust-owner');
      const created = await json(await post(owner, body()));
      const intruder = await t.token('cust-intruder');
      for (const path of [`/v1/onboardings/${created.id}`, `/v1/onboardings/${created.id}/events`]) {
        expect((await t.app.request(path, { headers: t.headers(intruder) })).status).toBe(404);
      }
      const retry = await t.app.request(`/v1/onboardings/${created.id}/retry`, {
        method: 'POST',
        headers: t.headers(intruder),
      });
      expect(retry.status).toBe(404);
      expect((await t.app.request('/v1/onboardings/unknown', { headers: t.headers(owner) })).status).toBe(
        404,
      );
      const admin = await t.app.request(`/v1/onboardings/${created.id}`, {
        headers: t.headers(TEST_SECRETS.admin),
      });
      expect(admin.status).toBe(200);
    });
  });

  describe('bad input', () => {
    it('answers 400 for schema violations, with details', async () => {
      const token = await t.token('cust-400');
      for (const payload of [
        body({ region: 'eu' }),
        body({ extra: 1 }),
        body({ wabaId: 'abc' }),
        body({ metaLocalStorage: 'FR' }),
        body({ finishEvent: 'DONE' }),
        [],
        null,
      ]) {
        const response = await post(token, payload);
        expect(response.status).toBe(400);
        const envelope = await json(response);
        expect(envelope.error.code).toBe('invalid_body');
        expect(envelope.error.details.length).toBeGreaterThan(0);
      }
    });

    it('refuses prototype-pollution keys, invalid JSON, other content types and large bodies', async () => {
      const token = await t.token('cust-bad');
      const polluted = await t.app.request('/v1/onboardings', {
        method: 'POST',
        headers: t.headers(token),
        body: `{"__proto__":{"admin":true},${JSON.stringify(body()).slice(1)}`,
      });
      expect(polluted.status).toBe(400);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
      const invalid = await t.app.request('/v1/onboardings', {
        method: 'POST',
        headers: t.headers(token),
        body: '{"a":',
      });
      expect([invalid.status, (await json(invalid)).error.code]).toEqual([400, 'invalid_json']);
      const text = await t.app.request('/v1/onboardings', {
        method: 'POST',
        headers: t.headers(token, { 'content-type': 'text/plain' }),
        body: JSON.stringify(body()),
      });
      expect(text.status).toBe(415);
      const large = await t.app.request('/v1/onboardings', {
        method: 'POST',
        headers: t.headers(token),
        body: JSON.stringify(body({ code: 'x'.repeat(70_000) })),
      });
      expect([large.status, (await json(large)).error.code]).toEqual([413, 'payload_too_large']);
      expect(large.headers.get('connection')).toBe('close');
    });
  });

  it('fails on a permanent Sinch error and resumes on retry (202), refusing to retry others (409)', async () => {
    const token = await t.token('cust-retry');
    t.sinch.failNext('createSender', new FakeSinchError('waba_id_used', false, 409));
    const created = await json(await post(token, body()));
    const failed = await finished(created.id, token);
    expect(failed).toMatchObject({
      status: 'failed',
      step: 'sender',
      error: { code: 'waba_id_used', retryable: false, step: 'sender' },
    });
    const retry = await t.app.request(`/v1/onboardings/${created.id}/retry`, {
      method: 'POST',
      headers: t.headers(token),
    });
    expect(retry.status).toBe(202);
    expect(await json(retry)).toMatchObject({ status: 'in_progress', error: null });
    expect(await finished(created.id, token)).toMatchObject({ status: 'completed' });
    const again = await t.app.request(`/v1/onboardings/${created.id}/retry`, {
      method: 'POST',
      headers: t.headers(token),
    });
    expect([again.status, (await json(again)).error.code]).toEqual([409, 'not_failed']);
  });

  it('mints session tokens for the admin (201) and checks ttlSeconds', async () => {
    const minted = await t.app.request('/v1/sessions', {
      method: 'POST',
      headers: t.headers(TEST_SECRETS.admin),
      body: JSON.stringify({ customerId: 'cust-minted', displayName: 'Minted', ttlSeconds: 120 }),
    });
    expect(minted.status).toBe(201);
    const { token, expiresAt } = await json(minted);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(100_000);
    expect((await post(token, body())).status).toBe(202);
    const tooLong = await t.app.request('/v1/sessions', {
      method: 'POST',
      headers: t.headers(TEST_SECRETS.admin),
      body: JSON.stringify({ customerId: 'x', ttlSeconds: 86_401 }),
    });
    expect(tooLong.status).toBe(400);
  });

  it('lists onboardings for the admin with a cursor', async () => {
    const token = await t.token('cust-list');
    for (let index = 0; index < 3; index += 1) await post(token, body());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({
        customerId: 'cust-list',
        limit: '2',
        ...(cursor ? { cursor } : {}),
      });
      const response = await t.app.request(`/v1/onboardings?${query}`, {
        headers: t.headers(TEST_SECRETS.admin),
      });
      expect(response.status).toBe(200);
      const page = OnboardingListSchema.parse(await response.json());
      seen.push(...page.onboardings.map((onboarding) => onboarding.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(3);
    const bad = await t.app.request('/v1/onboardings?cursor=nope', {
      headers: t.headers(TEST_SECRETS.admin),
    });
    expect(bad.status).toBe(400);
  });

  describe('Provisioning callbacks', () => {
    function signed(payload: unknown, options: { nonce?: string; timestamp?: number; secret?: string } = {}) {
      const raw = JSON.stringify(payload);
      const nonce = options.nonce ?? `nonce-${Math.random()}`;
      const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', options.secret ?? TEST_SECRETS.webhook)
        .update(`${raw}.${nonce}.${timestamp}`)
        .digest('base64');
      return {
        method: 'POST',
        body: raw,
        headers: {
          'content-type': 'application/json',
          'x-sinch-webhook-signature': signature,
          'x-sinch-webhook-signature-nonce': nonce,
          'x-sinch-webhook-signature-timestamp': timestamp,
          'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
        },
      };
    }
    const path = '/v1/callbacks/sinch/provisioning';

    it('refuses bad, stale and replayed signatures (401) and ignores unknown senders (200)', async () => {
      const event = { type: 'WHATSAPP_SENDER_ACTIVE', payload: { id: 'unknown-sender', state: 'ACTIVE' } };
      expect((await t.app.request(path, signed(event, { secret: 'wrong' }))).status).toBe(401);
      expect((await t.app.request(path, { method: 'POST', body: '{}' })).status).toBe(401);
      const stale = await t.app.request(
        path,
        signed(event, { timestamp: Math.floor(Date.now() / 1000) - 400 }),
      );
      expect([stale.status, (await json(stale)).error.code]).toEqual([401, 'stale_timestamp']);
      const once = signed(event, { nonce: 'only-once' });
      expect((await t.app.request(path, once)).status).toBe(200);
      const replay = await t.app.request(path, once);
      expect([replay.status, (await json(replay)).error.code]).toEqual([401, 'replayed_nonce']);
      const tampered = signed(event);
      tampered.body = tampered.body.replace('unknown-sender', 'other-sender');
      expect((await t.app.request(path, tampered)).status).toBe(401);
    });

    it('advances a waiting onboarding at once when the sender becomes ACTIVE', async () => {
      t.sinch.activateAfterGets = Number.POSITIVE_INFINITY;
      const token = await t.token('cust-callback');
      try {
        const created = await json(await post(token, body()));
        const waiting = await waitFor(async () => {
          const row = await t.store.getOnboarding(created.id);
          return row?.step === 'sender_activation' && row.sender_id ? row : undefined;
        });
        const senderId = waiting.sender_id ?? '';
        const active = t.sinch.activate(senderId);
        // Keep the poll far away, so only the callback can be what advances it.
        await t.store.db
          .updateTable('onboardings')
          .set({ next_run_at: Date.now() + 3_600_000 })
          .where('id', '=', created.id)
          .execute();
        const started = Date.now();
        const response = await t.app.request(
          path,
          signed({ type: 'WHATSAPP_SENDER_ACTIVE', payload: { ...active, bearerToken: undefined } }),
        );
        expect(response.status).toBe(200);
        expect(await finished(created.id, token)).toMatchObject({
          status: 'completed',
          senderState: 'ACTIVE',
        });
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        t.sinch.activateAfterGets = 0;
      }
    });
  });

  it('streams SSE frames with ids and ends after completed (also with ?token=)', async () => {
    const token = await t.token('cust-sse');
    t.sinch.activateAfterGets = 3;
    const created = await json(await post(token, body()));
    const response = await t.app.request(
      `/v1/onboardings/${created.id}/events?token=${encodeURIComponent(token)}`,
    );
    t.sinch.activateAfterGets = 0;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const frames = text.split('\n\n').filter((frame) => frame.includes('data:'));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const frame of frames) {
      expect(frame).toMatch(/^event: onboarding$/m);
      expect(frame).toMatch(/^id: \d+$/m);
    }
    const last = JSON.parse(frames.at(-1)?.match(/^data: (.*)$/m)?.[1] ?? '{}');
    expect(last.status).toBe('completed');
    // A finished onboarding: one frame, then the stream ends at once.
    const again = await (
      await t.app.request(`/v1/onboardings/${created.id}/events`, { headers: t.headers(token) })
    ).text();
    expect(again.split('\n\n').filter((frame) => frame.includes('data:'))).toHaveLength(1);
  });

  it('keeps a waiting SSE stream alive with comment lines', async () => {
    const token = await t.token('cust-keepalive');
    t.sinch.activateAfterGets = Number.POSITIVE_INFINITY;
    try {
      const created = await json(await post(token, body()));
      const response = await t.app.request(`/v1/onboardings/${created.id}/events`, {
        headers: t.headers(token),
      });
      const reader = response.body?.getReader();
      if (!reader) throw new Error('no stream');
      const decoder = new TextDecoder();
      let text = '';
      const deadline = Date.now() + 3_000;
      while (!text.includes(': keep-alive') && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      await reader.cancel();
      expect(text).toMatch(/^event: onboarding$/m);
      expect(text).toContain(': keep-alive\n\n');
      const row = await t.store.getOnboarding(created.id);
      if (row?.sender_id) t.sinch.activate(row.sender_id);
    } finally {
      t.sinch.activateAfterGets = 0;
    }
  });

  it('serves health, readiness, metrics and an OpenAPI 3.1 document', async () => {
    expect(await json(await t.app.request('/healthz'))).toEqual({ status: 'ok' });
    expect((await t.app.request('/readyz')).status).toBe(200);
    const metrics = await (await t.app.request('/metrics')).text();
    expect(metrics).toMatch(/relay_onboardings\{status="completed"\} [1-9]/);
    expect(metrics).toContain('relay_http_request_duration_seconds');
    const openapi = await json(await t.app.request('/openapi.json'));
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi.components.schemas.CreateOnboardingBody.properties.region.enum).toEqual([
      'EU',
      'US',
      'BR',
    ]);
    expect(Object.keys(openapi.paths)).toContain('/v1/onboardings/{id}/events');
    expect(openapi.paths['/v1/templates'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/TemplateInput',
    );
    expect(openapi.components.schemas.TemplateInput.properties.language.enum).toHaveLength(72);
    expect(openapi.components.schemas.TemplateInput.additionalProperties).toBe(false);
  });

  it('allows CORS only for the configured origins and sets secure headers', async () => {
    const allowed = await t.app.request('/v1/onboardings', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await t.app.request('/v1/onboardings', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const plain = await t.app.request('/healthz');
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never writes a secret to the logs', async () => {
    const token = await t.token('cust-logs');
    await t.app.request(`/v1/onboardings/x/events?token=${token}`);
    const logs = t.logLines.join('\n');
    expect(logs).toContain('"msg":"request"');
    for (const secret of [
      TEST_SECRETS.admin,
      TEST_SECRETS.session,
      TEST_SECRETS.webhook,
      TEST_SECRETS.sinchKey,
      token,
      'bearer-',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe('rate limits', () => {
  let t: TestRelay;
  beforeAll(async () => {
    t = await startTestRelay({ env: { RELAY_CUSTOMER_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => t?.close());

  it('answers 429 with Retry-After once a customer exceeds its limit', async () => {
    const token = await t.token('cust-limited');
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let index = 0; index < 5; index += 1) {
      last = await t.app.request('/v1/onboardings', {
        method: 'POST',
        headers: t.headers(token),
        body: JSON.stringify(body()),
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3).every((status) => status === 202)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(last as Response)).error.code).toBe('rate_limited');
    const other = await t.app.request('/v1/onboardings', {
      method: 'POST',
      headers: t.headers(await t.token('cust-other')),
      body: JSON.stringify(body()),
    });
    expect(other.status).toBe(202);
  });
});

describe('per-IP rate limit', () => {
  it('answers 429 once one address exceeds its limit, whatever the credentials', async () => {
    const t = await startTestRelay({ env: { RELAY_RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 3; index += 1) {
        const response = await t.app.request('/v1/sessions', {
          method: 'POST',
          headers: t.headers(TEST_SECRETS.admin),
          body: JSON.stringify({ customerId: `ip-${index}` }),
        });
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([201, 201, 429]);
      // Unlimited endpoints stay reachable.
      expect((await t.app.request('/healthz')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('callbacks without a secret', () => {
  it('answers 404', async () => {
    const t = await startTestRelay();
    try {
      const response = await t.app.request('/v1/callbacks/sinch/provisioning', {
        method: 'POST',
        body: '{}',
      });
      expect(response.status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('database outage', () => {
  it('answers 503 database_unavailable, and readiness 503', async () => {
    const t = await startTestRelay();
    try {
      await t.relay.stop();
      await t.store.close();
      const ready = await t.app.request('/readyz');
      expect(ready.status).toBe(503);
      const read = await t.app.request('/v1/onboardings/some-id', { headers: t.headers(TEST_SECRETS.admin) });
      expect([read.status, (await json(read)).error.code]).toEqual([503, 'database_unavailable']);
      expect(read.headers.get('retry-after')).toBe('5');
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
