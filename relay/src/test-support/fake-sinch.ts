/**
 * An in-memory Sinch behind the workflow's port, for workflow tests that need
 * exact control: count every call, fail the next N calls of an operation,
 * hold a call in flight, lose the answer of a create that did happen, and
 * decide when senders become ACTIVE.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationRegion } from '@whatsapp-signup/shared';
import type { AppRef, SenderView, SinchPort, SubprojectRef } from '../workflow/ports.js';

/** A `SinchError`-shaped failure. */
export class FakeSinchError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(`fake sinch: ${code}`);
    this.name = 'SinchError';
  }
}

type Operation = keyof SinchPort;

interface StoredSender extends SenderView {
  projectId: string;
  wabaId: string;
  phoneNumberId: string;
  gets: number;
}

/** The fake. Operations are the method names of {@link SinchPort}. */
export class FakeSinch implements SinchPort {
  readonly calls: { operation: Operation; args: unknown[] }[] = [];
  readonly subprojects = new Map<string, { labels: Record<string, string>; displayName: string }>();
  readonly senders = new Map<string, StoredSender>();
  readonly apps = new Map<
    string,
    { projectId: string; region: ConversationRegion; displayName: string; senderId: string; token: string }
  >();
  readonly webhooks: { projectId: string; target: string; triggers: string[] }[] = [];
  /** Sender GETs before it turns ACTIVE (0: active at the first GET); `Infinity` waits for {@link activate}. */
  activateAfterGets = 0;
  /** Compatible regions of new senders. */
  compatibleRegions: ConversationRegion[] = ['eu', 'us'];
  readonly #faults = new Map<Operation, Error[]>();
  readonly #lostAnswers = new Map<Operation, number>();
  readonly #holds = new Map<Operation, { reached: () => void; released: Promise<void> }>();

  /** Makes the next `times` calls of `operation` throw `error`. */
  failNext(operation: Operation, error: Error, times = 1): void {
    const list = this.#faults.get(operation) ?? [];
    for (let index = 0; index < times; index += 1) list.push(error);
    this.#faults.set(operation, list);
  }

  /** Lets the next `times` calls of a create `operation` take effect but fail with a timeout (answer lost). */
  loseAnswer(operation: Operation, times = 1): void {
    this.#lostAnswers.set(operation, (this.#lostAnswers.get(operation) ?? 0) + times);
  }

