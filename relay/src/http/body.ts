/**
 * Reading JSON request bodies strictly: JSON content type only (415), valid
 * JSON (400), no prototype-pollution keys (400), then the zod schema (400 with
 * one detail per problem). The size limit (413) is enforced before this by the
 * body-limit middleware.
 * @module
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, zodDetails } from './errors.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** True when `c`'s content type is JSON (`application/json`, `application/*+json`, any parameters). */
export function isJsonContentType(c: Context): boolean {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/** Parses `text` as JSON, refusing keys that could reach an object's prototype. */
export function parseJsonStrict(text: string): unknown {
  let forbidden: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, item: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) forbidden = key;
      return item;
    });
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
  }
  if (forbidden !== undefined) {
    throw new ApiError(400, 'invalid_body', `The key "${forbidden}" is not allowed.`, [
      { path: forbidden, message: 'forbidden key' },
    ]);
  }
  return value;
}

/** Reads `c`'s body and validates it with `schema`. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  if (!isJsonContentType(c)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const value = parseJsonStrict(await c.req.text());
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(400, 'invalid_body', 'The body does not match the schema.', zodDetails(parsed.error));
  }
  return parsed.data;
}
