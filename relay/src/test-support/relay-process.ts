/**
 * The built relay (`relay/dist/main.js`) as a child process, for crash,
 * shutdown and multi-replica tests: start, SIGKILL, SIGTERM, restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** `relay/dist/main.js` (built by the `test` script's `tsc -b`). */
export const RELAY_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.js');

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One relay child process. */
export class RelayChild {
  readonly lines: string[] = [];
  #child: ChildProcess | undefined;
  #exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  constructor(readonly env: Record<string, string>) {}

  /** Starts the relay and resolves with its URL once it logs `Relay listening on`. */
  async start(timeoutMs = 15_000): Promise<string> {
    const child = spawn(process.execPath, [RELAY_ENTRY], {
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`relay did not start:\n${this.lines.join('\n')}`)),
        timeoutMs,
      );
      const onLine = (line: string) => {
        this.lines.push(line);
        const match = /Relay listening on (http:\/\/[^\s"]+)/.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
      if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);
      void this.#exit?.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`relay exited with ${code} during start:\n${this.lines.join('\n')}`));
      });
    });
  }

  /** Sends `signal` and waits for the exit. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.#child;
    if (!child || !this.#exit) return { code: null, signal: null };
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return this.#exit;
  }
}

/** Runs the relay with `env` until it exits (for start-up failures). */
export function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RELAY_ENTRY], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
