import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { step } from './command.js';
import { docker, dockerOut } from './docker.js';

/** How the suite starts one relay container. */
export interface RelayContainerOptions {
  name: string;
  image: string;
  /** Named volume mounted at `/data` (the SQLite default). */
  volume: string;
  /** Plain settings, passed as `-e NAME=value`. */
  settings: Record<string, string>;
  /** Secrets, passed as `-e NAME` so their values stay out of the docker command line. */
  secrets: Record<string, string>;
}

/** A started relay container, reachable from the host. */
export interface RelayContainer {
  name: string;
  /** `http://127.0.0.1:<published port>`. */
  url: string;
}

/**
 * Starts the relay as docs/deploy.md and deploy/ run it: read-only root file system with a `/tmp`
 * tmpfs, the data volume at `/data`, the port published on the host's loopback, a stop timeout above
 * the relay's shutdown grace. Resolves once Docker reports the container healthy.
 */
export async function startRelayContainer(options: RelayContainerOptions): Promise<RelayContainer> {
  const env = [
    ...Object.entries(options.settings).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    ...Object.keys(options.secrets).flatMap((name) => ['--env', name]),
  ];
  step(`docker run ${options.name} (volume ${options.volume})`);
  await docker(
    [
      'run',
      '--detach',
      '--name',
      options.name,
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--volume',
      `${options.volume}:/data`,
      '--publish',
      '127.0.0.1::8787',
      '--stop-timeout',
      '30',
      ...env,
      options.image,
    ],
    { env: options.secrets },
  );
  const published = await dockerOut(['port', options.name, '8787/tcp']);
  const port = published.split('\n')[0]?.split(':').at(-1);
  const container = { name: options.name, url: `http://127.0.0.1:${port}` };
  await waitHealthy(options.name);
  return container;
}

/** Waits for Docker's HEALTHCHECK to report `healthy` (the image's own probe of `/healthz`). */
export async function waitHealthy(name: string, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const status = await dockerOut([
      'inspect',
      '--format',
      '{{.State.Status}} {{.State.Health.Status}}',
      name,
    ]);
    if (status === 'running healthy') {
      step(`${name} is healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    if (!status.startsWith('running') || Date.now() - started > timeoutMs) {
      throw new Error(`${name} did not become healthy (${status}); logs:\n${await containerLogs(name)}`);
    }
    await sleep(500);
  }
}

/** The container's stdout and stderr (the relay logs JSON lines), last 60 lines. */
export async function containerLogs(name: string): Promise<string> {
  const logs = await docker(['logs', '--tail', '60', name], { allowFailure: true });
  return `${logs.stdout}${logs.stderr}`.trimEnd();
}

/** Exit code, whether Docker had to kill it, and the main process' state. */
export async function containerExit(
  name: string,
): Promise<{ exitCode: number; oomKilled: boolean; status: string }> {
  const [status, exitCode, oomKilled] = (
    await dockerOut([
      'inspect',
      '--format',
      '{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}',
      name,
    ])
  ).split(' ');
  return { status: status ?? '', exitCode: Number(exitCode), oomKilled: oomKilled === 'true' };
}

/** The main process as the host kernel sees it: real UID and command line. */
export async function mainProcess(name: string): Promise<{ uid: number; command: string }> {
  const pid = await dockerOut(['inspect', '--format', '{{.State.Pid}}', name]);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  const command = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean).join(' ');
  return { uid, command };
}
