import { expect } from 'vitest';
import type { RelayUnderTest } from './relay-under-test.js';
import { describeHits, scanForSecrets } from './secret-scan.js';

/**
 * Fails when any answer or relay log line of `rut`'s run so far holds one of its secrets, and prints what
 * was scanned (for docs/RELIABILITY.md).
 */
export function expectNoSecretsLeaked(rut: RelayUnderTest, suite: string): void {
  const secrets = rut.secrets();
  const hits = scanForSecrets(rut.recorder.entries, secrets);
  const { answers, logLines } = rut.recorder.counts();
  const kinds = new Map<string, number>();
  for (const secret of secrets) kinds.set(secret.kind, (kinds.get(secret.kind) ?? 0) + 1);
  console.log(
    `secret scan (${suite}): ${answers} answers and ${logLines} log lines searched for ${secrets.length} secrets ` +
      `(${[...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ')}): ${hits.length} hits`,
  );
  expect(logLines, 'the relay printed nothing: the scan would prove nothing').toBeGreaterThan(0);
  expect(hits.length, describeHits(hits)).toBe(0);
}
