import type { FaultSpec } from '@whatsapp-signup/sinch-sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, SLOW_MS, startHarness } from './test-support/harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Faults after which the resource exists at "Sinch" although the client saw a failure. */
const AMBIGUOUS: Array<[string, Omit<FaultSpec, 'operation'>]> = [
  ['timed out', { delayMs: SLOW_MS, commit: true }],
  ['lost its connection', { reset: true, commit: true }],
  ['got a 502', { status: 502, commit: true }],
];

async function activeSender(h: Harness, projectId: string, phoneNumberId: string) {
  const sender = await h.client.createSender(projectId, {
    region: 'EU',
    metaLocalStorage: 'DE',
    wabaId: '3000001',
    phoneNumberId,
  });
  for (let i = 0; i < 200; i++) {
    const current = await h.client.getSender(projectId, sender.id);
    if (current.state === 'ACTIVE') return current;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('not active');
}

describe('a create whose answer was lost is reconciled, never duplicated', () => {
  for (const [name, fault] of AMBIGUOUS) {
    it(`subproject: POST ${name} after Sinch created it`, async () => {
      harness = await startHarness();
      harness.sandbox.control.injectFault({ operation: 'subprojects.create', ...fault });
      const subproject = await harness.client.createSubproject({
        displayName: 'Acme',
        labels: { customer: 'acme', waba: '3000001' },
      });
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
      const stored = harness.sandbox.control.state().subprojects;
      expect(stored).toHaveLength(1);
      expect(stored[0]?.subprojectId).toBe(subproject.subprojectId);
      expect(harness.sandbox.control.requests({ operation: 'subprojects.create' })).toHaveLength(1);
    });

    it(`sender: POST ${name} after Sinch created it`, async () => {
      harness = await startHarness();
      const subproject = await harness.client.createSubproject({
        displayName: 'Acme',
        labels: { customer: 'acme' },
      });
      harness.sandbox.control.injectFault({ operation: 'senders.create', ...fault });
      const sender = await harness.client.createSender(subproject.subprojectId, {
        region: 'EU',
        metaLocalStorage: 'DE',
        wabaId: '3000001',
        phoneNumberId: '4000001',
      });
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
      const stored = harness.sandbox.control.state().senders;
      expect(stored).toHaveLength(1);
      expect(stored[0]?.sender.id).toBe(sender.id);
      expect(stored[0]?.phoneNumberId).toBe('4000001');
    });

    it(`app: POST ${name} after Sinch created it`, async () => {
      harness = await startHarness();
      const subproject = await harness.client.createSubproject({
        displayName: 'Acme',
        labels: { customer: 'acme' },
      });
      const sender = await activeSender(harness, subproject.subprojectId, '4000001');
      harness.sandbox.control.injectFault({ operation: 'apps.create', ...fault });
      const app = await harness.client.createApp('eu', subproject.subprojectId, {
        displayName: 'Acme on WhatsApp',
        senderId: sender.id,
        bearerToken: sender.bearerToken as string,
      });
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
      const stored = harness.sandbox.control.state().apps;
      expect(stored).toHaveLength(1);
      expect(stored[0]?.app.id).toBe(app.id);
      expect(app).toMatchObject({
        region: 'eu',
        projectId: subproject.subprojectId,
        displayName: 'Acme on WhatsApp',
      });
      expect(app.channelCredentials[0]).toMatchObject({ channel: 'WHATSAPP', claimedIdentity: sender.id });
      expect(JSON.stringify(app)).not.toContain(sender.bearerToken as string);
    });
  }

  it('a POST that timed out before Sinch acted is re-sent once and creates one resource', async () => {
    harness = await startHarness();
    // A gateway held the request past the client's timeout and never passed it on.
    harness.sandbox.control.injectFault({ operation: 'subprojects.create', delayMs: SLOW_MS, status: 504 });
    const subproject = await harness.client.createSubproject({
      displayName: 'Acme',
      labels: { customer: 'acme' },
    });
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    expect(harness.sandbox.control.state().subprojects.map((item) => item.subprojectId)).toEqual([
      subproject.subprojectId,
    ]);
  });

  it('a repeated sender POST answered used_phone_number_id after a lost answer is reconciled', async () => {
    harness = await startHarness({ client: { retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 } } });
    const subproject = await harness.client.createSubproject({
      displayName: 'Acme',
      labels: { customer: 'acme' },
    });
    // The first create happens but its answer is lost; the reconciling read fails too, so the client re-POSTs.
    harness.sandbox.control.injectFault({ operation: 'senders.create', status: 500, commit: true });
    harness.sandbox.control.injectFault({
      operation: 'senders.list',
      skip: 1,
      status: 200,
      body: { totalSize: 0, pageSize: 100, senders: [] },
    });
    const sender = await harness.client.createSender(subproject.subprojectId, {
      region: 'EU',
      metaLocalStorage: 'DE',
      wabaId: '3000001',
      phoneNumberId: '4000001',
    });
    expect(
      harness.sandbox.control.requests({ operation: 'senders.create' }).map((entry) => entry.status),
    ).toEqual([500, 409]);
    expect(harness.sandbox.control.state().senders.map((item) => item.sender.id)).toEqual([sender.id]);
  });

  it('two phone numbers of one WABA created concurrently, one with a lost answer, each get their own sender', async () => {
    harness = await startHarness();
    const subproject = await harness.client.createSubproject({
      displayName: 'Acme',
      labels: { customer: 'acme' },
    });
    harness.sandbox.control.injectFault({ operation: 'senders.create', reset: true, commit: true });
    const body = { region: 'EU' as const, metaLocalStorage: 'DE' as const, wabaId: '3000001' };
    const [first, second] = await Promise.all([
      harness.client.createSender(subproject.subprojectId, { ...body, phoneNumberId: '4000001' }),
      harness.client.createSender(subproject.subprojectId, { ...body, phoneNumberId: '4000002' }),
    ]);
    const stored = harness.sandbox.control.state().senders;
    expect(stored).toHaveLength(2);
    expect(stored.find((item) => item.sender.id === first.id)?.phoneNumberId).toBe('4000001');
    expect(stored.find((item) => item.sender.id === second.id)?.phoneNumberId).toBe('4000002');
  });

  it('findSender picks the one sender not attributed to another phone number', async () => {
    harness = await startHarness();
    const subproject = await harness.client.createSubproject({
      displayName: 'Acme',
      labels: { customer: 'acme' },
    });
    const body = { region: 'EU' as const, metaLocalStorage: 'DE' as const, wabaId: '3000001' };
    const first = await harness.client.createSender(subproject.subprojectId, {
      ...body,
      phoneNumberId: '4000001',
    });
    const second = await harness.client.createSender(subproject.subprojectId, {
      ...body,
      phoneNumberId: '4000002',
    });
    // The same process remembers which phone number each sender was created for.
    await expect(
      harness.client.findSender(subproject.subprojectId, { ...body, phoneNumberId: '4000001' }),
    ).resolves.toMatchObject({ id: first.id });
    // After a restart only the caller's list of already attributed senders can tell them apart.
    const restarted = harness.restartedClient();
    await expect(
      restarted.findSender(subproject.subprojectId, {
        ...body,
        phoneNumberId: '4000002',
        excludeSenderIds: [first.id],
      }),
    ).resolves.toMatchObject({ id: second.id });
    await expect(
      harness.restartedClient().findSender(subproject.subprojectId, { ...body, phoneNumberId: '4000002' }),
    ).rejects.toMatchObject({ code: 'reconcile_ambiguous', retryable: false });
    await expect(
      harness.restartedClient().findSender(subproject.subprojectId, {
        ...body,
        phoneNumberId: '4000003',
        excludeSenderIds: [first.id, second.id],
      }),
    ).resolves.toBeUndefined();
  });

  it('after a restart, createSender with the other senders listed resumes a create that had happened', async () => {
    harness = await startHarness();
    const subproject = await harness.client.createSubproject({
      displayName: 'Acme',
      labels: { customer: 'acme' },
    });
    const body = { region: 'EU' as const, metaLocalStorage: 'DE' as const, wabaId: '3000001' };
    const first = await harness.client.createSender(subproject.subprojectId, {
      ...body,
      phoneNumberId: '4000001',
    });
    const lost = await harness.client.createSender(subproject.subprojectId, {
      ...body,
      phoneNumberId: '4000002',
    });
    const restarted = harness.restartedClient();
    const resumed = await restarted.createSender(
      subproject.subprojectId,
      { ...body, phoneNumberId: '4000002' },
      { excludeSenderIds: [first.id] },
    );
    expect(resumed.id).toBe(lost.id);
    expect(harness.sandbox.control.state().senders).toHaveLength(2);
  });

  it('findSubprojectByLabels pages through and needs every label', async () => {
    harness = await startHarness();
    for (let i = 0; i < 5; i++) {
      await harness.client.createSubproject({
        displayName: `C${i}`,
        labels: { customer: `c${i}`, waba: 'w' },
      });
    }
    const found = await harness.client.findSubprojectByLabels({ customer: 'c3', waba: 'w' });
    expect(found?.displayName).toBe('C3');
    await expect(
      harness.client.findSubprojectByLabels({ customer: 'c3', waba: 'other' }),
    ).resolves.toBeUndefined();
  });

  it('registering an existing webhook is not an error', async () => {
    harness = await startHarness();
    const subproject = await harness.client.createSubproject({
      displayName: 'Acme',
      labels: { customer: 'acme' },
    });
    const input = {
      target: 'http://127.0.0.1:9/callbacks',
      secret: 'webhook-secret-abcdef',
      triggers: ['ALL'],
    };
    const first = await harness.client.registerWebhook(subproject.subprojectId, input);
    const again = await harness.client.registerWebhook(subproject.subprojectId, input);
    expect(first).toMatchObject({ alreadyExisted: false });
    expect(again).toEqual({ id: first.id, alreadyExisted: true });
    expect(await harness.client.listWebhooks(subproject.subprojectId)).toHaveLength(1);
  });

  it('a template create whose answer was lost is found by name and language', async () => {
    harness = await startHarness();
    const subproject = await harness.client.createSubproject({
      displayName: 'Acme',
      labels: { customer: 'acme' },
    });
    harness.sandbox.control.injectFault({ operation: 'templates.create', reset: true, commit: true });
    const template = await harness.client.createTemplate(subproject.subprojectId, {
      name: 'order_update',
      language: 'EN',
      category: 'UTILITY',
      details: { components: [{ type: 'BODY', text: 'Your order {{1}} shipped.', examples: ['A-1'] }] },
    });
    expect(template).toMatchObject({ name: 'order_update', language: 'EN' });
    expect(harness.sandbox.control.state().templates).toHaveLength(1);
  });
});
