/**
 * The workflow steps `subproject → sender → sender_activation → app → done`.
 * Each step reads the row, makes its Sinch calls, and says what to record.
 * Before a create call the step records `call_started`; a step resumed with
 * that mark (after a crash or a lost answer) looks the object up first instead
 * of creating a second one.
 * @module
 */
import {
  type ConversationRegion,
  isConversationRegion,
  type MetaLocalStorage,
  type Region,
  toConversationRegion,
} from '@whatsapp-signup/shared';
import type { OnboardingPatch, OnboardingRow, Store } from '../store/index.js';
import { pollDelay, WorkflowError, type WorkflowTiming } from './policy.js';
import type { SenderView, SinchPort } from './ports.js';

/** Label keys naming the customer and the WABA on every subproject the relay creates. */
export const CUSTOMER_LABEL = 'whatsapp-signup-customer';
export const WABA_LABEL = 'whatsapp-signup-waba';

/** Provisioning webhook triggers registered on each subproject: sender and template events. */
export const WEBHOOK_TRIGGERS = [
  'WHATSAPP_SENDER_ACTIVE',
  'WHATSAPP_SENDER_ERROR',
  'WHATSAPP_SENDER_REJECTED',
  'WHATSAPP_SENDER_INACTIVE',
  'WHATSAPP_SENDER_PENDING_VERIFICATION',
  'WHATSAPP_SENDER_COMMENT_ADDED',
  'WHATSAPP_TEMPLATE_APPROVED',
  'WHATSAPP_TEMPLATE_REJECTED',
  'WHATSAPP_TEMPLATE_STATUS_UPDATED',
  'WHATSAPP_TEMPLATE_COMMENT_ADDED',
];

/** How long an onboarding waits for another one of the same WABA that is creating the subproject. */
export const SUBPROJECT_WAIT_MS = 250;

/** What a step asks the engine to do. */
export type StepOutcome =
  /** Record `patch` and run the next step at once. */
  | { kind: 'advance'; patch: OnboardingPatch }
  /** Record `patch` (if any) and run this step again after `delayMs`. */
  | { kind: 'wait'; patch?: OnboardingPatch; delayMs: number }
  /** Record `patch`: the onboarding is finished (completed or failed). */
  | { kind: 'finish'; patch: OnboardingPatch };

/** Everything a step may use. */
export interface StepContext {
  store: Store;
  sinch: SinchPort;
  timing: WorkflowTiming;
  leaseMs: number;
  /** Provisioning webhook to register on subprojects, when `RELAY_PUBLIC_URL` is set. */
  webhook: { target: string; secret: string } | undefined;
  now(): number;
  /** Records that `step`'s create call is about to be sent (fenced by the lease). */
  markCallStarted(step: string): Promise<void>;
}

/** The sender state as the API shows it: `state`, or `changes.status` while it has none. */
export function senderStateOf(sender: Pick<SenderView, 'state' | 'changes'>): string | null {
  return sender.state ?? sender.changes?.status ?? null;
}

/** `active`, `failed` or `pending` (states after which the sender will not become ACTIVE count as failed). */
export function senderProgress(
  sender: Pick<SenderView, 'state' | 'changes'>,
): 'active' | 'failed' | 'pending' {
  if (sender.state === 'ACTIVE') return 'active';
  if (sender.state !== undefined && ['ERROR', 'SUSPENDED', 'INACTIVE'].includes(sender.state))
    return 'failed';
  if (sender.changes && ['ERROR', 'REJECTED'].includes(sender.changes.status)) return 'failed';
  return 'pending';
}

/** The Conversation app's display name: deterministic, so a lost create can be found again. */
export function appDisplayName(row: Pick<OnboardingRow, 'display_name' | 'phone_number_id'>): string {
  return `${row.display_name.slice(0, 180)} WhatsApp ${row.phone_number_id}`;
}

