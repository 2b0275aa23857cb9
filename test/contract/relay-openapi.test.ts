import SwaggerParser from '@apidevtools/swagger-parser';
import { buildOpenApiDocument } from '@whatsapp-signup/relay';
import { describe, expect, it } from 'vitest';

describe("the relay's /openapi.json", () => {
  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const document = buildOpenApiDocument('http://127.0.0.1:8787');
    // swagger-parser validates against the OpenAPI 3.1 meta-schema and dereferences every $ref.
    const api = (await SwaggerParser.validate(structuredClone(document) as never)) as unknown as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(api.paths)).toEqual(
      expect.arrayContaining([
        '/v1/onboardings',
        '/v1/onboardings/{id}',
        '/v1/onboardings/{id}/events',
        '/v1/onboardings/{id}/retry',
        '/v1/sessions',
        '/v1/templates',
        '/v1/callbacks/sinch/provisioning',
        '/healthz',
        '/readyz',
        '/metrics',
      ]),
    );
  });
});
