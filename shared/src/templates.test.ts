import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateInputSchema } from './template-schema.js';
import {
  fillTemplateVariables,
  TEMPLATE_LANGUAGES,
  TEMPLATE_LIMITS,
  type TemplateButton,
  type TemplateComponent,
  type TemplateInput,
  validateTemplate,
} from './templates.js';

const body: TemplateComponent = {
  type: 'BODY',
  text: 'Good morning {{1}}, your package has arrived.',
  examples: ['Mr. Smith'],
};

function template(components: TemplateComponent[], patch: Partial<TemplateInput> = {}): TemplateInput {
  return { name: 'order_update', language: 'EN', category: 'UTILITY', details: { components }, ...patch };
}

function withButtons(buttons: TemplateButton[], patch: Partial<TemplateInput> = {}) {
  return template([body, { type: 'BUTTONS', buttons }], patch);
}

/** The codes of the issues found at `path`. */
function codesAt(input: unknown, path: string): string[] {
  return validateTemplate(input)
    .filter((issue) => issue.path === path)
    .map((issue) => issue.code);
}

const full = template([
  { type: 'HEADER', format: 'TEXT', text: 'Save {{1}}% on your next purchase!', examples: ['20'] },
  body,
  { type: 'FOOTER', text: 'Reply STOP to opt out' },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'QUICK_REPLY', text: 'Track your order' },
      { type: 'QUICK_REPLY', text: 'Talk to us' },
      {
        type: 'URL',
        text: 'Open order',
        url: 'https://shop.example.com/o?id={{1}}',
        examples: ['https://shop.example.com/o?id=42'],
      },
      { type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+48 777 777777' },
    ],
  },
]);

describe('validateTemplate: valid templates', () => {
  it('accepts a full utility template and the zod schema agrees', () => {
    expect(validateTemplate(full)).toEqual([]);
    expect(TemplateInputSchema.safeParse(full).success).toBe(true);
  });

  it('accepts every media header with a sample URL', () => {
    for (const format of ['IMAGE', 'VIDEO', 'DOCUMENT'] as const) {
      const input = template([
        { type: 'HEADER', format, examples: [{ url: 'https://cdn.example.com/a.png' }] },
        body,
      ]);
      expect(validateTemplate(input), format).toEqual([]);
    }
  });

  it('accepts an authentication template with one OTP button and no body text', () => {
    const input = template(
      [
        { type: 'BODY', addSecurityRecommendation: true },
        { type: 'FOOTER', codeExpirationMinutes: 10 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otpType: 'COPY_CODE', text: 'Copy code' }] },
      ],
      { category: 'AUTHENTICATION' },
    );
    expect(validateTemplate(input)).toEqual([]);
  });

  it('accepts a draft with no components yet', () => {
    expect(
      validateTemplate({ name: 'draft_one', language: 'PT_BR', category: 'MARKETING', status: 'DRAFT' }),
    ).toEqual([]);
  });

  it("knows exactly the languages of Sinch's create-template enum", () => {
    const spec = readFileSync(
      new URL('../sinch-openapi/provisioning-whatsapp.yaml', import.meta.url),
      'utf8',
    );
    const block = spec.split('\n    WhatsappInputTemplateLanguagesEnum:\n')[1]?.split(/\n {4}\S/)[0] ?? '';
    const codes = Array.from(block.matchAll(/^ {8}- (\S+)$/gm), (match) => match[1]);
    expect(codes).toHaveLength(72);
    expect([...TEMPLATE_LANGUAGES]).toEqual(codes);
  });
});

