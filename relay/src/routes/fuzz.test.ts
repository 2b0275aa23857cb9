/**
 * Property-based fuzzing of every endpoint that reads client input: whatever
 * arrives, the answer is never a 5xx, and every error is the CONTRACT envelope.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, TEST_SECRETS, type TestRelay } from '../test-support/relay-harness.js';

const validBody = fc.record(
  {
    wabaId: fc.oneof(fc.stringMatching(/^\d{1,20}$/), fc.string(), fc.integer()),
    phoneNumberId: fc.oneof(fc.stringMatching(/^\d{1,20}$/), fc.string(), fc.constant(null)),
    region: fc.oneof(fc.constantFrom('EU', 'US', 'BR', 'eu', ''), fc.string()),
    metaLocalStorage: fc.oneof(fc.constantFrom('DE', 'US', 'FR'), fc.string()),
    businessId: fc.oneof(fc.string(), fc.integer()),
    finishEvent: fc.oneof(fc.constantFrom('FINISH', 'CANCEL'), fc.string()),
    code: fc.oneof(fc.string(), fc.object()),
  },
  { requiredKeys: [] },
);

const anyBody = fc.oneof(
  validBody.map((value) => JSON.stringify(value)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.object({ withNullPrototype: true }).map((value) => JSON.stringify(value)),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{}}}', '[]', 'null', '{', ''),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
  'application/vnd.api+json',
);

function expectEnvelope(status: number, text: string) {
  expect(status).toBeLessThan(500);
  if (status >= 400) {
    const parsed = JSON.parse(text) as { error?: { code?: string; requestId?: string } };
    expect(parsed.error?.code).toMatch(/^[a-z0-9_]+$/);
    expect(parsed.error?.requestId).toBeTruthy();
  }
}

describe('fuzzed requests never produce a 5xx', () => {
  let t: TestRelay;
  let token: string;
  beforeAll(async () => {
    t = await startTestRelay({ env: { SINCH_WEBHOOK_SECRET: TEST_SECRETS.webhook } });
    token = await t.token('fuzz-customer');
  });
  afterAll(async () => t?.close());

  it('POST /v1/onboardings with arbitrary bodies, content types and idempotency keys', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyBody,
        contentType,
        fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
        async (body, type, key) => {
          const headers: Record<string, string> = { authorization: `Bearer ${token}` };
          if (type) headers['content-type'] = type;
          if (key !== undefined && /^[\x20-\x7e]*$/.test(key)) headers['idempotency-key'] = key;
          const response = await t.app.request('/v1/onboardings', { method: 'POST', headers, body });
          expectEnvelope(response.status, await response.text());
        },
      ),
      { numRuns: 2_000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('POST /v1/sessions with arbitrary bodies', async () => {
    const sessionBody = fc.oneof(
      fc
        .record(
          {
            customerId: fc.oneof(fc.string(), fc.integer()),
            displayName: fc.string(),
            labels: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.jsonValue()),
            ttlSeconds: fc.oneof(fc.integer(), fc.double(), fc.string()),
          },
          { requiredKeys: [] },
        )
        .map((value) => JSON.stringify(value)),
      anyBody,
    );
    await fc.assert(
      fc.asyncProperty(sessionBody, async (body) => {
        const response = await t.app.request('/v1/sessions', {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_SECRETS.admin}`, 'content-type': 'application/json' },
          body,
        });
        expectEnvelope(response.status, await response.text());
      }),
      { numRuns: 1_000 },
    );
  });

  it('the admin list, onboarding paths and tokens with arbitrary values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('customerId', 'status', 'limit', 'cursor', 'other'), fc.string()),
        fc.string({ maxLength: 100 }),
        fc.oneof(fc.string({ maxLength: 200 }), fc.constant(TEST_SECRETS.admin), fc.constant(token)),
        async (query, id, bearer) => {
          const list = await t.app.request(`/v1/onboardings?${new URLSearchParams(query)}`, {
            headers: { authorization: `Bearer ${TEST_SECRETS.admin}` },
          });
          expectEnvelope(list.status, await list.text());
          const path = `/v1/onboardings/${encodeURIComponent(id)}`;
          const headers = /^[\x21-\x7e]*$/.test(bearer) ? { authorization: `Bearer ${bearer}` } : undefined;
          const one = await t.app.request(path, { headers });
          expectEnvelope(one.status, await one.text());
          const retry = await t.app.request(`${path}/retry`, { method: 'POST', headers });
          expectEnvelope(retry.status, await retry.text());
        },
      ),
      { numRuns: 700 },
    );
  });

  it('Provisioning callbacks with arbitrary bodies and signature headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyBody,
        fc.dictionary(
          fc.constantFrom(
            'x-sinch-webhook-signature',
            'x-sinch-webhook-signature-nonce',
            'x-sinch-webhook-signature-timestamp',
            'x-sinch-webhook-signature-algorithm',
          ),
          fc.stringMatching(/^[\x21-\x7e]{0,80}$/),
        ),
        async (body, headers) => {
          const response = await t.app.request('/v1/callbacks/sinch/provisioning', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body,
          });
          expect([400, 401, 413, 415]).toContain(response.status);
          expectEnvelope(response.status, await response.text());
        },
      ),
      { numRuns: 700 },
    );
  });
});