/** The app region: the onboarding's own region when the sender supports it, else its first compatible one. */
export function chooseAppRegion(
  region: Region,
  compatibleRegions: readonly string[],
): ConversationRegion | undefined {
  const own = toConversationRegion(region);
  const compatible = compatibleRegions.map((value) => value.toLowerCase()).filter(isConversationRegion);
  return compatible.includes(own) ? own : compatible[0];
}

function subprojectLabels(row: OnboardingRow): Record<string, string> {
  let custom: Record<string, string> = {};
  try {
    custom = JSON.parse(row.labels) as Record<string, string>;
  } catch {
    custom = {};
  }
  return { ...custom, [CUSTOMER_LABEL]: row.customer_id, [WABA_LABEL]: row.waba_id };
}

async function ensureWebhook(
  ctx: StepContext,
  row: OnboardingRow,
  subprojectId: string,
  registered: boolean,
) {
  if (!ctx.webhook || registered) return;
  await ctx.sinch.registerWebhook(subprojectId, {
    target: ctx.webhook.target,
    secret: ctx.webhook.secret,
    triggers: WEBHOOK_TRIGGERS,
  });
  await ctx.store.markWebhookRegistered(row.customer_id, row.waba_id, ctx.now());
}

/** `subproject`: reuse the (customer, WABA) subproject, or claim the right to create it and do so. */
async function subprojectStep(ctx: StepContext, row: OnboardingRow): Promise<StepOutcome> {
  const now = ctx.now();
  const { row: claim, claimed } = await ctx.store.claimSubproject(
    row.customer_id,
    row.waba_id,
    row.id,
    now,
    now + ctx.leaseMs,
  );
  let subprojectId = claim.subproject_id;
  if (subprojectId === null) {
    // Another onboarding of this WABA is creating it: wait for it rather than create a second one.
    if (!claimed) return { kind: 'wait', delayMs: SUBPROJECT_WAIT_MS };
    const labels = subprojectLabels(row);
    const identity = { [CUSTOMER_LABEL]: row.customer_id, [WABA_LABEL]: row.waba_id };
    const found = claim.create_started ? await ctx.sinch.findSubprojectByLabels(identity) : undefined;
    if (found) {
      subprojectId = found.subprojectId;
    } else {
      if (!(await ctx.store.markSubprojectCreateStarted(row.customer_id, row.waba_id, row.id, ctx.now()))) {
        return { kind: 'wait', delayMs: SUBPROJECT_WAIT_MS };
      }
      subprojectId = (await ctx.sinch.createSubproject({ displayName: row.display_name, labels }))
        .subprojectId;
    }
    await ctx.store.setSubprojectId(row.customer_id, row.waba_id, subprojectId, ctx.now());
  }
  await ensureWebhook(ctx, row, subprojectId, claim.webhook_registered === 1);
  return {
    kind: 'advance',
    patch: { subproject_id: subprojectId, step: 'sender', call_started: null, step_started_at: ctx.now() },
  };
}

/** `sender`: create the WhatsApp sender in the subproject (or find the one a lost answer created). */
async function senderStep(ctx: StepContext, row: OnboardingRow): Promise<StepOutcome> {
  const projectId = requireField(row.subproject_id, 'subproject_id');
  let sender: SenderView | null | undefined;
  if (row.call_started === 'sender') {
    sender = await ctx.sinch.findSender(projectId, {
      phoneNumberId: row.phone_number_id,
      wabaId: row.waba_id,
    });
  }
  if (!sender) {
    await ctx.markCallStarted('sender');
    sender = await ctx.sinch.createSender(projectId, {
      region: row.region as Region,
      metaLocalStorage: row.meta_local_storage as MetaLocalStorage,
      wabaId: row.waba_id,
      phoneNumberId: row.phone_number_id,
    });
  }
  return {
    kind: 'advance',
    patch: {
      sender_id: sender.id,
      sender_state: senderStateOf(sender),
      step: 'sender_activation',
      call_started: null,
      step_started_at: ctx.now(),
    },
  };
}