describe('validateTemplate: name, language, category', () => {
  it.each([
    ['Order', 'pattern'],
    ['order-update', 'pattern'],
    ['_order', 'pattern'],
    ['order_', 'pattern'],
    ['o', 'pattern'],
    ['', 'required'],
    ['a'.repeat(513), 'too_long'],
  ])('flags name %j with %s', (name, code) => {
    expect(codesAt(template([body], { name }), 'name')).toContain(code);
  });

  it('accepts the longest name', () => {
    expect(codesAt(template([body], { name: 'a'.repeat(TEMPLATE_LIMITS.nameMaxLength) }), 'name')).toEqual(
      [],
    );
  });

  it('flags an unknown language or category', () => {
    expect(codesAt({ ...template([body]), language: 'en' }, 'language')).toEqual(['invalid_value']);
    expect(codesAt({ ...template([body]), category: 'PROMO' }, 'category')).toEqual(['invalid_value']);
    expect(codesAt({ name: 'x_y', details: { components: [body] } }, 'language')).toEqual(['required']);
  });
});

describe('validateTemplate: header', () => {
  it('limits the text header to 60 characters and one variable with its example', () => {
    const long = template([{ type: 'HEADER', format: 'TEXT', text: 'x'.repeat(61) }, body]);
    expect(codesAt(long, 'components.HEADER.text')).toEqual(['too_long']);
    const exact = template([{ type: 'HEADER', format: 'TEXT', text: 'x'.repeat(60) }, body]);
    expect(validateTemplate(exact)).toEqual([]);
    const two = template([
      { type: 'HEADER', format: 'TEXT', text: 'Hi {{1}} and {{2}} x', examples: ['a', 'b'] },
      body,
    ]);
    expect(codesAt(two, 'components.HEADER.text')).toContain('too_many_variables');
    const noExample = template([{ type: 'HEADER', format: 'TEXT', text: 'Save {{1}}% now' }, body]);
    expect(codesAt(noExample, 'components.HEADER.examples')).toEqual(['examples_mismatch']);
  });

  it('requires a sample URL for media headers', () => {
    const input = template([{ type: 'HEADER', format: 'IMAGE', examples: [{ url: 'not a url' }] }, body]);
    expect(codesAt(input, 'components.HEADER.examples.0.url')).toEqual(['invalid_url']);
    const missing = {
      ...template([body]),
      details: { components: [{ type: 'HEADER', format: 'VIDEO' }, body] },
    };
    expect(codesAt(missing, 'components.HEADER.examples.0.url')).toEqual(['required']);
  });

  it('rejects LOCATION and unknown header formats', () => {
    const input = {
      ...template([body]),
      details: { components: [{ type: 'HEADER', format: 'LOCATION' }, body] },
    };
    expect(codesAt(input, 'components.HEADER.format')).toEqual(['invalid_value']);
  });
});

