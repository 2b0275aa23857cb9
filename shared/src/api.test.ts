import { describe, expect, it } from 'vitest';
import {
  CreateOnboardingBodySchema,
  CreateSessionBodySchema,
  ErrorEnvelopeSchema,
  isFinished,
  OnboardingSchema,
} from './api.js';
import { lifetimeWithinLimit, SessionClaimsSchema } from './session.js';
import { isMetaLocalStorage, isRegion, META_LOCAL_STORAGE_CODES, toConversationRegion } from './sinch.js';

const body = {
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  businessId: '2729063490586005',
  finishEvent: 'FINISH',
  region: 'EU',
  metaLocalStorage: 'DE',
  code: 'AQBx…',
};

describe('CreateOnboardingBodySchema', () => {
  it('accepts the CONTRACT example and the minimal body', () => {
    expect(CreateOnboardingBodySchema.parse(body)).toEqual(body);
    const { businessId: _b, finishEvent: _f, code: _c, ...minimal } = body;
    expect(CreateOnboardingBodySchema.parse(minimal)).toEqual(minimal);
  });

  it.each([
    ['lower-case region', { region: 'eu' }],
    ['unknown region', { region: 'APAC' }],
    ['unknown storage code', { metaLocalStorage: 'FR' }],
    ['non-digit wabaId', { wabaId: '12ab' }],
    ['numeric phoneNumberId', { phoneNumberId: 106540352242922 }],
    ['empty phoneNumberId', { phoneNumberId: '' }],
    ['unknown finish event', { finishEvent: 'FINISH_SOMETHING_NEW' }],
    ['null code', { code: null }],
    ['unknown key', { sinchKey: 'x' }],
  ])('rejects a body with %s', (_name, patch) => {
    expect(CreateOnboardingBodySchema.safeParse({ ...body, ...patch }).success).toBe(false);
  });

  it('rejects a missing required field', () => {
    for (const key of ['wabaId', 'phoneNumberId', 'region', 'metaLocalStorage'] as const) {
      const { [key]: _omitted, ...rest } = body;
      expect(CreateOnboardingBodySchema.safeParse(rest).success, key).toBe(false);
    }
  });

  it('accepts each of the 15 Sinch storage codes', () => {
    expect(META_LOCAL_STORAGE_CODES).toHaveLength(15);
    for (const code of META_LOCAL_STORAGE_CODES) {
      expect(CreateOnboardingBodySchema.safeParse({ ...body, metaLocalStorage: code }).success).toBe(true);
    }
  });
});

describe('OnboardingSchema', () => {
  const resource = {
    id: '01JD8X4T0Z3Q2W6M7N8P9R0S1T',
    customerId: 'cust-1',
    status: 'in_progress',
    step: 'sender_activation',
    region: 'EU',
    metaLocalStorage: 'DE',
    wabaId: '1',
    phoneNumberId: '2',
    subprojectId: '01FC66621VHDBN119Z8PMXXXXX',
    senderId: 'cf11794a-6a5e-4a12-b103-da79bd378bf1',
    senderState: 'IN_PROGRESS',
    appId: null,
    appRegion: null,
    error: null,
    createdAt: '2026-11-25T13:00:00.000Z',
    updatedAt: '2026-11-25T13:00:01.000Z',
  };

  it('accepts the CONTRACT resource and a failed one', () => {
    expect(OnboardingSchema.parse(resource)).toEqual(resource);
    const failed = {
      ...resource,
      status: 'failed',
      error: { code: 'waba_id_used', message: 'WABA already used', retryable: false, step: 'sender' },
    };
    expect(OnboardingSchema.parse(failed).error?.code).toBe('waba_id_used');
    expect(isFinished(failed as { status: 'failed' })).toBe(true);
    expect(isFinished(resource as { status: 'in_progress' })).toBe(false);
  });

  it('rejects an unknown step or an upper-case appRegion', () => {
    expect(OnboardingSchema.safeParse({ ...resource, step: 'waiting' }).success).toBe(false);
    expect(OnboardingSchema.safeParse({ ...resource, appRegion: 'EU' }).success).toBe(false);
  });
});

describe('CreateSessionBodySchema and session claims', () => {
  it('bounds ttlSeconds to 24 h', () => {
    expect(CreateSessionBodySchema.safeParse({ customerId: 'c', ttlSeconds: 86_400 }).success).toBe(true);
    expect(CreateSessionBodySchema.safeParse({ customerId: 'c', ttlSeconds: 86_401 }).success).toBe(false);
    expect(CreateSessionBodySchema.safeParse({ customerId: 'c', ttlSeconds: 1.5 }).success).toBe(false);
  });

  it('enforces Sinch label limits', () => {
    const tooLong = 'x'.repeat(256);
    expect(CreateSessionBodySchema.safeParse({ customerId: 'c', labels: { plan: 'gold' } }).success).toBe(
      true,
    );
    expect(CreateSessionBodySchema.safeParse({ customerId: 'c', labels: { plan: tooLong } }).success).toBe(
      false,
    );
    expect(CreateSessionBodySchema.safeParse({ customerId: 'c', labels: { [tooLong]: 'v' } }).success).toBe(
      false,
    );
    const many = Object.fromEntries(Array.from({ length: 256 }, (_, i) => [`k${i}`, 'v']));
    expect(CreateSessionBodySchema.safeParse({ customerId: 'c', labels: many }).success).toBe(false);
  });

  it('requires sub and exp, tolerates extra registered claims, and caps the lifetime', () => {
    expect(SessionClaimsSchema.safeParse({ sub: 'c', exp: 2_000, iat: 1_000, jti: 'x' }).success).toBe(true);
    expect(SessionClaimsSchema.safeParse({ exp: 2_000 }).success).toBe(false);
    expect(SessionClaimsSchema.safeParse({ sub: 'c' }).success).toBe(false);
    expect(SessionClaimsSchema.safeParse({ sub: 'c', exp: 100_000, iat: 1 }).success).toBe(false);
    expect(SessionClaimsSchema.safeParse({ sub: 'x'.repeat(256), exp: 2 }).success).toBe(false);
    expect(lifetimeWithinLimit({ exp: 1_000 + 86_400 }, 1_000)).toBe(true);
    expect(lifetimeWithinLimit({ exp: 1_000 + 90_000 }, 1_000)).toBe(false);
  });
});

describe('error envelope and Sinch guards', () => {
  it('accepts the CONTRACT error envelope and rejects non-snake codes', () => {
    const error = { error: { code: 'invalid_body', message: 'Bad', requestId: 'r1' } };
    expect(ErrorEnvelopeSchema.parse(error)).toEqual(error);
    expect(ErrorEnvelopeSchema.safeParse({ error: { ...error.error, code: 'InvalidBody' } }).success).toBe(
      false,
    );
  });

  it('guards regions and storage codes exactly', () => {
    expect(isRegion('EU')).toBe(true);
    expect(isRegion('eu')).toBe(false);
    expect(isMetaLocalStorage('DE')).toBe(true);
    expect(isMetaLocalStorage('de')).toBe(false);
    expect(toConversationRegion('BR')).toBe('br');
  });
});
