/**
 * The composer's calls to the relay: `GET /v1/templates` and `POST /v1/templates` (CONTRACT §5, §6).
 * As in `<whatsapp-signup>`, the session token travels only in the `Authorization` header and requests
 * carry no cookies.
 * @module
 */
import type { TemplateInput } from '@whatsapp-signup/shared/templates';

/** How long a relay call may take before it counts as unreachable. */
const REQUEST_TIMEOUT_MS = 20_000;

/** A template as the relay answers it: Sinch's template plus its `wabaId` (other fields pass through). */
export interface ListedTemplate {
  name: string;
  language: string;
  category: string;
  wabaId: string;
  state?: string;
  changes?: { status: string };
  rejectionCode?: string;
  lastEvent?: { type: string; at: string; comment?: string };
  [field: string]: unknown;
}

/** A field-level message from the relay (`error.details`). */
export interface RelayIssue {
  path: string;
  message: string;
}

/** A failed relay call. */
export class TemplateRelayError extends Error {
  override name = 'TemplateRelayError';
  constructor(
    readonly kind: 'relay-unreachable' | 'relay-rejected',
    message: string,
    /** The relay's `error.code`, else the HTTP status. */
    readonly code?: string,
    /** Field-level messages, e.g. for `invalid_template`. */
    readonly details: RelayIssue[] = [],
  ) {
    super(message);
  }
}

/** Where and as whom to call the relay. */
export interface TemplateRelay {
  baseUrl: string;
  getToken: () => Promise<string>;
  signal: AbortSignal;
}

async function rejected(response: Response): Promise<TemplateRelayError> {
  let code = String(response.status);
  let message = `The relay answered HTTP ${response.status}.`;
  let details: RelayIssue[] = [];
  try {
    const envelope = (await response.json()) as {
      error?: { code?: unknown; message?: unknown; details?: unknown };
    };
    if (typeof envelope.error?.code === 'string') code = envelope.error.code;
    if (typeof envelope.error?.message === 'string') message = envelope.error.message;
    if (Array.isArray(envelope.error?.details)) {
      details = envelope.error.details.filter(
        (item): item is RelayIssue =>
          typeof item?.path === 'string' && typeof (item as RelayIssue).message === 'string',
      );
    }
  } catch {
    // Not the relay's JSON envelope (a proxy page): keep the status.
  }
  return new TemplateRelayError('relay-rejected', message, code, details);
}

async function call<T>(relay: TemplateRelay, path: string, init: { method: 'GET' | 'POST'; body?: unknown }) {
  let token: string;
  try {
    token = await relay.getToken();
  } catch {
    throw new TemplateRelayError('relay-unreachable', 'No session token: getSessionToken failed.');
  }
  const signal = AbortSignal.any([relay.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
  let response: Response;
  try {
    response = await fetch(`${relay.baseUrl.replace(/\/+$/, '')}${path}`, {
      method: init.method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (relay.signal.aborted) throw error;
    throw new TemplateRelayError('relay-unreachable', 'The relay could not be reached.');
  }
  if (!response.ok) throw await rejected(response);
  try {
    return (await response.json()) as T;
  } catch {
    throw new TemplateRelayError(
      'relay-rejected',
      'The relay sent an answer the composer does not understand.',
    );
  }
}

/** `GET /v1/templates[?wabaId=]`. */
export async function listTemplates(relay: TemplateRelay, wabaId?: string): Promise<ListedTemplate[]> {
  const query = wabaId ? `?wabaId=${encodeURIComponent(wabaId)}` : '';
  const answer = await call<{ templates?: unknown }>(relay, `/v1/templates${query}`, { method: 'GET' });
  if (!Array.isArray(answer.templates)) {
    throw new TemplateRelayError(
      'relay-rejected',
      'The relay sent an answer the composer does not understand.',
    );
  }
  return answer.templates as ListedTemplate[];
}

/** `POST /v1/templates`; resolves with the created template. */
export function createTemplate(relay: TemplateRelay, input: TemplateInput): Promise<ListedTemplate> {
  return call<ListedTemplate>(relay, '/v1/templates', { method: 'POST', body: input });
}
