import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { builtPaths, workspaceRoot } from '../../../demo/server/workspace.js';

/** How to run the built relay as a child process. */
export interface RelayChildOptions {
  /** The relay's whole environment (CONTRACT §3 plus tuning knobs); only `PATH` is inherited. */
  env: Record<string, string>;
  /** Receives every stdout and stderr line, in order. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How long `start()` waits for `/readyz` to answer 200. */
  readyTimeoutMs?: number;
}

/** What one start measured. */
export interface RelayStart {
  /** From `spawn` to the first 200 of `GET /readyz`, in ms. */
  readyMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `node relay/dist/main.js` as an operator runs it, with what the benchmarks and the crash tests need
 * beyond the demo's `RelayProcess`: the process ID (for RSS from `/proc`), start-up time measured to
 * `/readyz` rather than to a log line, and SIGKILL at any moment followed by a restart on the same port
 * and database.
 */
export class RelayChild {
  readonly url: string;
  readonly #options: RelayChildOptions;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  readonly #killOnExit = () => this.#child?.kill('SIGKILL');

  constructor(options: RelayChildOptions) {
    this.#options = options;
    const host = options.env.HOST ?? '127.0.0.1';
    const port = options.env.PORT;
    if (!port || port === '0') throw new Error('RelayChild needs a fixed PORT (restarts keep the URL)');
    this.url = `http://${host}:${port}`;
  }

  /** Process ID of the running relay. */
  get pid(): number | undefined {
    return this.running ? this.#child?.pid : undefined;
  }

  /** True while the child process is alive. */
  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Spawns the relay and resolves once `GET /readyz` answers 200. */
  async start(): Promise<RelayStart> {
    if (this.running) throw new Error('relay already running');
    const { env, onLine, readyTimeoutMs = 30_000 } = this.#options;
    const root = workspaceRoot();
    const started = performance.now();
    const child = spawn(process.execPath, [builtPaths(root).relayMain], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    process.once('exit', this.#killOnExit);
    this.#exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        process.removeListener('exit', this.#killOnExit);
        resolve();
      }),
    );
    const recent: string[] = [];
    for (const [stream, name] of [
      [child.stdout, 'stdout'],
      [child.stderr, 'stderr'],
    ] as const) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        recent.push(line);
        if (recent.length > 40) recent.shift();
        onLine?.(line, name);
      });
    }
    while (performance.now() - started < readyTimeoutMs) {
      if (!this.running) {
        await this.#exited;
        throw new Error(`relay exited during start-up\n--- last output ---\n${recent.join('\n')}`);
      }
      try {
        const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1_000) });
        await response.arrayBuffer();
        if (response.status === 200) return { readyMs: performance.now() - started };
      } catch {
        // Not listening yet.
      }
      await sleep(5);
    }
    child.kill('SIGKILL');
    await this.#exited;
    throw new Error(`relay not ready within ${readyTimeoutMs} ms\n--- last output ---\n${recent.join('\n')}`);
  }

  /** Sends `signal` and waits for the process to exit (SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return this.#exited;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }

  /** A crash: SIGKILL, then wait until the process is gone. */
  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }

  /** Exit code of the last process (null while running or when killed by a signal). */
  get exitCode(): number | null {
    return this.#child?.exitCode ?? null;
  }

  /** Current resident set size in bytes (`VmRSS`), or undefined when not running. */
  rssBytes(): number | undefined {
    return this.#status('VmRSS');
  }

  /** Peak resident set size since start in bytes (`VmHWM`), or undefined when not running. */
  peakRssBytes(): number | undefined {
    return this.#status('VmHWM');
  }

  #status(field: 'VmRSS' | 'VmHWM'): number | undefined {
    const pid = this.pid;
    if (pid === undefined) return undefined;
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
        readFileSync(`/proc/${pid}/status`, 'utf8'),
      );
      return match?.[1] ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }
}
