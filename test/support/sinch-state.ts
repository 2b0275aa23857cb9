import type { SandboxState } from '@whatsapp-signup/sinch-sandbox';
import type { E2EStack } from './stack.js';

/** The Sinch sandbox's control handle of a stack (sandbox mode only). */
export function sinchControl(stack: E2EStack) {
  if (!stack.sinch) throw new Error('this stack runs no Sinch sandbox');
  return stack.sinch.control;
}

/** What the Sinch sandbox holds now: subprojects, senders, apps, as it stored them. */
export function sinchState(stack: E2EStack): SandboxState {
  return sinchControl(stack).state();
}