  /**
   * Holds the next call of `operation` after it took effect at "Sinch" and before it answers.
   * @returns `reached` (resolves once a call is held) and `release`.
   */
  hold(operation: Operation): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reachedPromise = new Promise<void>((resolve) => {
      reached = resolve;
    });
    this.#holds.set(operation, { reached, released });
    return { reached: reachedPromise, release };
  }

  /** Moves a sender to ACTIVE (with its bearer token), as Sinch does when Meta finishes. */
  activate(senderId: string): SenderView {
    const sender = this.#sender(senderId);
    sender.state = 'ACTIVE';
    sender.changes = undefined;
    sender.bearerToken = `bearer-${senderId}`;
    return this.#view(sender);
  }

  /** Moves a sender to a failed pending change (`ERROR` or `REJECTED`). */
  reject(senderId: string, status: 'ERROR' | 'REJECTED', errorReason = 'Meta refused the number'): void {
    const sender = this.#sender(senderId);
    sender.state = undefined;
    sender.changes = { status, errorReason };
  }

  /** How many calls of `operation` were made. */
  count(operation: Operation): number {
    return this.calls.filter((call) => call.operation === operation).length;
  }

  async #enter(operation: Operation, args: unknown[]): Promise<void> {
    this.calls.push({ operation, args });
    await Promise.resolve();
    const fault = this.#faults.get(operation)?.shift();
    if (fault) throw fault;
  }

  async #leave(operation: Operation): Promise<void> {
    const hold = this.#holds.get(operation);
    if (hold) {
      this.#holds.delete(operation);
      hold.reached();
      await hold.released;
    }
    const lost = this.#lostAnswers.get(operation) ?? 0;
    if (lost > 0) {
      this.#lostAnswers.set(operation, lost - 1);
      throw new FakeSinchError('timeout', true);
    }
  }

  async createSubproject(input: {
    displayName: string;
    labels: Record<string, string>;
  }): Promise<SubprojectRef> {
    await this.#enter('createSubproject', [input]);
    const subprojectId = `SP${randomUUID().replaceAll('-', '').slice(0, 24).toUpperCase()}`;
    this.subprojects.set(subprojectId, { labels: { ...input.labels }, displayName: input.displayName });
    await this.#leave('createSubproject');
    return { subprojectId };
  }

  async findSubprojectByLabels(labels: Record<string, string>): Promise<SubprojectRef | null> {
    await this.#enter('findSubprojectByLabels', [labels]);
    for (const [subprojectId, subproject] of this.subprojects) {
      if (Object.entries(labels).every(([key, value]) => subproject.labels[key] === value))
        return { subprojectId };
    }
    return null;
  }

  async createSender(
    projectId: string,
    input: { region: string; metaLocalStorage: string; wabaId: string; phoneNumberId: string },
    _options?: { excludeSenderIds?: readonly string[] },
  ): Promise<SenderView> {
    await this.#enter('createSender', [projectId, input]);
    for (const sender of this.senders.values()) {
      if (sender.phoneNumberId === input.phoneNumberId)
        throw new FakeSinchError('used_phone_number_id', false, 409);
    }
    const id = randomUUID();
    const sender: StoredSender = {
      id,
      projectId,
      wabaId: input.wabaId,
      phoneNumberId: input.phoneNumberId,
      changes: { status: 'IN_PROGRESS' },
      compatibleRegions: [...this.compatibleRegions],
      gets: 0,
    };
    this.senders.set(id, sender);
    await this.#leave('createSender');
    return this.#view(sender);
  }

  async findSender(
    projectId: string,
    input: { phoneNumberId: string; wabaId: string },
  ): Promise<SenderView | null> {
    await this.#enter('findSender', [projectId, input]);
    for (const sender of this.senders.values()) {
      if (sender.projectId === projectId && sender.phoneNumberId === input.phoneNumberId)
        return this.#view(sender);
    }
    return null;
  }

  async getSender(projectId: string, senderId: string): Promise<SenderView> {
    await this.#enter('getSender', [projectId, senderId]);
    const sender = this.#sender(senderId);
    sender.gets += 1;
    if (
      sender.state === undefined &&
      sender.changes?.status === 'IN_PROGRESS' &&
      sender.gets > this.activateAfterGets
    ) {
      this.activate(senderId);
    }
    // The answer is what Sinch saw when it handled the call, even if the sender changes while it travels.
    const view = this.#view(sender);
    await this.#leave('getSender');
    return view;
  }

  async registerWebhook(
    projectId: string,
    input: { target: string; secret: string; triggers: string[] },
  ): Promise<{ alreadyExisted: boolean }> {
    await this.#enter('registerWebhook', [projectId, { ...input, secret: '[secret]' }]);
    const exists = this.webhooks.some((hook) => hook.projectId === projectId && hook.target === input.target);
    if (!exists) this.webhooks.push({ projectId, target: input.target, triggers: input.triggers });
    return { alreadyExisted: exists };
  }

  async createApp(
    region: ConversationRegion,
    projectId: string,
    input: { displayName: string; senderId: string; bearerToken: string },
  ): Promise<AppRef> {
    await this.#enter('createApp', [region, projectId, { ...input, bearerToken: '[secret]' }]);
    const id = `APP${randomUUID().replaceAll('-', '').slice(0, 20).toUpperCase()}`;
    this.apps.set(id, {
      projectId,
      region,
      displayName: input.displayName,
      senderId: input.senderId,
      token: input.bearerToken,
    });
    await this.#leave('createApp');
    return { id };
  }

  async findApp(
    region: ConversationRegion,
    projectId: string,
    input: { displayName: string; senderId: string },
  ): Promise<AppRef | null> {
    await this.#enter('findApp', [region, projectId, input]);
    for (const [id, app] of this.apps) {
      if (app.projectId === projectId && app.region === region && app.displayName === input.displayName)
        return { id };
    }
    return null;
  }

  #sender(senderId: string): StoredSender {
    const sender = this.senders.get(senderId);
    if (!sender) throw new FakeSinchError('sender_not_found', false, 404);
    return sender;
  }

  #view(sender: StoredSender): SenderView {
    return {
      id: sender.id,
      ...(sender.state ? { state: sender.state } : {}),
      ...(sender.changes ? { changes: { ...sender.changes } } : {}),
      compatibleRegions: [...sender.compatibleRegions],
      ...(sender.bearerToken ? { bearerToken: sender.bearerToken } : {}),
    };
  }
}
