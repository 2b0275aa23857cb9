/**
 * How a failed Sinch template call becomes a relay answer: a status from the CONTRACT's list, a stable
 * snake_case code, and a message a customer can act on. Sinch's own code is kept where it is meaningful to
 * the caller (`template_exists`, …); Meta's rejection text is passed through for `template_submit_error`.
 * The table is documented in `docs/templates.md`.
 * @module
 */
import { SinchError } from '../sinch/errors.js';

/** A relay error answer, before the envelope and request ID are added. */
export interface TemplateErrorAnswer {
  status: 400 | 404 | 409 | 429 | 502 | 503;
  code: string;
  message: string;
  /** Seconds, for the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Field-level messages (`error.details`). */
  details?: { path: string; message: string }[];
  /** Meta's error as Sinch relayed it (`template_submit_error`). */
  metaError?: MetaTemplateError;
}

/** Meta's error inside Sinch's `additionalInformation.metaError`. */
export interface MetaTemplateError {
  code?: number | string;
  subcode?: number | string;
  message?: string;
  description?: string;
  reason?: string;
}

/** Sinch codes with a fixed status and message of our own. */
const KNOWN: Record<string, Omit<TemplateErrorAnswer, 'code'>> = {
  template_exists: {
    status: 409,
    message: 'A template with this name and language already exists. Choose another name or language.',
  },
  template_name_recently_used: {
    status: 409,
    message: 'This name belonged to a template deleted less than 30 days ago. Choose another name.',
  },
  template_language_recently_deleted: {
    status: 409,
    message: 'This language of the template was deleted less than 4 weeks ago. Try again later.',
  },
  template_limit_reached: {
    status: 409,
    message: 'The WhatsApp Business Account has reached its template limit. Delete unused templates first.',
  },
  template_content_already_exists: {
    status: 409,
    message: 'A template with the same content already exists in this language.',
  },
  template_restricted_domain_for_button_url: {
    status: 400,
    message: 'A button links to a domain WhatsApp does not allow (wa.me, whatsapp.com).',
  },
};

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** The lines of `additionalInformation.validationErrors` (Sinch sends a list, sometimes one string). */
function validationErrors(info: unknown): string[] {
  const list = asRecord(info)?.validationErrors;
  if (Array.isArray(list)) return list.filter((item): item is string => typeof item === 'string');
  const single = text(list);
  return single ? [single] : [];
}

/** Meta's error from `additionalInformation.metaError`, keeping only the documented fields. */
export function metaErrorOf(info: unknown): MetaTemplateError | undefined {
  const meta = asRecord(asRecord(info)?.metaError);
  if (!meta) return undefined;
  const picked: MetaTemplateError = {};
  for (const key of ['code', 'subcode'] as const) {
    const value = meta[key];
    if (typeof value === 'number' || typeof value === 'string') picked[key] = value;
  }
  for (const key of ['message', 'description', 'reason'] as const) {
    const value = text(meta[key]);
    if (value) picked[key] = value;
  }
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** Sinch's message without the client's `Sinch <operation> failed: ` prefix. */
function sinchMessage(error: SinchError): string {
  return error.message.replace(/^Sinch \S+ failed: /, '');
}

/**
 * Maps any error of a template call. Non-Sinch errors become a generic 503 whose message reveals nothing
 * internal; the caller logs the original.
 */
export function templateErrorAnswer(error: unknown): TemplateErrorAnswer {
  if (!(error instanceof SinchError)) {
    // Not Sinch: the relay's own database or a bug. Reveal nothing; the caller logs the original.
    return {
      status: 503,
      code: 'service_unavailable',
      message: 'The template service is temporarily unavailable. Try again later.',
      retryAfterSeconds: 10,
    };
  }
  const code = error.code.toLowerCase();
  const known = KNOWN[code];
  if (known) return { code, ...known };

  if (code === 'template_submit_error') {
    const metaError = metaErrorOf(error.additionalInformation);
    const metaText = [metaError?.message, metaError?.description].filter(Boolean).join(' — ');
    return {
      status: 502,
      code,
      message: metaText
        ? `WhatsApp (Meta) rejected the template: ${metaText}`
        : 'WhatsApp (Meta) rejected the template submission.',
      ...(metaError ? { metaError } : {}),
    };
  }
  if (code === 'project_not_initialized') {
    return {
      status: 503,
      code,
      message: 'The WhatsApp account is still being set up at Sinch. Try again in a minute.',
      retryAfterSeconds: 30,
    };
  }

  const status = error.status;
  if (status === 429) {
    return {
      status: 429,
      code: 'rate_limited',
      message: 'Too many template requests to WhatsApp. Wait a moment and try again.',
      retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 30_000) / 1000)),
    };
  }
  if (status === 400) {
    // Sinch's own validation (policies, media, button examples): its message is the useful part.
    const lines = validationErrors(error.additionalInformation);
    return {
      status: 400,
      code,
      message: sinchMessage(error) || 'Sinch rejected the template.',
      ...(lines.length > 0 ? { details: lines.map((line) => ({ path: '', message: line })) } : {}),
    };
  }
  if (status === 409) {
    return {
      status: 409,
      code,
      message: sinchMessage(error) || 'The template conflicts with an existing one.',
    };
  }
  if (status === 401 || status === 403) {
    // The relay's own Sinch credentials were refused: nothing the customer can fix, nothing to reveal.
    return {
      status: 502,
      code: 'sinch_auth_failed',
      message: 'The relay could not authenticate with Sinch.',
    };
  }
  if (status === undefined) {
    return {
      status: 503,
      code: 'sinch_unreachable',
      message: 'Sinch could not be reached. Try again later.',
      retryAfterSeconds: 10,
    };
  }
  if (status === 503) {
    return {
      status: 503,
      code: 'sinch_unavailable',
      message: 'Sinch is temporarily unavailable. Try again later.',
      retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 10_000) / 1000)),
    };
  }
  return {
    status: 502,
    code: 'sinch_error',
    message: 'Sinch failed to handle the template request. Try again later.',
  };
}
