import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';

/** What the generator may use: real credentials and IDs, so that requests get past the outer checks. */
export interface FuzzContext {
  sessionToken: string;
  adminToken: string;
  /** A finished onboarding of the session's customer (its SSE stream ends at once). */
  onboardingId: string;
  customerId: string;
  webhookSecret: string;
}

/** One request to send. */
export interface FuzzRequest {
  /** The endpoint family, for the per-endpoint counts. */
  endpoint: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Text, or raw bytes (which may not be UTF-8 at all). */
  body: string | Uint8Array | undefined;
}

const b64url = (value: string) => Buffer.from(value).toString('base64url');

/** Printable ASCII: what an HTTP header value may hold. */
const headerText = (maxLength = 60) => fc.string({ unit: 'grapheme-ascii', maxLength });
/** Any text, including every Unicode plane and control characters. */
const anyText = (maxLength = 200) => fc.string({ unit: 'binary', maxLength });

/** Tokens that must all be refused: garbage, `alg: none`, wrong key, expired, over-long lifetime. */
function badTokens(ctx: FuzzContext): fc.Arbitrary<string> {
  const now = Math.floor(Date.now() / 1000);
  const sign = (header: object, claims: object, key: string) => {
    const unsigned = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
  };
  const wrongKey = randomBytes(32).toString('hex');
  return fc.oneof(
    headerText(),
    fc.constant(
      `${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify({ sub: ctx.customerId, exp: now + 600 }))}.`,
    ),
    fc.constant(sign({ alg: 'HS256', typ: 'JWT' }, { sub: ctx.customerId, exp: now + 600 }, wrongKey)),
    fc.constant(sign({ alg: 'HS512', typ: 'JWT' }, { sub: ctx.customerId, exp: now + 600 }, wrongKey)),
    fc.constant(`${ctx.sessionToken.slice(0, -2)}xx`),
    fc.constant(ctx.sessionToken.split('.').slice(0, 2).join('.')),
    fc
      .record({ sub: fc.oneof(anyText(20), fc.jsonValue()), exp: fc.oneof(fc.integer(), fc.jsonValue()) })
      .map((claims) => sign({ alg: 'HS256', typ: 'JWT' }, claims, wrongKey)),
  );
}

/** The `Authorization` header: none, real ones (on the wrong endpoints too) and refused ones. */
function authorization(ctx: FuzzContext): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.constant(`Bearer ${ctx.sessionToken}`) },
    { weight: 2, arbitrary: fc.constant(`Bearer ${ctx.adminToken}`) },
    { weight: 2, arbitrary: badTokens(ctx).map((token) => `Bearer ${token}`) },
    { weight: 1, arbitrary: headerText() },
    {
      weight: 1,
      arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer x', 'Bearer  a b'),
    },
  );
}

/** A path segment where an ID goes: the real one, encoded text, and decoding traps. */
function idSegment(ctx: FuzzContext): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(ctx.onboardingId),
    anyText(40).map(encodeURIComponent),
    fc.constantFrom(
      '%',
      '%zz',
      '%E0%A4%A',
      '%C0%AF',
      '%00',
      '%2F',
      '..',
      '%2e%2e',
      'null',
      '-1',
      '0',
      ' ',
      'a'.repeat(400),
    ),
  );
}