describe('validateTemplate: body and footer', () => {
  it('requires a body of at most 1024 characters', () => {
    expect(codesAt(template([]), 'components.BODY')).toEqual(['required']);
    expect(codesAt(template([{ type: 'BODY', text: 'x'.repeat(1025) }]), 'components.BODY.text')).toEqual([
      'too_long',
    ]);
    expect(validateTemplate(template([{ type: 'BODY', text: 'x'.repeat(1024) }]))).toEqual([]);
  });

  it('requires sequential variables with one example each', () => {
    const gap = template([{ type: 'BODY', text: 'Hi {{1}}, see {{3}} today', examples: ['a', 'b'] }]);
    expect(codesAt(gap, 'components.BODY.text')).toEqual(['variables_not_sequential']);
    const missing = template([{ type: 'BODY', text: 'Hi {{1}}, see {{2}} today', examples: ['a'] }]);
    expect(codesAt(missing, 'components.BODY.examples')).toEqual(['examples_mismatch']);
    const blank = template([{ type: 'BODY', text: 'Hi {{1}} today', examples: [' '] }]);
    expect(codesAt(blank, 'components.BODY.examples.0')).toEqual(['required']);
    const repeated = template([{ type: 'BODY', text: 'Hi {{1}}, {{1}} again', examples: ['a'] }]);
    expect(validateTemplate(repeated)).toEqual([]);
  });

  it('rejects a variable at the start or end of the body', () => {
    const start = template([{ type: 'BODY', text: '{{1}} is here', examples: ['Ana'] }]);
    const end = template([{ type: 'BODY', text: 'Hello {{1}}', examples: ['Ana'] }]);
    expect(codesAt(start, 'components.BODY.text')).toEqual(['variable_at_edge']);
    expect(codesAt(end, 'components.BODY.text')).toEqual(['variable_at_edge']);
  });

  it('allows a variable at the end of a text header (the edge rule is for the body)', () => {
    const input = template([
      { type: 'HEADER', format: 'TEXT', text: 'Your order {{1}}', examples: ['42'] },
      body,
    ]);
    expect(validateTemplate(input)).toEqual([]);
  });

  it('bounds the code expiry to 1–90 minutes, for authentication templates only', () => {
    const auth = (minutes: number) =>
      template(
        [
          { type: 'BODY' },
          { type: 'FOOTER', codeExpirationMinutes: minutes },
          { type: 'BUTTONS', buttons: [{ type: 'OTP', otpType: 'COPY_CODE', text: 'Copy code' }] },
        ],
        { category: 'AUTHENTICATION' },
      );
    expect(validateTemplate(auth(90))).toEqual([]);
    expect(codesAt(auth(91), 'components.FOOTER.codeExpirationMinutes')).toEqual(['invalid_value']);
    expect(codesAt(auth(0), 'components.FOOTER.codeExpirationMinutes')).toEqual(['invalid_value']);
    const utility = template([body, { type: 'FOOTER', text: 'Thanks', codeExpirationMinutes: 5 }]);
    expect(codesAt(utility, 'components.FOOTER.codeExpirationMinutes')).toEqual(['not_allowed_for_category']);
  });

  it('limits the footer to 60 characters without variables', () => {
    expect(
      codesAt(template([body, { type: 'FOOTER', text: 'x'.repeat(61) }]), 'components.FOOTER.text'),
    ).toEqual(['too_long']);
    expect(
      codesAt(template([body, { type: 'FOOTER', text: 'Code {{1}}' }]), 'components.FOOTER.text'),
    ).toEqual(['too_many_variables']);
  });

  it('allows one component of each type', () => {
    expect(codesAt(template([body, body]), 'components.BODY')).toEqual(['duplicate']);
  });
});

