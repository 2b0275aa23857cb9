import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../demo/server/free-port.js';
import { workspaceRoot } from '../../demo/server/workspace.js';
import { ensureBuilt } from '../support/build-check.js';

/** True while a process with this PID exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PIDs of the direct children of `pid` (Linux `pgrep -P`). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return [];
  }
}

/** `node demo/scripts/demo.mjs` (what `pnpm demo` runs after the build), with nothing from this environment. */
describe('the demo command', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-command-'));
  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints one line "Demo: <url>", serves the site, and stops everything on ${signal}`, async () => {
      const port = await findFreePort();
      const demo: ChildProcess = spawn(process.execPath, ['demo/scripts/demo.mjs'], {
        cwd: workspaceRoot(),
        env: { PATH: process.env.PATH ?? '', DEMO_PORT: String(port), DEMO_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const stdout: string[] = [];
      const stderr: string[] = [];
      createInterface({ input: demo.stdout as NodeJS.ReadableStream }).on('line', (line) =>
        stdout.push(line),
      );
      createInterface({ input: demo.stderr as NodeJS.ReadableStream }).on('line', (line) =>
        stderr.push(line),
      );
      const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
      try {
        await expect.poll(() => stdout.length, { timeout: 30_000 }).toBeGreaterThan(0);
        expect(stdout).toEqual([`Demo: http://localhost:${port}`]);
        const page = await fetch(`http://localhost:${port}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<whatsapp-signup');
        const children = childrenOf(demo.pid as number);
        expect(children).toHaveLength(1);
        expect(readFileSync(`/proc/${children[0]}/cmdline`, 'utf8')).toContain('relay/dist/main.js');

        demo.kill(signal);
        expect(await exited).toBe(0);
        for (const child of children) expect(alive(child)).toBe(false);
        expect(stdout).toHaveLength(1);
        expect(stderr).toEqual([]);
        expect(existsSync(join(dataDir, 'relay.db'))).toBe(true);
        expect(readFileSync(join(dataDir, 'relay.log'), 'utf8')).toContain('Relay listening on');
      } finally {
        if (demo.exitCode === null) demo.kill('SIGKILL');
      }
    });
  }
});
