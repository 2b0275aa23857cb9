import { spawn } from 'node:child_process';

/** What a finished command produced. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for {@link run}. */
export interface RunOptions {
  /** Extra environment variables on top of this process's environment. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /** Resolve with the result instead of throwing when the exit code is not 0. */
  allowFailure?: boolean;
  /** Bytes written to the command's stdin, which is then closed. */
  input?: string;
}

const tailLines = (text: string, count: number): string =>
  text.trimEnd().split('\n').slice(-count).join('\n');

/**
 * Runs a command without a shell and collects its output. Throws (with the last lines of its
 * stderr and stdout) when it exits non-zero, unless `allowFailure` is set.
 */
export function run(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (result.code === 0 || options.allowFailure) {
        resolve(result);
        return;
      }
      reject(
        new Error(
          `${command} ${args.join(' ')} exited with ${signal ?? code}\n--- stderr ---\n${tailLines(stderr, 30)}\n--- stdout ---\n${tailLines(stdout, 30)}`,
        ),
      );
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Runs a command through `sh -c` (for pipes), with the same behaviour as {@link run}. */
export function runShell(script: string, options: RunOptions = {}): Promise<CommandResult> {
  return run('sh', ['-c', script], options);
}

/** Whether an executable is on the PATH. */
export async function hasCommand(name: string): Promise<boolean> {
  const result = await run('sh', ['-c', `command -v ${name}`], { allowFailure: true });
  return result.code === 0;
}

/** Prints one step line of the container suite, so a slow or failing run shows where it is. */
export function step(message: string): void {
  console.log(`[container] ${new Date().toISOString().slice(11, 19)} ${message}`);
}
