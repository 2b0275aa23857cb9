import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CommandResult, hasCommand, type RunOptions, run, step } from './command.js';

/**
 * Docker's classic builder: this machine's Debian docker.io has no BuildKit/buildx, and the Dockerfile
 * is written to build the same way under both builders.
 */
const dockerEnv = { DOCKER_BUILDKIT: '0' };

/** Runs the docker CLI (classic builder). */
export function docker(args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return run('docker', args, { ...options, env: { ...dockerEnv, ...options.env } });
}

/** Runs the docker CLI and returns its trimmed stdout. */
export async function dockerOut(args: readonly string[], options: RunOptions = {}): Promise<string> {
  return (await docker(args, options)).stdout.trim();
}

const asRoot = (command: string, args: readonly string[], options: RunOptions = {}) =>
  process.getuid?.() === 0 ? run(command, args, options) : run('sudo', [command, ...args], options);

/** Installs Debian packages with apt-get (used only for what is missing). */
export async function aptInstall(packages: readonly string[]): Promise<void> {
  step(`installing ${packages.join(', ')} with apt-get`);
  await asRoot('apt-get', ['update', '-qq']);
  await asRoot('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
}

async function daemonAnswers(): Promise<boolean> {
  return (await run('docker', ['info', '--format', '{{.ServerVersion}}'], { allowFailure: true })).code === 0;
}

/** A running Docker daemon, and how to put the machine back as it was. */
export interface DockerDaemon {
  /** The daemon's version, e.g. `20.10.24+dfsg1`. */
  serverVersion: string;
  /** Stops the daemon when this suite started it; does nothing otherwise. */
  stop(): Promise<void>;
}

/**
 * Makes sure the docker CLI and a daemon are available: installs Debian's docker.io when the CLI is
 * missing and starts `dockerd` when no daemon answers (stopping it again in `stop()`).
 */
export async function ensureDocker(): Promise<DockerDaemon> {
  if (!(await hasCommand('docker')) || !(await hasCommand('dockerd'))) await aptInstall(['docker.io']);
  let started: ReturnType<typeof spawn> | undefined;
  if (!(await daemonAnswers())) {
    const logFile = '/tmp/whatsapp-signup-dockerd.log';
    step(`starting dockerd (log: ${logFile})`);
    const out = openSync(logFile, 'a');
    const command = process.getuid?.() === 0 ? 'dockerd' : 'sudo';
    started = spawn(command, command === 'sudo' ? ['dockerd'] : [], {
      stdio: ['ignore', out, out],
      detached: true,
    });
    for (let attempt = 0; !(await daemonAnswers()); attempt += 1) {
      if (attempt >= 60 || started.exitCode !== null) {
        throw new Error(`dockerd did not start within 60 s; see ${logFile}`);
      }
      await sleep(1000);
    }
  }
  const serverVersion = await dockerOut(['info', '--format', '{{.ServerVersion}}']);
  step(`docker daemon ${serverVersion} ready${started ? ' (started by this suite)' : ''}`);
  return {
    serverVersion,
    async stop() {
      const daemon = started;
      if (!daemon || daemon.exitCode !== null || daemon.pid === undefined) return;
      step('stopping the dockerd this suite started');
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      process.kill(daemon.pid, 'SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
    },
  };
}

/** Whether an image with this reference exists locally. */
export async function imageExists(reference: string): Promise<boolean> {
  return (await docker(['image', 'inspect', reference], { allowFailure: true })).code === 0;
}

/** Removes containers by name, ignoring the ones that do not exist. */
export async function removeContainers(...names: string[]): Promise<void> {
  if (names.length > 0) await docker(['rm', '--force', ...names], { allowFailure: true });
}

/**
 * The host's address on Docker's default bridge (e.g. 172.17.0.1): where a container reaches a server
 * on the host without leaving the machine.
 */
export async function bridgeGateway(): Promise<string> {
  const gateway = await dockerOut([
    'network',
    'inspect',
    'bridge',
    '--format',
    '{{(index .IPAM.Config 0).Gateway}}',
  ]);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(gateway)) throw new Error(`unexpected bridge gateway "${gateway}"`);
  return gateway;
}

/** Removes a volume, ignoring one that does not exist. */
export async function removeVolume(name: string): Promise<void> {
  await docker(['volume', 'rm', '--force', name], { allowFailure: true });
}
