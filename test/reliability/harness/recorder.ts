/** One piece of text the relay produced: a log line or an HTTP answer. */
export interface RecordedText {
  /** Where it came from, e.g. `log:stdout` or `GET /v1/onboardings/:id 200`. */
  source: string;
  text: string;
  /**
   * Secrets this text legitimately carries (only the session token in the answer of `POST /v1/sessions`,
   * which exists to hand it out); every other secret is still searched for.
   */
  allowed?: readonly string[];
}

/**
 * Everything the relay said during a run: each log line and each answer (status line, headers and body)
 * the harness received. The secret scan reads it at the end.
 */
export class Recorder {
  readonly entries: RecordedText[] = [];
  #answers = 0;
  #logLines = 0;

  /** Keeps one relay log line. */
  logLine(line: string, stream: 'stdout' | 'stderr'): void {
    this.#logLines += 1;
    this.entries.push({ source: `log:${stream}`, text: line });
  }

  /** Keeps one answer. */
  answer(source: string, text: string, allowed?: readonly string[]): void {
    this.#answers += 1;
    this.entries.push(allowed ? { source, text, allowed } : { source, text });
  }

  /** How many answers and log lines were kept. */
  counts(): { answers: number; logLines: number } {
    return { answers: this.#answers, logLines: this.#logLines };
  }
}
