/**
 * The one error type routes throw, rendered by the app's single `onError` as
 * the CONTRACT envelope `{ error: { code, message, requestId, details? } }`.
 * @module
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** One problem with a request field. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** An answer other than success, with its status, a snake_case code and a human message. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The `details` of a failed zod parse, one entry per issue (at most 20). */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

/** 401 with the standard `WWW-Authenticate` challenge. */
export function unauthorized(message = 'A valid bearer token is required.'): ApiError {
  return new ApiError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer' });
}

/** 404 for anything the caller may not see (another customer's onboarding looks like no onboarding). */
export function notFound(what = 'onboarding'): ApiError {
  return new ApiError(404, 'not_found', `No such ${what}.`);
}
