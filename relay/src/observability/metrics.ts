/**
 * Prometheus metrics: onboardings by status (read from the database at scrape
 * time, so every replica reports the same truth), Sinch calls by operation and
 * outcome with latencies, workflow step outcomes, HTTP request latencies.
 * @module
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One finished Sinch call, as the Sinch client's `onCall` reports it. */
export interface SinchCallRecord {
  operation: string;
  outcome: 'ok' | 'retryable_error' | 'permanent_error';
  status?: number | undefined;
  durationMs: number;
}

/** The relay's metrics on their own registry (no global state, so tests can build many apps). */
export class RelayMetrics {
  readonly registry = new Registry();
  readonly #sinchCalls: Counter<'operation' | 'outcome'>;
  readonly #sinchLatency: Histogram<'operation'>;
  readonly #steps: Counter<'step' | 'outcome'>;
  readonly #stepLatency: Histogram<'step'>;
  readonly #http: Histogram<'method' | 'route' | 'status'>;

  constructor(
    countByStatus: () => Promise<Record<string, number>>,
    options: { defaultMetrics?: boolean } = {},
  ) {
    const registers = [this.registry];
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'relay_' });
    new Gauge({
      name: 'relay_onboardings',
      help: 'Onboardings by status.',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await countByStatus();
        for (const status of ['in_progress', 'completed', 'failed'])
          this.set({ status }, counts[status] ?? 0);
      },
    });
    this.#sinchCalls = new Counter({
      name: 'relay_sinch_calls_total',
      help: 'Sinch API calls by operation and outcome.',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.#sinchLatency = new Histogram({
      name: 'relay_sinch_call_duration_seconds',
      help: 'Sinch API call latency (including the client’s own retries).',
      labelNames: ['operation'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#steps = new Counter({
      name: 'relay_workflow_steps_total',
      help: 'Workflow step attempts by step and outcome.',
      labelNames: ['step', 'outcome'],
      registers,
    });
    this.#stepLatency = new Histogram({
      name: 'relay_workflow_step_duration_seconds',
      help: 'Workflow step attempt latency.',
      labelNames: ['step'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#http = new Histogram({
      name: 'relay_http_request_duration_seconds',
      help: 'HTTP request latency by route and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }

  /** Records one Sinch call (wire this to the client's `onCall`). */
  recordSinchCall(call: SinchCallRecord): void {
    this.#sinchCalls.inc({ operation: call.operation, outcome: call.outcome });
    this.#sinchLatency.observe({ operation: call.operation }, call.durationMs / 1000);
  }

  /** Records one workflow step attempt. */
  recordStep(step: string, outcome: string, ms: number): void {
    this.#steps.inc({ step, outcome });
    this.#stepLatency.observe({ step }, ms / 1000);
  }

  /** Records one HTTP request. */
  recordRequest(method: string, route: string, status: number, ms: number): void {
    this.#http.observe({ method, route, status: String(status) }, ms / 1000);
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The exposition's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
