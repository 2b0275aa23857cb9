/**
 * `POST /v1/templates` and `GET /v1/templates[?wabaId=]` (CONTRACT §5, §6 "Templates"): create and list
 * WhatsApp templates in the session customer's subprojects through Sinch's Provisioning API.
 * @module
 */
import { TemplateInputSchema } from '@whatsapp-signup/shared';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { SinchClient } from '../sinch/client.js';
import type { SinchLogger } from '../sinch/logger.js';
import type { Template } from '../sinch/schemas.js';
import type { CustomerSubprojectRow } from '../store/schema.js';
import { type TemplateErrorAnswer, templateErrorAnswer } from './errors.js';
import type { TemplateStatusStore } from './status-store.js';

/** What the template routes need from the relay. */
export interface TemplatesRoutesDeps {
  /** The customer's subprojects (one per WABA), from the relay store. */
  store: { listSubprojects(customerId: string): Promise<CustomerSubprojectRow[]> };
  sinch: Pick<SinchClient, 'createTemplate' | 'listTemplates'>;
  statuses: TemplateStatusStore;
  /**
   * The customer ID (`sub`) of the request's valid session token, or `undefined` when the token is missing,
   * invalid or not a session token (the answer is then 401).
   */
  authenticate: (c: Context) => Promise<string | undefined> | string | undefined;
  logger?: Pick<SinchLogger, 'warn' | 'error'>;
  now?: () => number;
  /** Largest accepted body in bytes (default 64 KiB). */
  maxBodyBytes?: number;
}

/** Sinch page size for the template list. */
const PAGE_SIZE = 100;

type RelayEnv = { Variables: { requestId?: string } };

function requestIdOf(c: Context<RelayEnv>): string {
  return c.get('requestId') ?? c.req.header('x-request-id') ?? crypto.randomUUID();
}

/** Answers `{ error: { code, message, requestId, … } }` (CONTRACT §5). */
function errorAnswer(c: Context<RelayEnv>, answer: Omit<TemplateErrorAnswer, 'status'> & { status: number }) {
  if (answer.retryAfterSeconds !== undefined) c.header('Retry-After', String(answer.retryAfterSeconds));
  return c.json(
    {
      error: {
        code: answer.code,
        message: answer.message,
        requestId: requestIdOf(c),
        ...(answer.details ? { details: answer.details } : {}),
        ...(answer.metaError ? { metaError: answer.metaError } : {}),
      },
    },
    answer.status as 400,
  );
}

/** Every template of one subproject, following `nextPageToken`. */
async function allTemplates(sinch: TemplatesRoutesDeps['sinch'], subprojectId: string): Promise<Template[]> {
  const all: Template[] = [];
  let pageToken: string | undefined;
  do {
    const page = await sinch.listTemplates(subprojectId, {
      pageSize: PAGE_SIZE,
      ...(pageToken ? { pageToken } : {}),
    });
    all.push(...page.templates);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/**
 * The template routes as a Hono sub-app; mount it at the root (`app.route('/', createTemplatesRoutes(deps))`).
 * Callbacks are recorded through `deps.statuses.recordCallback` by the relay's callback route.
 */
export function createTemplatesRoutes(deps: TemplatesRoutesDeps): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();
  const now = deps.now ?? Date.now;

  const sinchFailure = (c: Context<RelayEnv>, error: unknown, operation: string) => {
    const answer = templateErrorAnswer(error);
    if (answer.status >= 500)
      deps.logger?.warn({ operation, err: error, code: answer.code }, 'template call failed');
    return errorAnswer(c, answer);
  };

  const customerOf = async (c: Context<RelayEnv>) => {
    try {
      return await deps.authenticate(c);
    } catch {
      return undefined;
    }
  };

  const unauthorized = (c: Context<RelayEnv>) =>
    errorAnswer(c, { status: 401, code: 'unauthorized', message: 'A valid session token is required.' });

  app.get('/v1/templates', async (c) => {
    const customerId = await customerOf(c);
    if (!customerId) return unauthorized(c);
    const wabaId = c.req.query('wabaId') || undefined;
    const subprojects = (await deps.store.listSubprojects(customerId)).filter(
      (row) => row.subproject_id !== null && (wabaId === undefined || row.waba_id === wabaId),
    );
    try {
      const lists = await Promise.all(
        subprojects.map(async (row) => {
          const subprojectId = row.subproject_id as string;
          const templates = await allTemplates(deps.sinch, subprojectId);
          await deps.statuses.remember(subprojectId, templates, now());
          const merged = await deps.statuses.apply(subprojectId, templates, now());
          return merged.map((template) => ({ ...template, wabaId: row.waba_id }));
        }),
      );
      return c.json({ templates: lists.flat() });
    } catch (error) {
      return sinchFailure(c, error, 'templates.list');
    }
  });

  app.post(
    '/v1/templates',
    bodyLimit({
      maxSize: deps.maxBodyBytes ?? 64 * 1024,
      onError: (c) => {
        // The unread rest of the body makes the connection unusable for another request.
        c.header('Connection', 'close');
        return errorAnswer(c as Context<RelayEnv>, {
          status: 413,
          code: 'payload_too_large',
          message: 'The request body is too large.',
        });
      },
    }),
    async (c) => {
      const customerId = await customerOf(c);
      if (!customerId) return unauthorized(c);
      if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
        return errorAnswer(c, {
          status: 415,
          code: 'unsupported_media_type',
          message: 'Send the template as application/json.',
        });
      }
      let json: unknown;
      try {
        json = await c.req.json();
      } catch {
        return errorAnswer(c, { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' });
      }
      const parsed = TemplateInputSchema.safeParse(json);
      if (!parsed.success) {
        return errorAnswer(c, {
          status: 400,
          code: 'invalid_template',
          message: 'The template breaks WhatsApp rules; see details.',
          details: parsed.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: issue.message,
          })),
        });
      }
      const { wabaId, ...template } = parsed.data;
      const subprojects = (await deps.store.listSubprojects(customerId)).filter(
        (row) => row.subproject_id !== null,
      );
      if (subprojects.length === 0) {
        return errorAnswer(c, {
          status: 409,
          code: 'no_subproject',
          message:
            'Connect a WhatsApp number first: templates belong to an onboarded WhatsApp Business Account.',
        });
      }
      let target: CustomerSubprojectRow | undefined;
      if (wabaId !== undefined) {
        target = subprojects.find((row) => row.waba_id === wabaId);
        if (!target) {
          return errorAnswer(c, {
            status: 404,
            code: 'waba_not_found',
            message: 'No onboarded WhatsApp Business Account has this wabaId.',
          });
        }
      } else if (subprojects.length > 1) {
        return errorAnswer(c, {
          status: 400,
          code: 'waba_id_required',
          message: 'Several WhatsApp Business Accounts are onboarded: say which one with wabaId.',
        });
      } else {
        target = subprojects[0];
      }
      const subprojectId = (target as CustomerSubprojectRow).subproject_id as string;
      let created: Template;
      try {
        created = await deps.sinch.createTemplate(subprojectId, template);
      } catch (error) {
        return sinchFailure(c, error, 'templates.create');
      }
      try {
        await deps.statuses.remember(subprojectId, [created], now());
      } catch (error) {
        // The template exists at Sinch; failing the answer now would invite a duplicate create.
        deps.logger?.error({ err: error }, 'could not remember the created template');
      }
      return c.json({ ...created, wabaId: (target as CustomerSubprojectRow).waba_id }, 201);
    },
  );

  return app;
}
