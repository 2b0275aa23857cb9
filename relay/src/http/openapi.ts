/**
 * `/openapi.json`: an OpenAPI 3.1 document whose schemas are generated from the
 * zod schemas in `@whatsapp-signup/shared` that also validate the requests
 * (zod 4's `z.toJSONSchema`), so the document cannot drift from the code.
 * @module
 */
import {
  CreateOnboardingBodySchema,
  CreateSessionBodySchema,
  ErrorEnvelopeSchema,
  OnboardingErrorSchema,
  OnboardingListSchema,
  OnboardingSchema,
  SessionTokenSchema,
  TemplateInputSchema,
  TemplateListSchema,
  TemplateSchema,
} from '@whatsapp-signup/shared';
import { z } from 'zod';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (details list each problem).',
  401: 'Missing or invalid credentials or signature.',
  403: 'Valid credentials of the wrong kind.',
  404: 'Not found (or another customer’s).',
  409: 'Conflict.',
  413: 'Body too large.',
  415: 'Body is not application/json.',
  429: 'Rate limited; see Retry-After.',
  502: 'Sinch refused or failed the call (the message says why).',
  503: 'Not ready.',
};

/** Builds the document (once; it only depends on the schemas and the server URL). */
export function buildOpenApiDocument(serverUrl?: string): Record<string, unknown> {
  // Request bodies are described as zod parses them (`input`), answers as the relay writes them (`output`).
  const inputs = z.registry<{ id: string }>();
  inputs.add(CreateOnboardingBodySchema, { id: 'CreateOnboardingBody' });
  inputs.add(CreateSessionBodySchema, { id: 'CreateSessionBody' });
  inputs.add(TemplateInputSchema, { id: 'TemplateInput' });
  const outputs = z.registry<{ id: string }>();
  outputs.add(OnboardingSchema, { id: 'Onboarding' });
  outputs.add(OnboardingErrorSchema, { id: 'OnboardingError' });
  outputs.add(OnboardingListSchema, { id: 'OnboardingList' });
  outputs.add(SessionTokenSchema, { id: 'SessionToken' });
  outputs.add(ErrorEnvelopeSchema, { id: 'Error' });
  outputs.add(TemplateSchema, { id: 'Template' });
  outputs.add(TemplateListSchema, { id: 'TemplateList' });
  const schemas: Record<string, unknown> = {};
  for (const [registry, io] of [
    [inputs, 'input'],
    [outputs, 'output'],
  ] as const) {
    const generated = z.toJSONSchema(registry, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      uri: (id) => `#/components/schemas/${id}`,
    });
    for (const [id, schema] of Object.entries(generated.schemas)) {
      const { $id: _id, $schema: _schema, ...rest } = schema as Record<string, unknown>;
      schemas[id] = rest;
    }
  }
  const bearer = [{ bearerAuth: [] }];
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'whatsapp-signup relay',
      version: '0.1.0',
      description:
        'Creates a Sinch subproject, WhatsApp sender and Conversation API app for each WhatsApp Embedded Signup, durably. Every error answer is the Error envelope.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A session token (HS256 JWT) for customer endpoints, or the admin token for admin endpoints.',
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
          `Error${status}`,
          { description, content: json(ref('Error')) },
        ]),
      ),
    },
    paths: {
      '/v1/onboardings': {
        post: {
          operationId: 'createOnboarding',
          summary: 'Start an onboarding (or get the one this request duplicates).',
          security: bearer,
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: json(ref('CreateOnboardingBody')) },
          responses: {
            '202': { description: 'Started.', content: json(ref('Onboarding')) },
            '200': { description: 'The existing onboarding.', content: json(ref('Onboarding')) },
            ...errors(400, 401, 403, 409, 413, 415, 429),
          },
        },
        get: {
          operationId: 'listOnboardings',
          summary: 'List onboardings, newest first (admin).',
          security: bearer,
          parameters: [
            { name: 'customerId', in: 'query', schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { enum: ['in_progress', 'completed', 'failed'] } },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'A page.', content: json(ref('OnboardingList')) },
            ...errors(400, 401, 403, 429),
          },
        },
      },
      '/v1/onboardings/{id}': {
        get: {
          operationId: 'getOnboarding',
          security: bearer,
          parameters: [idParam],
          responses: {
            '200': { description: 'The onboarding.', content: json(ref('Onboarding')) },
            ...errors(401, 404, 429),
          },
        },
      },
      '/v1/onboardings/{id}/events': {
        get: {
          operationId: 'followOnboarding',
          summary:
            'Server-Sent Events: `event: onboarding` with the resource on every change; ends after completed or failed.',
          security: bearer,
          parameters: [idParam, { name: 'token', in: 'query', required: false, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'An event stream.',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errors(401, 404, 429),
          },
        },
      },
      '/v1/onboardings/{id}/retry': {
        post: {
          operationId: 'retryOnboarding',
          security: bearer,
          parameters: [idParam],
          responses: {
            '202': { description: 'Resumed.', content: json(ref('Onboarding')) },
            ...errors(401, 404, 409, 429),
          },
        },
      },
      '/v1/sessions': {
        post: {
          operationId: 'createSession',
          summary: 'Mint a session token (admin).',
          security: bearer,
          requestBody: { required: true, content: json(ref('CreateSessionBody')) },
          responses: {
            '201': { description: 'Minted.', content: json(ref('SessionToken')) },
            ...errors(400, 401, 403, 413, 415, 429),
          },
        },
      },
      '/v1/templates': {
        post: {
          operationId: 'createTemplate',
          summary: "Create a WhatsApp template in the session customer's subproject (Sinch Provisioning).",
          security: bearer,
          requestBody: { required: true, content: json(ref('TemplateInput')) },
          responses: {
            '201': { description: "Sinch's template, with its wabaId.", content: json(ref('Template')) },
            ...errors(400, 401, 403, 404, 409, 413, 415, 429, 502, 503),
          },
        },
        get: {
          operationId: 'listTemplates',
          summary: "List the session customer's templates (empty before any onboarding).",
          security: bearer,
          parameters: [{ name: 'wabaId', in: 'query', required: false, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The templates, each with its wabaId.',
              content: json(ref('TemplateList')),
            },
            ...errors(400, 401, 403, 429, 502, 503),
          },
        },
      },
      '/v1/callbacks/sinch/provisioning': {
        post: {
          operationId: 'sinchProvisioningCallback',
          summary: 'Sinch Provisioning callbacks, verified by the x-sinch-webhook-signature headers.',
          requestBody: { required: true, content: json({ type: 'object' }) },
          responses: { '200': { description: 'Accepted.' }, ...errors(400, 401, 404, 413, 415) },
        },
      },
      '/healthz': { get: { operationId: 'health', responses: { '200': { description: 'Alive.' } } } },
      '/readyz': {
        get: { operationId: 'ready', responses: { '200': { description: 'Ready.' }, ...errors(503) } },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          responses: {
            '200': {
              description: 'Prometheus text format.',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
}
