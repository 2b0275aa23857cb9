import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from './free-port.js';
import { RelayProcess } from './relay-process.js';

/** A stand-in relay: an HTTP server that logs the listening line the way the relay does. */
const FAKE_RELAY = `
import { createServer } from 'node:http';
if (process.env.FAIL) { console.error('bad config: ' + process.env.FAIL); process.exit(3); }
const server = createServer((_, res) => res.end(String(process.pid)));
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(JSON.stringify({ level: 30, msg: 'Relay listening on http://127.0.0.1:' + process.env.PORT }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

function fakeRelayEntry(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-relay-'));
  const entry = join(dir, 'main.mjs');
  writeFileSync(entry, FAKE_RELAY);
  return entry;
}

describe('RelayProcess', () => {
  const started: RelayProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.map((relay) => relay.stop()));
  });

  it('starts, reports the URL from the JSON log line, stops, and restarts on the same port', async () => {
    const port = await findFreePort();
    const lines: string[] = [];
    const relay = new RelayProcess({
      entry: fakeRelayEntry(),
      env: { PORT: String(port) },
      onLine: (line) => lines.push(line),
    });
    started.push(relay);
    const url = await relay.start();
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(lines.some((line) => line.includes('Relay listening on'))).toBe(true);
    const firstPid = await (await fetch(url)).text();

    await relay.restart({ crash: true });
    expect(relay.running).toBe(true);
    const secondPid = await (await fetch(url)).text();
    expect(secondPid).not.toBe(firstPid);

    await relay.stop();
    expect(relay.running).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('reports a crash, but not the exits it causes itself', async () => {
    const exits: Array<NodeJS.Signals | null> = [];
    const relay = new RelayProcess({
      entry: fakeRelayEntry(),
      env: { PORT: String(await findFreePort()) },
      onUnexpectedExit: (_code, signal) => exits.push(signal),
    });
    started.push(relay);
    await relay.start();
    await relay.restart();
    await relay.stop();
    expect(exits).toEqual([]);
    await relay.start();
    const pid = Number(await (await fetch(relay.url)).text());
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => exits).toEqual(['SIGKILL']);
  });

  it('fails with the relay output when the relay exits during start-up', async () => {
    const relay = new RelayProcess({
      entry: fakeRelayEntry(),
      env: { PORT: '1', FAIL: 'SINCH_KEY_ID is required' },
    });
    await expect(relay.start()).rejects.toThrow(/exited during start-up[\s\S]*SINCH_KEY_ID is required/);
  });

  it('passes only the given environment (and PATH) to the relay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-relay-env-'));
    const entry = join(dir, 'main.mjs');
    writeFileSync(
      entry,
      "console.log('Relay listening on http://127.0.0.1:1 ' + Object.keys(process.env).sort().join(','));",
    );
    const lines: string[] = [];
    const relay = new RelayProcess({ entry, env: { ONLY_THIS: 'x' }, onLine: (line) => lines.push(line) });
    await relay.start();
    expect(lines[0]).toMatch(/ONLY_THIS,PATH$/);
  });
});
