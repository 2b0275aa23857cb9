import type { FaultSpec } from '@whatsapp-signup/sinch-sandbox';

/** Per-call timeout the relay runs with in the fault suite (`SINCH_TIMEOUT_MS`). */
export const SINCH_TIMEOUT_MS = 1_000;

/** The fault kinds of the issue. */
export const FAULT_KINDS = [
  '429 without Retry-After',
  '500',
  '503',
  'timeout',
  'connection reset',
  'malformed JSON',
  'expired token',
] as const;

/** One fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A Sinch operation of the relay, and how a scenario makes the relay call it. */
export interface OperationUnderTest {
  /** The sandbox's operation name. */
  operation: string;
  /** A create: ambiguous faults (5xx, timeout, reset, malformed) are applied after the create happened. */
  create?: boolean;
  /**
   * Faults armed first so that the relay reaches this operation at all: the reads that reconcile a
   * create whose answer was lost are only called after such a loss.
   */
  reach?: FaultSpec[];
  /** The relay calls this operation only once its cached OAuth token is refused. */
  needsFreshToken?: boolean;
}

/** A create that happened but whose answer was lost: what makes the relay reconcile by reading. */
const lostAnswer = (operation: string): FaultSpec => ({ operation, commit: true, reset: true });

/**
 * Every Sinch operation an onboarding uses (`relay/src/workflow/steps.ts` through the Sinch client): the
 * token, the four creates, the sender reads of the activation wait, and the list reads that find a
 * resource whose create answer was lost.
 */
export const OPERATIONS: OperationUnderTest[] = [
  { operation: 'oauth.token', needsFreshToken: true },
  { operation: 'subprojects.create', create: true },
  { operation: 'subprojects.list', reach: [lostAnswer('subprojects.create')] },
  { operation: 'webhooks.create', create: true },
  { operation: 'webhooks.list', reach: [lostAnswer('webhooks.create')] },
  { operation: 'senders.create', create: true },
  { operation: 'senders.list', reach: [lostAnswer('senders.create')] },
  { operation: 'senders.get' },
  { operation: 'apps.create', create: true },
  { operation: 'apps.list', reach: [lostAnswer('apps.create')] },
];

/** The API whose error shape an operation answers with. */
function isProvisioning(operation: string): boolean {
  return /^(senders|webhooks|templates)\./.test(operation);
}

function errorBody(operation: string, status: number, code: string, message: string): unknown {
  if (operation === 'oauth.token') return { error: code.toLowerCase(), error_description: message };
  if (isProvisioning(operation)) {
    return { errorCode: code.toLowerCase(), message, resolution: 'Please wait and try again.' };
  }
  return { error: { code: status, message, status: code, details: [] } };
}

/**
 * The sandbox fault for `kind` on `target` (undefined when the kind is produced otherwise: an expired
 * token on `oauth.token` is the cached token being refused, armed with `expireTokens()`).
 */
export function faultFor(target: OperationUnderTest, kind: FaultKind): FaultSpec | undefined {
  const { operation } = target;
  // A create the ambiguous faults hit after it happened: the worst case for duplicates.
  const commit = target.create === true;
  switch (kind) {
    case '429 without Retry-After':
      return {
        operation,
        times: 2,
        status: 429,
        body: errorBody(operation, 429, 'RESOURCE_EXHAUSTED', 'Too many requests.'),
      };
    case '500':
      return {
        operation,
        times: 2,
        commit,
        status: 500,
        body: errorBody(operation, 500, 'INTERNAL', 'Internal error.'),
      };
    case '503':
      return {
        operation,
        times: 2,
        commit,
        status: 503,
        body: errorBody(operation, 503, 'UNAVAILABLE', 'The service is currently unavailable.'),
      };
    case 'timeout':
      return { operation, times: 1, commit, delayMs: SINCH_TIMEOUT_MS + 400 };
    case 'connection reset':
      return { operation, times: 2, commit, reset: true };
    case 'malformed JSON':
      return { operation, times: 1, commit, malformed: true };
    case 'expired token':
      if (operation === 'oauth.token') return undefined;
      return {
        operation,
        times: 1,
        status: 401,
        headers: {
          'www-authenticate': 'Bearer realm="sinch", error="invalid_token", error_description="expired"',
        },
        body: errorBody(operation, 401, 'UNAUTHENTICATED', 'Access token expired.'),
      };
  }
}
