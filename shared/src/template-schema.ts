/**
 * The zod schema of `POST /v1/templates`, for the relay and `/openapi.json`.
 *
 * Strict shapes for each component the composer offers (unknown keys are
 * rejected, so the relay forwards only what Sinch documents), then every rule of
 * {@link validateTemplate} as refinements: the composer and the relay enforce the
 * very same rules.
 * @module
 */
import { z } from 'zod';
import { MetaIdSchema } from './api.js';
import {
  TEMPLATE_CATEGORIES,
  TEMPLATE_LANGUAGES,
  type TemplateInput,
  validateTemplate,
} from './templates.js';

const text = z.string();
const examples = z.array(z.string());

const HeaderSchema = z.discriminatedUnion('format', [
  z.strictObject({
    type: z.literal('HEADER'),
    format: z.literal('TEXT'),
    text,
    examples: examples.optional(),
  }),
  z.strictObject({
    type: z.literal('HEADER'),
    format: z.enum(['IMAGE', 'VIDEO', 'DOCUMENT']),
    examples: z
      .array(z.strictObject({ url: z.string() }))
      .min(1)
      .max(1),
  }),
]);

const ButtonSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('QUICK_REPLY'), text }),
  z.strictObject({ type: z.literal('URL'), text, url: z.string(), examples: examples.optional() }),
  z.strictObject({ type: z.literal('PHONE_NUMBER'), text, phoneNumber: z.string() }),
  z.strictObject({ type: z.literal('COPY_CODE'), examples: examples.min(1).max(1) }),
  z.strictObject({ type: z.literal('OTP'), otpType: z.literal('COPY_CODE'), text }),
]);

const ComponentSchema = z.union([
  HeaderSchema,
  z.strictObject({
    type: z.literal('BODY'),
    text: text.optional(),
    examples: examples.optional(),
    addSecurityRecommendation: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('FOOTER'),
    text: text.optional(),
    codeExpirationMinutes: z.int().min(1).max(90).optional(),
  }),
  z.strictObject({ type: z.literal('BUTTONS'), buttons: z.array(ButtonSchema) }),
]);

/** Body of `POST /v1/templates`: Sinch's template input (camelCase) plus the relay's optional `wabaId`. */
export const TemplateInputSchema = z
  .strictObject({
    name: z.string(),
    language: z.enum(TEMPLATE_LANGUAGES),
    category: z.enum(TEMPLATE_CATEGORIES),
    status: z.enum(['DRAFT', 'SUBMIT']).optional(),
    allowCategoryChange: z.boolean().optional(),
    details: z.strictObject({ components: z.array(ComponentSchema).max(4) }).optional(),
    wabaId: MetaIdSchema.optional().meta({
      description: 'Which WABA (subproject) to use when the customer has onboarded more than one.',
    }),
  })
  .superRefine((value, ctx) => {
    for (const issue of validateTemplate(value)) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.split('.').filter(Boolean) });
    }
  })
  .meta({ id: 'TemplateInput' }) satisfies z.ZodType<TemplateInput>;

/** A WhatsApp template as Sinch returns it (`WhatsappTemplateDto`); other Sinch fields pass through. */
export const SinchTemplateSchema = z.looseObject({
  name: z.string(),
  language: z.string(),
  category: z.string(),
  state: z.string().optional(),
  changes: z.looseObject({ status: z.string() }).optional(),
  rejectionCode: z.string().optional(),
});

/** A template as the relay lists it: Sinch's template plus the WABA it belongs to. */
export const TemplateSchema = SinchTemplateSchema.extend({ wabaId: z.string() }).meta({ id: 'Template' });
export type Template = z.infer<typeof TemplateSchema>;

/** Answer of `GET /v1/templates`. */
export const TemplateListSchema = z
  .object({ templates: z.array(TemplateSchema) })
  .meta({ id: 'TemplateList' });