/** A query string: random keys and values, repeats, traps. */
const queryString = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(anyText(12), anyText(30)), { maxLength: 4 })
    .map(
      (pairs) => `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
    ),
  fc.constantFrom(
    '?customerId=',
    '?customerId=%',
    '?cursor=%zz',
    '?limit=-1',
    '?limit=1e9',
    '?wabaId=abc&wabaId=1',
    '?token=',
    '?&&=&',
  ),
);

const VALID_ONBOARDING = {
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  region: 'EU',
  metaLocalStorage: 'DE',
  finishEvent: 'FINISH',
  businessId: '1234',
  code: 'code',
};
const VALID_SESSION = {
  customerId: 'fuzz-customer',
  displayName: 'Fuzz',
  labels: { a: 'b' },
  ttlSeconds: 60,
};
const VALID_TEMPLATE = {
  name: 'fuzz_template',
  language: 'en_US',
  category: 'UTILITY',
  details: { components: [{ type: 'BODY', text: 'Hello {{1}}', example: { bodyText: [['x']] } }] },
};
const VALID_CALLBACK = { type: 'WHATSAPP_SENDER_ACTIVE', payload: { id: 'sender', state: 'ACTIVE' } };

/** A valid body with one field replaced, removed, or an unknown one added. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...keys), fc.jsonValue())
      .map(([key, value]) => JSON.stringify({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const copy: Record<string, unknown> = { ...valid };
      delete copy[key];
      return JSON.stringify(copy);
    }),
    fc.tuple(anyText(12), fc.jsonValue()).map(([key, value]) => JSON.stringify({ ...valid, [key]: value })),
    fc
      .tuple(fc.constantFrom(...keys), anyText(300))
      .map(([key, value]) => JSON.stringify({ ...valid, [key]: value })),
  );
}

/** Bodies: none, JSON of any shape, text that is not JSON, mutations of valid bodies, and size traps. */
function body(valid: Record<string, unknown>): fc.Arbitrary<string | Uint8Array | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    { weight: 3, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: anyText(300) },
    { weight: 4, arbitrary: mutated(valid) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        'null',
        '{',
        '{"wabaId":',
        '\u0000',
        '[]',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
        `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
        `{"a":"${'x'.repeat(70_000)}"}`,
        JSON.stringify({ ...valid, extra: 'y'.repeat(2_000_000) }),
      ),
    },
  );
}

const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/merge-patch+json',
      'application/jsonx',
      '*/*',
    ),
  },
  { weight: 1, arbitrary: headerText(40) },
);

/** Sinch signature headers: missing, random, or a real signature with odd nonces and timestamps. */
function signatureHeaders(
  ctx: FuzzContext,
  rawBody: string | Uint8Array | undefined,
): fc.Arbitrary<Record<string, string>> {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody ?? []).toString('utf8');
  const now = Math.floor(Date.now() / 1000);
  return fc.oneof(
    fc.constant({}),
    fc
      .record({ signature: headerText(60), nonce: headerText(40), timestamp: headerText(14) })
      .map(({ signature, nonce, timestamp }) => ({
        'x-sinch-webhook-signature': signature,
        'x-sinch-webhook-signature-nonce': nonce,
        'x-sinch-webhook-signature-timestamp': timestamp,
      })),
    fc
      .record({
        nonce: fc.oneof(headerText(40), fc.constant('a'.repeat(300))),
        timestamp: fc.oneof(
          fc.constant(String(now)),
          fc.constant(String(now - 3_600)),
          fc.constantFrom('', '-1', '1e12', '99999999999999999999', 'NaN'),
          fc.integer().map(String),
        ),
        algorithm: fc.constantFrom(undefined, 'HmacSHA256', 'HmacSHA1', ''),
      })
      .map(({ nonce, timestamp, algorithm }) => ({
        'x-sinch-webhook-signature': createHmac('sha256', ctx.webhookSecret)
          .update(`${text}.${nonce}.${timestamp}`, 'utf8')
          .digest('base64'),
        'x-sinch-webhook-signature-nonce': nonce,
        'x-sinch-webhook-signature-timestamp': timestamp,
        ...(algorithm === undefined ? {} : { 'x-sinch-webhook-signature-algorithm': algorithm }),
      })),
  );
}

type Endpoint = {
  endpoint: string;
  method: fc.Arbitrary<string>;
  path: fc.Arbitrary<string>;
  valid?: Record<string, unknown>;
};

/**
 * Malformed (and occasionally valid) requests against every endpoint of CONTRACT §5, the template routes,
 * the system routes, wrong methods and unknown paths.
 */
