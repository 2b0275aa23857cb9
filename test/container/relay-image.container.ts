import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunningSinchSandbox, startSinchSandbox } from '@whatsapp-signup/sinch-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBaseImage } from './base-image.js';
import { step } from './command.js';
import {
  bridgeGateway,
  type DockerDaemon,
  docker,
  dockerOut,
  ensureDocker,
  removeContainers,
  removeVolume,
} from './docker.js';
import { callRelay, trickledPost } from './relay-api.js';
import {
  containerExit,
  containerLogs,
  mainProcess,
  type RelayContainer,
  startRelayContainer,
} from './relay-container.js';
import { buildRelayImage, type RelayImage } from './relay-image.js';

/**
 * `pnpm test:container`: builds relay/Dockerfile on this machine without any registry (a locally made
 * Node base and a host-made bundle, see relay-image.ts) and runs the image as docs/deploy.md does,
 * against the Sinch sandbox listening on the host's Docker bridge address.
 */

const run = `${process.pid}-${Date.now().toString(36)}`;
const names = {
  first: `whatsapp-signup-relay-a-${run}`,
  second: `whatsapp-signup-relay-b-${run}`,
  volume: `whatsapp-signup-relay-data-${run}`,
};
const secrets = {
  SINCH_KEY_SECRET: randomBytes(24).toString('base64url'),
  RELAY_SESSION_SECRET: randomBytes(32).toString('base64url'),
  RELAY_ADMIN_TOKEN: randomBytes(24).toString('hex'),
};
const customerId = 'container-customer';
const onboardingBody = {
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  businessId: '210987654321',
  finishEvent: 'FINISH',
  region: 'EU',
  metaLocalStorage: 'DE',
};

interface Onboarding {
  id: string;
  status: string;
  step: string;
  senderId: string | null;
  appId: string | null;
  appRegion: string | null;
  updatedAt: string;
  error: unknown;
}