function senderFailure(sender: SenderView): WorkflowError {
  const state = senderStateOf(sender) ?? 'UNKNOWN';
  const reason = sender.changes?.errorReason ?? `Sinch reports the sender as ${state}.`;
  return new WorkflowError(`sender_${state.toLowerCase()}`, reason, false, {
    sender_state: senderStateOf(sender),
  });
}

/** `sender_activation`: wait until the sender is ACTIVE (a callback makes this run at once; polling backs it up). */
async function activationStep(ctx: StepContext, row: OnboardingRow): Promise<StepOutcome> {
  // A verified callback already said ACTIVE: the app step re-reads the sender anyway.
  if (row.sender_state === 'ACTIVE') {
    return { kind: 'advance', patch: { step: 'app', step_started_at: ctx.now() } };
  }
  const sender = await ctx.sinch.getSender(
    requireField(row.subproject_id, 'subproject_id'),
    requireField(row.sender_id, 'sender_id'),
  );
  const state = senderStateOf(sender);
  const progress = senderProgress(sender);
  if (progress === 'active')
    return { kind: 'advance', patch: { sender_state: state, step: 'app', step_started_at: ctx.now() } };
  if (progress === 'failed') throw senderFailure(sender);
  const waited = ctx.now() - row.step_started_at;
  if (waited >= ctx.timing.activationTimeoutMs) {
    throw new WorkflowError(
      'activation_timeout',
      `The sender did not become ACTIVE within ${Math.round(waited / 60_000)} min.`,
      true,
    );
  }
  return { kind: 'wait', patch: { sender_state: state }, delayMs: pollDelay(waited, ctx.timing) };
}

/** `app`: create the Conversation API app with the sender's bearer token as its WhatsApp credential. */
async function appStep(ctx: StepContext, row: OnboardingRow): Promise<StepOutcome> {
  const projectId = requireField(row.subproject_id, 'subproject_id');
  const senderId = requireField(row.sender_id, 'sender_id');
  const sender = await ctx.sinch.getSender(projectId, senderId);
  const progress = senderProgress(sender);
  if (progress === 'failed') throw senderFailure(sender);
  if (progress === 'pending') {
    return {
      kind: 'wait',
      patch: { sender_state: senderStateOf(sender), step: 'sender_activation', step_started_at: ctx.now() },
      delayMs: ctx.timing.pollInitialMs,
    };
  }
  const region = chooseAppRegion(row.region as Region, sender.compatibleRegions);
  if (!region) {
    throw new WorkflowError(
      'no_compatible_region',
      'The sender has no compatible Conversation API region.',
      false,
    );
  }
  if (!sender.bearerToken) {
    throw new WorkflowError(
      'sender_token_missing',
      'Sinch did not return the sender bearer token yet.',
      true,
    );
  }
  const displayName = appDisplayName(row);
  let app =
    row.call_started === 'app' ? await ctx.sinch.findApp(region, projectId, { displayName, senderId }) : null;
  if (!app) {
    await ctx.markCallStarted('app');
    app = await ctx.sinch.createApp(region, projectId, {
      displayName,
      senderId,
      bearerToken: sender.bearerToken,
    });
  }
  return {
    kind: 'finish',
    patch: {
      app_id: app.id,
      app_region: region,
      sender_state: senderStateOf(sender),
      status: 'completed',
      step: 'done',
      call_started: null,
    },
  };
}

function requireField(value: string | null, name: string): string {
  if (value === null) throw new WorkflowError('internal_error', `The onboarding has no ${name} yet.`, true);
  return value;
}

/** Runs `row`'s current step. Throws what its Sinch calls throw. */
export function runStep(ctx: StepContext, row: OnboardingRow): Promise<StepOutcome> {
  switch (row.step) {
    case 'subproject':
      return subprojectStep(ctx, row);
    case 'sender':
      return senderStep(ctx, row);
    case 'sender_activation':
      return activationStep(ctx, row);
    case 'app':
      return appStep(ctx, row);
    default:
      return Promise.resolve({ kind: 'finish', patch: { status: 'completed', step: 'done' } });
  }
}
