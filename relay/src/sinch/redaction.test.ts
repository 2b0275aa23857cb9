import { afterEach, describe, expect, it } from 'vitest';
import { basicAuthorization } from './auth.js';
import { SinchError } from './errors.js';
import { type Harness, KEY_SECRET, SLOW_MS, startHarness } from './test-support/harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('no secret reaches a log line or an error', () => {
  it('a whole onboarding with faults and echoed secrets leaks nothing', async () => {
    harness = await startHarness({ sandbox: { tokenLifetimeSeconds: 1 } });
    const { client, sandbox } = harness;
    const errors: string[] = [];
    const keep = (error: unknown) => {
      if (error instanceof SinchError) errors.push(`${error.message} ${JSON.stringify(error.toJSON())}`);
      return undefined;
    };
    sandbox.control.injectFault({ operation: 'subprojects.create', status: 503, times: 1 });
    const subproject = await client.createSubproject({ displayName: 'Acme', labels: { customer: 'acme' } });
    await client.registerWebhook(subproject.subprojectId, {
      target: 'http://127.0.0.1:9/hook',
      secret: 'provisioning-webhook-secret-1',
      triggers: ['ALL'],
    });
    sandbox.control.expireTokens();
    const created = await client.createSender(subproject.subprojectId, {
      region: 'EU',
      metaLocalStorage: 'DE',
      wabaId: '5000001',
      phoneNumberId: '6000001',
    });
    let sender = created;
    while (sender.state !== 'ACTIVE') {
      await new Promise((resolve) => setTimeout(resolve, 10));
      sender = await client.getSender(subproject.subprojectId, created.id);
    }
    const bearerToken = sender.bearerToken as string;
    expect(bearerToken.length).toBeGreaterThan(20);
    // Sinch echoing the token in an error must not carry it into the error or the logs.
    sandbox.control.injectFault({
      operation: 'apps.create',
      status: 400,
      body: {
        error: {
          code: 400,
          message: `bad credential ${bearerToken}`,
          status: 'INVALID_ARGUMENT',
          details: [{ token: bearerToken }],
        },
      },
    });
    await client
      .createApp('eu', subproject.subprojectId, { displayName: 'Acme', senderId: sender.id, bearerToken })
      .catch(keep);
    sandbox.control.injectFault({ operation: 'apps.create', reset: true, commit: true });
    const app = await client.createApp('eu', subproject.subprojectId, {
      displayName: 'Acme',
      senderId: sender.id,
      bearerToken,
    });
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    await client.listApps('eu', subproject.subprojectId);
    sandbox.control.injectFault({ operation: 'senders.get', status: 500, times: 10 });
    await client.getSender(subproject.subprojectId, sender.id).catch(keep);

    const accessTokens = sandbox.control.issuedTokens();
    expect(accessTokens.length).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBe(2);
    expect(harness.logs.length).toBeGreaterThan(10);
    const haystack = [harness.logText(), ...errors, JSON.stringify(app)].join('\n');
    const needles = [
      KEY_SECRET,
      basicAuthorization('sandbox-key-id', KEY_SECRET).slice(6),
      bearerToken,
      'provisioning-webhook-secret-1',
      ...accessTokens,
    ];
    for (const needle of needles) expect(haystack).not.toContain(needle);
    expect(errors[0]).toContain('[REDACTED]');
  });
});