describe('validateTemplate: buttons', () => {
  it('limits button text to 25 characters and wants unique texts', () => {
    const long = withButtons([{ type: 'QUICK_REPLY', text: 'x'.repeat(26) }]);
    expect(codesAt(long, 'components.BUTTONS.buttons.0.text')).toEqual(['too_long']);
    const same = withButtons([
      { type: 'QUICK_REPLY', text: 'Yes' },
      { type: 'QUICK_REPLY', text: 'yes' },
    ]);
    expect(codesAt(same, 'components.BUTTONS.buttons.1.text')).toEqual(['duplicate']);
  });

  it('caps the number of buttons overall and per type', () => {
    const eleven = withButtons(
      Array.from({ length: 11 }, (_, i) => ({ type: 'QUICK_REPLY', text: `Option ${i}` })),
    );
    expect(codesAt(eleven, 'components.BUTTONS.buttons')).toEqual(['too_many']);
    const urls = withButtons(
      [1, 2, 3].map(
        (i) => ({ type: 'URL', text: `Link ${i}`, url: `https://example.com/${i}` }) as TemplateButton,
      ),
    );
    expect(codesAt(urls, 'components.BUTTONS.buttons')).toEqual(['too_many']);
    const phones = withButtons([
      { type: 'PHONE_NUMBER', text: 'Call A', phoneNumber: '+4877777777' },
      { type: 'PHONE_NUMBER', text: 'Call B', phoneNumber: '+4877777778' },
    ]);
    expect(codesAt(phones, 'components.BUTTONS.buttons')).toEqual(['too_many']);
  });

  it('checks URL buttons: https address, allowed domain, one variable at the end with an example', () => {
    const bad = (url: string, examples?: string[]) =>
      codesAt(
        withButtons([{ type: 'URL', text: 'Open', url, ...(examples ? { examples } : {}) }]),
        'components.BUTTONS.buttons.0.url',
      );
    expect(bad('ftp://example.com')).toEqual(['invalid_url']);
    expect(bad('example.com')).toEqual(['invalid_url']);
    expect(bad('https://wa.me/123')).toEqual(['restricted_domain']);
    expect(bad('https://api.whatsapp.com/send')).toEqual(['restricted_domain']);
    expect(bad('https://www.my-{{1}}.com/x', ['https://www.my-a.com/x'])).toContain('url_variable_position');
    const noExample = withButtons([{ type: 'URL', text: 'Open', url: 'https://example.com/?q={{1}}' }]);
    expect(codesAt(noExample, 'components.BUTTONS.buttons.0.examples')).toEqual(['examples_mismatch']);
  });

  it('checks phone numbers and copy-code examples', () => {
    const phone = withButtons([{ type: 'PHONE_NUMBER', text: 'Call', phoneNumber: 'call me' }]);
    expect(codesAt(phone, 'components.BUTTONS.buttons.0.phoneNumber')).toEqual(['invalid_phone']);
    const code = withButtons([{ type: 'COPY_CODE', examples: ['x'.repeat(21)] }], { category: 'MARKETING' });
    expect(codesAt(code, 'components.BUTTONS.buttons.0.examples.0')).toEqual(['too_long']);
  });

  it('keeps quick replies grouped', () => {
    const mixed = withButtons([
      { type: 'QUICK_REPLY', text: 'A' },
      { type: 'URL', text: 'Site', url: 'https://example.com' },
      { type: 'QUICK_REPLY', text: 'B' },
    ]);
    expect(codesAt(mixed, 'components.BUTTONS.buttons')).toEqual(['buttons_not_grouped']);
  });

  it('reserves OTP buttons for authentication, and headers are not allowed there', () => {
    const otp = withButtons([{ type: 'OTP', otpType: 'COPY_CODE', text: 'Copy' }]);
    expect(codesAt(otp, 'components.BUTTONS.buttons.0.type')).toEqual(['not_allowed_for_category']);
    const auth = template(
      [
        { type: 'HEADER', format: 'TEXT', text: 'Code' },
        { type: 'BODY' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Ok' }] },
      ],
      { category: 'AUTHENTICATION' },
    );
    expect(codesAt(auth, 'components.HEADER')).toEqual(['not_allowed_for_category']);
    expect(codesAt(auth, 'components.BUTTONS.buttons.0.type')).toEqual(['not_allowed_for_category']);
  });
});

describe('TemplateInputSchema (relay side)', () => {
  it('rejects unknown keys and malformed shapes that the rules alone would not see', () => {
    expect(TemplateInputSchema.safeParse({ ...full, extra: 1 }).success).toBe(false);
    const unknownButtonKey = withButtons([
      { type: 'QUICK_REPLY', text: 'A', payload: 'x' } as TemplateButton,
    ]);
    expect(TemplateInputSchema.safeParse(unknownButtonKey).success).toBe(false);
    expect(TemplateInputSchema.safeParse({ ...full, wabaId: 'abc' }).success).toBe(false);
    expect(TemplateInputSchema.safeParse({ ...full, wabaId: '102290129340398' }).success).toBe(true);
  });

  it('reports rule violations with the field path', () => {
    const result = TemplateInputSchema.safeParse(template([{ type: 'BODY', text: 'x'.repeat(1025) }]));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain('components.BODY.text');
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        expect(Array.isArray(validateTemplate(raw))).toBe(true);
        TemplateInputSchema.safeParse(raw);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fillTemplateVariables', () => {
  it('substitutes examples and leaves missing ones visible', () => {
    expect(fillTemplateVariables('Hi {{1}}, order {{2}} is {{3}}.', ['Ana', '42'])).toBe(
      'Hi Ana, order 42 is {{3}}.',
    );
  });
});
