import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../test-support/relay-harness.js';
import { waitFor } from '../test-support/wait.js';
import { signNotification } from './notifier.js';

const SECRET = 'asp-webhook-secret-0123456789';

interface Delivery {
  headers: IncomingMessage['headers'];
  body: string;
}

describe('onboarding webhook', () => {
  const deliveries: Delivery[] = [];
  let refuseFirst = true;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += String(chunk);
    });
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body });
      // The first delivery fails: the relay must retry.
      response.statusCode = refuseFirst ? 503 : 204;
      refuseFirst = false;
      response.end();
    });
  });
  let t: TestRelay;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await startTestRelay({
      env: {
        ONBOARDING_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/onboarding`,
        ONBOARDING_WEBHOOK_SECRET: SECRET,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts the finished resource, signed, and retries a refused delivery', async () => {
    const token = await t.token('cust-webhook');
    const response = await t.app.request('/v1/onboardings', {
      method: 'POST',
      headers: t.headers(token),
      body: JSON.stringify({ wabaId: '1', phoneNumberId: '2', region: 'US', metaLocalStorage: 'US' }),
    });
    const { id } = (await response.json()) as { id: string };
    await waitFor(() => deliveries.length >= 2, { timeoutMs: 8_000, what: 'two deliveries' });
    const [first, second] = deliveries;
    expect(first?.body).toBe(second?.body);
    const resource = JSON.parse(second?.body ?? '{}');
    expect(resource).toMatchObject({ id, status: 'completed', appRegion: 'us' });
    const nonce = String(second?.headers['x-relay-signature-nonce']);
    const timestamp = String(second?.headers['x-relay-signature-timestamp']);
    expect(second?.headers['x-relay-signature']).toBe(
      signNotification(SECRET, second?.body ?? '', nonce, timestamp),
    );
    expect(second?.headers['content-type']).toBe('application/json');
  });
});
