import type { RecordedText } from './recorder.js';

/** A secret to look for, named for the report (the value itself is never printed). */
export interface NamedSecret {
  kind: string;
  value: string;
}

/** One place a secret showed up. */
export interface SecretHit {
  kind: string;
  source: string;
  /** The text around the hit with the secret itself masked, to find the culprit without leaking it. */
  context: string;
}

/** Shortest needle worth searching for: shorter fragments would match by chance. */
const MIN_NEEDLE = 16;

/**
 * The strings that give a secret away: the whole value, and for dotted tokens (JWTs, sender bearer
 * tokens) each dot-separated part long enough to be unique, so that a log printing only a JWT's payload
 * or signature still counts. A JWT header (`eyJ…`) is skipped: every HS256 token shares it.
 */
export function needlesOf(secret: string): string[] {
  const needles = new Set<string>();
  if (secret.length >= 8) needles.add(secret);
  const parts = secret.split('.');
  if (parts.length > 1) {
    parts.forEach((part, index) => {
      if (part.length < MIN_NEEDLE) return;
      if (index === 0 && part.startsWith('eyJ')) return;
      needles.add(part);
    });
  }
  return [...needles];
}

/**
 * Searches every recorded text for every secret; returns one hit per (text, secret) found (none is the only
 * good answer).
 */
export function scanForSecrets(
  entries: readonly RecordedText[],
  secrets: readonly NamedSecret[],
): SecretHit[] {
  const searches = secrets.map((secret) => ({ ...secret, needles: needlesOf(secret.value) }));
  const hits: SecretHit[] = [];
  for (const entry of entries) {
    for (const { kind, value, needles } of searches) {
      if (entry.allowed?.includes(value)) continue;
      for (const needle of needles) {
        const at = entry.text.indexOf(needle);
        if (at === -1) continue;
        const from = Math.max(0, at - 60);
        const context = entry.text
          .slice(from, at + needle.length + 60)
          .split(needle)
          .join(`<${kind}>`);
        hits.push({ kind, source: entry.source, context });
        break;
      }
    }
  }
  return hits;
}

/** A short, secret-free description of the hits for an assertion message. */
export function describeHits(hits: readonly SecretHit[], limit = 10): string {
  return hits
    .slice(0, limit)
    .map((hit) => `${hit.kind} in ${hit.source}: …${hit.context}…`)
    .join('\n');
}