describe('relay container image', () => {
  let daemon: DockerDaemon | undefined;
  let sandbox: RunningSinchSandbox | undefined;
  let image: RelayImage;
  let settings: Record<string, string>;
  let relay: RelayContainer;
  let sessionToken: string;
  let completed: Onboarding;

  beforeAll(async () => {
    const started = Date.now();
    daemon = await ensureDocker();
    const base = await ensureNodeBaseImage();
    image = await buildRelayImage(base);
    const gateway = await bridgeGateway();
    sandbox = await startSinchSandbox({ host: gateway, port: 0, activationMs: 1_000 });
    step(`Sinch sandbox on ${sandbox.url} (the host's bridge address, reachable from containers)`);
    settings = {
      SINCH_PROJECT_ID: 'container-parent-project',
      SINCH_KEY_ID: 'container-key',
      ...sandbox.env,
    };
    step(`prepared in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });

  afterAll(async () => {
    await removeContainers(names.first, names.second);
    await removeVolume(names.volume);
    await sandbox?.close();
    await daemon?.stop();
  });

  const startRelay = (name: string) =>
    startRelayContainer({ name, image: image.tag, volume: names.volume, settings, secrets });

  it('starts healthy, as a non-root node process that is PID 1', async () => {
    relay = await startRelay(names.first);
    const main = await mainProcess(names.first);
    step(`main process: uid ${main.uid}, "${main.command}"`);
    expect(main.uid).not.toBe(0);
    expect(main.command).toBe('node dist/main.js');
    expect(await dockerOut(['exec', names.first, 'id', '-u'])).not.toBe('0');
    expect(await dockerOut(['exec', names.first, 'cat', '/proc/1/cmdline'])).toContain('dist/main.js');
    const ready = await fetch(`${relay.url}/readyz`);
    expect(ready.status).toBe(200);
    const labels = JSON.parse(
      await dockerOut(['image', 'inspect', '--format', '{{json .Config.Labels}}', image.tag]),
    ) as Record<string, string>;
    expect(labels['org.opencontainers.image.title']).toBeTruthy();
  });

  it('runs one onboarding end to end against the Sinch sandbox', async () => {
    const session = await callRelay<{ token: string; expiresAt: string }>(
      relay.url,
      'POST',
      '/v1/sessions',
      secrets.RELAY_ADMIN_TOKEN,
      { customerId, displayName: 'Container Test GmbH' },
    );
    expect(session.status).toBe(201);
    sessionToken = session.body.token;

    const created = await callRelay<Onboarding>(
      relay.url,
      'POST',
      '/v1/onboardings',
      sessionToken,
      onboardingBody,
    );
    expect(created.status).toBe(202);
    step(`onboarding ${created.body.id} accepted (${created.body.step})`);

    const deadline = Date.now() + 60_000;
    let current = created.body;
    while (current.status === 'in_progress' && Date.now() < deadline) {
      await sleep(250);
      current = (await callRelay<Onboarding>(relay.url, 'GET', `/v1/onboardings/${current.id}`, sessionToken))
        .body;
    }
    step(`onboarding ${current.id}: ${current.status} at step ${current.step}`);
    if (current.status !== 'completed') console.log(await containerLogs(names.first));
    expect(current).toMatchObject({ status: 'completed', step: 'done', error: null, appRegion: 'eu' });
    completed = current;

    const state = sandbox?.control.state();
    expect(state?.subprojects).toHaveLength(1);
    expect(state?.senders).toHaveLength(1);
    expect(state?.senders[0]?.phoneNumberId).toBe(onboardingBody.phoneNumberId);
    expect(state?.apps).toHaveLength(1);
    expect(state?.subprojects[0]?.displayName).toBe('Container Test GmbH');
  });

  it('logs no secret', async () => {
    const logs = (await docker(['logs', names.first])).stdout + (await docker(['logs', names.first])).stderr;
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [...Object.values(secrets), sessionToken]) expect(logs).not.toContain(secret);
  });

  it('finishes in-flight requests on docker stop (one waiting on Sinch, one half sent) and exits 0', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = trickledPost(relay.url, '/v1/sessions', secrets.RELAY_ADMIN_TOKEN, { customerId }, released);
    // Settled at once, so a dropped connection is reported by the assertions below, not as an unhandled error.
    const answer = held.answer.then(
      (ok) => ({ status: ok.status, token: ok.body.token, error: undefined }),
      (error: unknown) => ({ status: 0, token: undefined, error: String(error) }),
    );
    // A template submission the sandbox holds for 3 s: a request waiting on Sinch when SIGTERM comes.
    sandbox?.control.setLatency('templates.create', 3_000);
    const template = callRelay(relay.url, 'POST', '/v1/templates', sessionToken, {
      name: 'container_order_ready',
      language: 'EN',
      category: 'UTILITY',
      details: {
        components: [{ type: 'BODY', text: 'Hello {{1}}, your order is ready.', examples: ['Ana'] }],
      },
    }).then(
      (ok) => ({ status: ok.status, error: undefined }),
      (error: unknown) => ({ status: 0, error: String(error) }),
    );
    await held.sent;
    await sleep(500);

    step(
      `docker stop ${names.first} while POST /v1/templates waits on Sinch and POST /v1/sessions is half sent`,
    );
    const stopStarted = Date.now();
    const stopped = docker(['stop', names.first]);
    // The relay has had the SIGTERM for a while; the request is still waiting for the rest of its body.
    await sleep(1_500);
    const stateAtRelease = (await containerExit(names.first)).status;
    release();

    const result = await answer;
    await stopped;
    const stopSeconds = (Date.now() - stopStarted) / 1000;
    const exit = await containerExit(names.first);
    step(
      `in-flight request: ${result.error ?? result.status}; container exited ${exit.exitCode} after ${stopSeconds.toFixed(1)} s`,
    );
    if (result.error) console.log(await containerLogs(names.first));
    const templateResult = await template;
    sandbox?.control.setLatency('templates.create', 0);
    step(`in-flight template submission: ${templateResult.error ?? templateResult.status}`);
    expect(templateResult).toEqual({ status: 201, error: undefined });
    expect(result).toMatchObject({ status: 201, error: undefined });
    expect(typeof result.token).toBe('string');
    expect(stateAtRelease).toBe('running');
    expect(exit).toEqual({ status: 'exited', exitCode: 0, oomKilled: false });
    // Well inside the 30 s stop timeout: the relay exited by itself, Docker did not have to kill it.
    expect(stopSeconds).toBeLessThan(15);
  });

  it('keeps the SQLite data in the volume across a new container', async () => {
    await removeContainers(names.first);
    relay = await startRelay(names.second);
    const again = await callRelay<Onboarding>(
      relay.url,
      'GET',
      `/v1/onboardings/${completed.id}`,
      secrets.RELAY_ADMIN_TOKEN,
    );
    expect(again.status).toBe(200);
    expect(again.body).toEqual(completed);
    // The same POST is answered from the database, and Sinch is not called again.
    const repeated = await callRelay<Onboarding>(
      relay.url,
      'POST',
      '/v1/onboardings',
      sessionToken,
      onboardingBody,
    );
    expect(repeated.status).toBe(200);
    expect(repeated.body.id).toBe(completed.id);
    const state = sandbox?.control.state();
    expect([state?.subprojects.length, state?.senders.length, state?.apps.length]).toEqual([1, 1, 1]);
  });

  it('takes an online SQLite backup with the command in docs/deploy.md', async () => {
    const backup = '/data/relay-backup.db';
    await docker([
      'exec',
      names.second,
      'node',
      '-e',
      `new (require('better-sqlite3'))('/data/relay.db',{readonly:true}).backup('${backup}')`,
    ]);
    const count = await dockerOut([
      'exec',
      names.second,
      'node',
      '-e',
      `console.log(new (require('better-sqlite3'))('${backup}',{readonly:true}).prepare('select count(*) as n from onboardings').get().n)`,
    ]);
    expect(count).toBe('1');
  });

  it('reports its size', () => {
    step(
      `image ${image.tag}: ${(image.sizeBytes / 1e6).toFixed(1)} MB (relay bundle ${(image.bundleBytes / 1e6).toFixed(1)} MB)`,
    );
    expect(image.bundleBytes).toBeGreaterThan(1e6);
    expect(image.bundleBytes).toBeLessThan(80e6);
  });
});
