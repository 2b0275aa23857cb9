import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The line the relay prints once it accepts connections (CONTRACT: `Relay listening on <url>`). */
const LISTENING_LINE = /Relay listening on (https?:\/\/[^\s"',}]+)/;

/** How to start the relay as a child process. */
export interface RelayProcessOptions {
  /** Path of the built relay entry point (`relay/dist/main.js`). */
  entry: string;
  /** The relay's whole configuration (CONTRACT section 3); nothing else is inherited but `PATH`. */
  env: Record<string, string>;
  /** Working directory of the child. */
  cwd?: string;
  /** Receives every stdout and stderr line of the relay (its JSON request log). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called when a started relay exits without being asked to (a crash, a fatal error). */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  /** How long to wait for the listening line before giving up. */
  startTimeoutMs?: number;
}

/**
 * The relay running in a child process (`node relay/dist/main.js`), the way an
 * operator runs it. It can be stopped, killed and started again on the same
 * port and database, which is what the demo's Ctrl-C and the e2e restart tests need.
 */
export class RelayProcess {
  #child: ChildProcess | undefined;
  #url: string | undefined;
  readonly #options: RelayProcessOptions;
  /** Set while `stop()` runs, so that the exit it causes is not reported as unexpected. */
  #stopping = false;
  readonly #killOnExit = () => this.#child?.kill('SIGKILL');

  constructor(options: RelayProcessOptions) {
    this.#options = options;
  }

  /** The base URL the relay reported, once started. */
  get url(): string {
    if (!this.#url) throw new Error('relay not started');
    return this.#url;
  }

  /** True while the child process is alive. */
  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts the relay and resolves with its URL once it logs `Relay listening on <url>`. */
  start(): Promise<string> {
    if (this.running) return Promise.resolve(this.url);
    const { entry, env, cwd, onLine, startTimeoutMs = 20_000 } = this.#options;
    const child = spawn(process.execPath, [entry], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    // A demo stopped by a crash or a test runner's teardown must not leave a relay behind.
    process.once('exit', this.#killOnExit);
    const recent: string[] = [];
    // Reset so that a restart waits for the new child's own listening line.
    this.#url = undefined;
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        fail(new Error(`relay did not report "Relay listening on" within ${startTimeoutMs} ms`));
        child.kill('SIGKILL');
      }, startTimeoutMs);
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new Error(`${error.message}\n--- last relay output ---\n${recent.join('\n')}`));
      };
      const watch = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr') => {
        if (!stream) return;
        createInterface({ input: stream }).on('line', (line) => {
          recent.push(line);
          if (recent.length > 30) recent.shift();
          onLine?.(line, name);
          const match = settled ? null : LISTENING_LINE.exec(line);
          if (match?.[1]) {
            settled = true;
            clearTimeout(timer);
            this.#url = match[1];
            resolve(match[1]);
          }
        });
      };
      watch(child.stdout, 'stdout');
      watch(child.stderr, 'stderr');
      child.once('error', (error) => fail(error));
      child.once('exit', (code, signal) => {
        process.removeListener('exit', this.#killOnExit);
        if (settled && !this.#stopping) this.#options.onUnexpectedExit?.(code, signal);
        fail(new Error(`relay exited during start-up (code ${code}, signal ${signal})`));
      });
    });
  }

  /**
   * Stops the relay with `signal` (SIGTERM: a graceful shutdown) and waits for it to
   * exit, escalating to SIGKILL after `graceMs`.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5_000): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.#stopping = true;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    this.#stopping = false;
  }

  /** Kills the relay without warning (a crash), then waits for the process to be gone. */
  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }

  /** Stops the relay (gracefully unless `crash`) and starts it again with the same configuration. */
  async restart({ crash = false }: { crash?: boolean } = {}): Promise<string> {
    await (crash ? this.kill() : this.stop());
    return this.start();
  }
}
