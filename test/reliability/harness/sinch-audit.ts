import type { Onboarding } from '@whatsapp-signup/shared';
import type { SandboxState } from '@whatsapp-signup/sinch-sandbox';

/** Labels the relay puts on every subproject it creates (CONTRACT §6, `relay/src/workflow/steps.ts`). */
export const CUSTOMER_LABEL = 'whatsapp-signup-customer';
export const WABA_LABEL = 'whatsapp-signup-waba';

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const value = key(item);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

function over(counts: Map<string, number>, what: string): string[] {
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(([value, count]) => `${count} ${what} for ${value}`);
}

/** The sender a Conversation app is bound to (`channel_credentials[].static_bearer.claimed_identity`). */
export function appSenderId(app: Record<string, unknown>): string | undefined {
  const credentials = app.channel_credentials;
  if (!Array.isArray(credentials)) return undefined;
  for (const credential of credentials as Array<Record<string, unknown>>) {
    const bearer = credential.static_bearer as Record<string, unknown> | undefined;
    if (typeof bearer?.claimed_identity === 'string') return bearer.claimed_identity;
  }
  return undefined;
}

/**
 * Every duplicate in the sandbox: more than one live subproject per (customer, WABA), live sender per
 * phone number, app per sender, or Provisioning webhook per (subproject, target). Empty is the only good
 * answer.
 */
export function findDuplicates(state: SandboxState): string[] {
  const subprojects = state.subprojects.filter((item) => !item.deleted);
  const senders = state.senders.filter((item) => item.sender.state !== 'DELETED');
  return [
    ...over(
      countBy(subprojects, (item) =>
        item.labels[CUSTOMER_LABEL] === undefined
          ? undefined
          : `${item.labels[CUSTOMER_LABEL]}/${item.labels[WABA_LABEL]}`,
      ),
      'subprojects',
    ),
    ...over(
      countBy(senders, (item) => `${item.wabaId}/${item.phoneNumberId}`),
      'senders',
    ),
    ...over(
      countBy(state.apps, (item) => appSenderId(item.app)),
      'apps',
    ),
    ...over(
      countBy(state.webhooks, (item) => `${item.projectId} → ${item.target}`),
      'webhooks',
    ),
  ];
}

/** Checks that a completed onboarding points at resources that exist in the sandbox and fit together. */
export function checkCompleted(state: SandboxState, onboarding: Onboarding): string[] {
  const problems: string[] = [];
  const subproject = state.subprojects.find((item) => item.subprojectId === onboarding.subprojectId);
  if (!subproject || subproject.deleted) problems.push(`subproject ${onboarding.subprojectId} missing`);
  const sender = state.senders.find((item) => item.sender.id === onboarding.senderId);
  if (!sender) problems.push(`sender ${onboarding.senderId} missing`);
  else {
    if (sender.sender.state !== 'ACTIVE') problems.push(`sender state ${String(sender.sender.state)}`);
    if (sender.phoneNumberId !== onboarding.phoneNumberId) problems.push('sender of another phone number');
    if (sender.projectId !== onboarding.subprojectId) problems.push('sender in another subproject');
  }
  const app = state.apps.find((item) => item.app.id === onboarding.appId);
  if (!app) problems.push(`app ${onboarding.appId} missing`);
  else if (appSenderId(app.app) !== onboarding.senderId) problems.push('app bound to another sender');
  return problems;
}