export function malformedRequest(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const id = idSegment(ctx);
  const otherMethod = fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
  const endpoints: Endpoint[] = [
    {
      endpoint: 'POST /v1/onboardings',
      method: fc.constant('POST'),
      path: fc.constant('/v1/onboardings'),
      valid: VALID_ONBOARDING,
    },
    {
      endpoint: 'GET /v1/onboardings/:id',
      method: fc.constant('GET'),
      path: id.map((s) => `/v1/onboardings/${s}`),
    },
    {
      endpoint: 'GET /v1/onboardings/:id/events',
      method: fc.constant('GET'),
      path: fc
        .tuple(
          id,
          fc.oneof(
            fc.constant(''),
            badTokens(ctx).map((t) => `?token=${encodeURIComponent(t)}`),
            fc.constant(`?token=${ctx.sessionToken}`),
          ),
        )
        .map(([s, q]) => `/v1/onboardings/${s}/events${q}`),
    },
    {
      endpoint: 'POST /v1/onboardings/:id/retry',
      method: fc.constant('POST'),
      path: id.map((s) => `/v1/onboardings/${s}/retry`),
    },
    {
      endpoint: 'GET /v1/onboardings?customerId=',
      method: fc.constant('GET'),
      path: queryString.map((q) => `/v1/onboardings${q}`),
    },
    {
      endpoint: 'POST /v1/sessions',
      method: fc.constant('POST'),
      path: fc.constant('/v1/sessions'),
      valid: VALID_SESSION,
    },
    {
      endpoint: 'POST /v1/templates',
      method: fc.constant('POST'),
      path: fc.constant('/v1/templates'),
      valid: VALID_TEMPLATE,
    },
    {
      endpoint: 'GET /v1/templates',
      method: fc.constant('GET'),
      path: queryString.map((q) => `/v1/templates${q}`),
    },
    {
      endpoint: 'POST /v1/callbacks/sinch/provisioning',
      method: fc.constant('POST'),
      path: fc.constant('/v1/callbacks/sinch/provisioning'),
      valid: VALID_CALLBACK,
    },
    {
      endpoint: 'system routes',
      method: fc.constantFrom('GET', 'HEAD'),
      path: fc
        .tuple(fc.constantFrom('/healthz', '/readyz', '/metrics', '/openapi.json'), queryString)
        .map(([p, q]) => p + q),
    },
    {
      endpoint: 'wrong method',
      method: otherMethod,
      path: fc.oneof(
        fc.constantFrom(
          '/v1/onboardings',
          '/v1/sessions',
          '/v1/templates',
          '/v1/callbacks/sinch/provisioning',
          '/healthz',
        ),
        id.map((s) => `/v1/onboardings/${s}`),
      ),
      valid: VALID_ONBOARDING,
    },
    {
      endpoint: 'unknown path',
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
      path: fc.oneof(
        anyText(60).map((text) => `/${encodeURIComponent(text)}`),
        fc.constantFrom(
          '/v1',
          '/v1/',
          '/v1/onboardings/',
          '//v1/onboardings',
          '/v1/onboardings/x/y/z',
          '/%',
          '/..%2f..%2fetc/passwd',
          '/v2/onboardings',
        ),
      ),
    },
  ];
  return fc.oneof(
    ...endpoints.map((spec) =>
      fc
        .record({
          method: spec.method,
          path: spec.path,
          auth: authorization(ctx),
          type: contentType,
          body: body(spec.valid ?? VALID_ONBOARDING),
          idempotencyKey: fc.option(fc.oneof(headerText(80), fc.constant('k'.repeat(1_000))), {
            nil: undefined,
          }),
          origin: fc.option(fc.constantFrom('https://evil.example', 'null', 'http://localhost:1'), {
            nil: undefined,
          }),
        })
        .chain((request) =>
          (spec.endpoint.includes('callbacks') ? signatureHeaders(ctx, request.body) : fc.constant({})).map(
            (signature): FuzzRequest => {
              const sendsBody = request.method !== 'GET' && request.method !== 'HEAD';
              const headers: Record<string, string> = { ...signature };
              if (request.auth !== undefined) headers.authorization = request.auth;
              if (request.type !== undefined && sendsBody) headers['content-type'] = request.type;
              if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
              if (request.origin !== undefined) headers.origin = request.origin;
              return {
                endpoint: spec.endpoint,
                method: request.method,
                path: request.path,
                headers,
                body: sendsBody ? request.body : undefined,
              };
            },
          ),
        ),
    ),
  );
}
