import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINISH_EVENTS, isFinishEvent, parseEmbeddedSignupMessage } from './meta.js';

const finishData = {
  phone_number_id: '106540352242922',
  waba_id: '102290129340398',
  business_id: '2729063490586005',
};

function envelope(event: string, data?: unknown, extra: Record<string, unknown> = {}) {
  return { type: 'WA_EMBEDDED_SIGNUP', event, ...(data === undefined ? {} : { data }), ...extra };
}

describe('parseEmbeddedSignupMessage: finishes', () => {
  it.each(FINISH_EVENTS)('parses %s with both IDs', (event) => {
    expect(parseEmbeddedSignupMessage(envelope(event, finishData))).toEqual({
      type: 'message',
      message: {
        kind: 'finish',
        event,
        wabaId: '102290129340398',
        phoneNumberId: '106540352242922',
        businessId: '2729063490586005',
      },
    });
  });

  it('parses FINISH_ONLY_WABA with an empty phone_number_id as a finish without phone', () => {
    const result = parseEmbeddedSignupMessage(
      envelope('FINISH_ONLY_WABA', { phone_number_id: '', waba_id: '102290129340398' }, { version: 3 }),
    );
    expect(result).toEqual({
      type: 'message',
      message: { kind: 'finish', event: 'FINISH_ONLY_WABA', wabaId: '102290129340398', version: '3' },
    });
  });

  it('parses a coexistence finish that carries only waba_id', () => {
    const result = parseEmbeddedSignupMessage(
      envelope('FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING', { waba_id: '102290129340398' }),
    );
    expect(result.type === 'message' && result.message).toEqual({
      kind: 'finish',
      event: 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING',
      wabaId: '102290129340398',
    });
  });

  it('accepts an undocumented FINISH_* event as a finish, keeping its name', () => {
    const result = parseEmbeddedSignupMessage(envelope('FINISH_SOMETHING_NEW', finishData));
    expect(result.type === 'message' && result.message.kind === 'finish' && result.message.event).toBe(
      'FINISH_SOMETHING_NEW',
    );
    expect(isFinishEvent('FINISH_SOMETHING_NEW')).toBe(false);
    expect(isFinishEvent('FINISH')).toBe(true);
  });

  it('accepts the message as a JSON string, as Meta posts it', () => {
    const result = parseEmbeddedSignupMessage(
      JSON.stringify(envelope('FINISH', finishData, { version: '3' })),
    );
    expect(result).toMatchObject({ type: 'message', message: { kind: 'finish', version: '3' } });
  });

  it('accepts data that is itself a JSON string', () => {
    const result = parseEmbeddedSignupMessage(envelope('FINISH', JSON.stringify(finishData)));
    expect(result).toMatchObject({ type: 'message', message: { kind: 'finish', wabaId: '102290129340398' } });
  });

  it('accepts numeric IDs and keeps multi-WABA ids', () => {
    const result = parseEmbeddedSignupMessage(
      envelope('FINISH', {
        waba_id: 102290129340398,
        phone_number_id: 106540352242922,
        waba_ids: ['1', 2, null],
      }),
    );
    expect(result).toMatchObject({
      type: 'message',
      message: { wabaId: '102290129340398', phoneNumberId: '106540352242922', wabaIds: ['1', '2'] },
    });
  });

  it('treats version as a number, a string or absent', () => {
    for (const [version, expected] of [
      [3, '3'],
      ['3', '3'],
      [undefined, undefined],
      [{ weird: true }, undefined],
    ] as const) {
      const extra = version === undefined ? {} : { version };
      const result = parseEmbeddedSignupMessage(envelope('CANCEL', { current_step: 'PERMISSIONS' }, extra));
      expect(result.type === 'message' && result.message.version).toBe(expected ?? undefined);
    }
  });

  it('flags a finish without waba_id or without data as invalid, keeping the event', () => {
    expect(parseEmbeddedSignupMessage(envelope('FINISH', { phone_number_id: '1' }))).toEqual({
      type: 'invalid',
      reason: 'finish without waba_id',
      event: 'FINISH',
    });
    expect(parseEmbeddedSignupMessage(envelope('FINISH'))).toEqual({
      type: 'invalid',
      reason: 'finish without data',
      event: 'FINISH',
    });
    expect(parseEmbeddedSignupMessage(envelope('FINISH', ['waba_id']))).toMatchObject({ type: 'invalid' });
  });
});

