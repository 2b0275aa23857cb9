/**
 * The slice of the Sinch client the workflow uses, written as a port so the
 * workflow can be tested against an in-memory fake and run against the real
 * client (`relay/src/sinch`), which satisfies it structurally.
 * @module
 */
import type { ConversationRegion, MetaLocalStorage, Region } from '@whatsapp-signup/shared';

/** The fields of a Sinch subproject the workflow reads. */
export interface SubprojectRef {
  subprojectId: string;
}

/** The fields of a WhatsApp sender the workflow reads. `bearerToken` is a secret: never stored or logged. */
export interface SenderView {
  id: string;
  state?: string | undefined;
  changes?: { status: string; errorReason?: string | undefined; errorCode?: string | undefined } | undefined;
  compatibleRegions: readonly string[];
  bearerToken?: string | undefined;
}

/** The fields of a Conversation API app the workflow reads. */
export interface AppRef {
  id: string;
}

/** The Sinch operations one onboarding needs. Every method rejects with a `SinchError`-like error. */
export interface SinchPort {
  createSubproject(input: { displayName: string; labels: Record<string, string> }): Promise<SubprojectRef>;
  findSubprojectByLabels(labels: Record<string, string>): Promise<SubprojectRef | null | undefined>;
  createSender(
    projectId: string,
    input: { region: Region; metaLocalStorage: MetaLocalStorage; wabaId: string; phoneNumberId: string },
  ): Promise<SenderView>;
  findSender(
    projectId: string,
    input: { phoneNumberId: string; wabaId: string },
  ): Promise<SenderView | null | undefined>;
  getSender(projectId: string, senderId: string): Promise<SenderView>;
  registerWebhook(
    projectId: string,
    input: { target: string; secret: string; triggers: string[] },
  ): Promise<{ alreadyExisted: boolean }>;
  createApp(
    region: ConversationRegion,
    projectId: string,
    input: { displayName: string; senderId: string; bearerToken: string },
  ): Promise<AppRef>;
  findApp(
    region: ConversationRegion,
    projectId: string,
    input: { displayName: string; senderId: string },
  ): Promise<AppRef | null | undefined>;
}

/** What the workflow needs to know about a failed Sinch call (the shape of the client's `SinchError`). */
export interface SinchFailure {
  code: string;
  message: string;
  retryable: boolean;
  status?: number | undefined;
  retryAfterMs?: number | undefined;
}

/** True for errors shaped like the client's `SinchError`. */
export function isSinchFailure(error: unknown): error is SinchFailure & Error {
  return (
    error instanceof Error &&
    typeof (error as Partial<SinchFailure>).code === 'string' &&
    typeof (error as Partial<SinchFailure>).retryable === 'boolean'
  );
}