describe('parseEmbeddedSignupMessage: cancels and errors', () => {
  it('parses an abandoned flow with current_step', () => {
    expect(parseEmbeddedSignupMessage(envelope('CANCEL', { current_step: 'PHONE_NUMBER_SETUP' }))).toEqual({
      type: 'message',
      message: { kind: 'cancel', currentStep: 'PHONE_NUMBER_SETUP' },
    });
  });

  it('parses a CANCEL without data as a cancel without step', () => {
    expect(parseEmbeddedSignupMessage(envelope('CANCEL'))).toEqual({
      type: 'message',
      message: { kind: 'cancel' },
    });
  });

  it('parses a user-reported error with error_message and error_code (2026 docs)', () => {
    const data = {
      error_message:
        'Your verified name violates WhatsApp guidelines. Please edit your verified name and try again.',
      error_code: 524126,
      session_id: 'f34b51dab5e0498',
      timestamp: 1689185282,
    };
    expect(parseEmbeddedSignupMessage(envelope('CANCEL', data, { version: 3 }))).toEqual({
      type: 'message',
      message: {
        kind: 'error',
        message: data.error_message,
        code: '524126',
        sessionId: 'f34b51dab5e0498',
        timestamp: 1689185282,
        version: '3',
      },
    });
  });

  it('parses a user-reported error with error_id (earlier docs)', () => {
    const result = parseEmbeddedSignupMessage(
      envelope('CANCEL', { error_message: 'Something went wrong', error_id: '524126', session_id: 'abc' }),
    );
    expect(result).toEqual({
      type: 'message',
      message: { kind: 'error', message: 'Something went wrong', code: '524126', sessionId: 'abc' },
    });
  });

  it('parses an error that has a code but no message', () => {
    const result = parseEmbeddedSignupMessage(
      envelope('CANCEL', { error_code: '100', current_step: 'PERMISSIONS' }),
    );
    expect(result).toEqual({
      type: 'message',
      message: { kind: 'error', message: '', code: '100', currentStep: 'PERMISSIONS' },
    });
  });

  it('parses the ERROR event (listed among finish types in 2026) as an error', () => {
    const result = parseEmbeddedSignupMessage(envelope('ERROR', { error_message: 'Boom' }));
    expect(result).toEqual({ type: 'message', message: { kind: 'error', message: 'Boom' } });
  });

  it('normalises the event case', () => {
    expect(parseEmbeddedSignupMessage(envelope('cancel', { current_step: 'PERMISSIONS' }))).toMatchObject({
      type: 'message',
      message: { kind: 'cancel' },
    });
  });
});

describe('parseEmbeddedSignupMessage: malformed and foreign input', () => {
  const ignored: [string, unknown][] = [
    ['a non-JSON string', 'hello from an iframe'],
    ['a truncated JSON string', '{"type":"WA_EMBEDDED_SIGNUP"'],
    ['a JSON string of an array', '[1,2,3]'],
    ['a JSON string of a number', '42'],
    ['JSON null', 'null'],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [envelope('FINISH', finishData)]],
    ['an object of another type', { type: 'OTHER', event: 'FINISH', data: finishData }],
    ['an object without type', { event: 'FINISH', data: finishData }],
    ['a type in the wrong case', { type: 'wa_embedded_signup', event: 'FINISH', data: finishData }],
    ['a function', () => 1],
  ];
  it.each(ignored)('ignores %s', (_name, raw) => {
    expect(parseEmbeddedSignupMessage(raw).type).toBe('ignored');
  });

  it('flags a WA_EMBEDDED_SIGNUP message without event, or with an unknown event, as invalid', () => {
    expect(parseEmbeddedSignupMessage({ type: 'WA_EMBEDDED_SIGNUP', data: finishData })).toEqual({
      type: 'invalid',
      reason: 'event is missing',
    });
    expect(parseEmbeddedSignupMessage({ type: 'WA_EMBEDDED_SIGNUP', event: 42 })).toMatchObject({
      type: 'invalid',
    });
    expect(parseEmbeddedSignupMessage(envelope('SOMETHING'))).toMatchObject({
      type: 'invalid',
      event: 'SOMETHING',
    });
  });

  it('does not let prototype keys leak into the result', () => {
    const raw =
      '{"type":"WA_EMBEDDED_SIGNUP","event":"FINISH","data":{"waba_id":"1","__proto__":{"polluted":true}}}';
    const result = parseEmbeddedSignupMessage(raw);
    expect(result).toEqual({ type: 'message', message: { kind: 'finish', event: 'FINISH', wabaId: '1' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.json(),
          fc.record({
            type: fc.constantFrom('WA_EMBEDDED_SIGNUP', 'OTHER'),
            event: fc.oneof(fc.constantFrom('FINISH', 'CANCEL', 'ERROR', 'FINISH_ONLY_WABA'), fc.anything()),
            data: fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.anything())),
            version: fc.anything(),
          }),
        ),
        (raw) => {
          const result = parseEmbeddedSignupMessage(raw);
          expect(['message', 'ignored', 'invalid']).toContain(result.type);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
