/**
 * Finds work and runs it: leases due onboardings (its own, other replicas'
 * after their leases expire, or ones woken in-process by a POST, a callback or
 * a retry), renews the leases of what it is running, and stops cleanly.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../observability/logger.js';
import type { OnboardingRow, Store } from '../store/index.js';
import type { WorkflowEngine } from './engine.js';

/** Runner settings. */
export interface RunnerOptions {
  store: Store;
  engine: WorkflowEngine;
  logger: Logger;
  leaseMs: number;
  /** How often to look for due work (other replicas' work, dead replicas' work, timers lost to a restart). */
  intervalMs: number;
  /** Onboardings this process advances at once. */
  concurrency: number;
  now?: () => number;
  /** Forget callback nonces older than this, at most once a minute. */
  purgeNonces?: boolean;
}

const NONCE_PURGE_INTERVAL_MS = 60_000;

/** The per-process scheduler. */
export class WorkflowRunner {
  /** This process's lease owner ID (unique per start, so a restarted process does not inherit leases). */
  readonly owner = `${hostname().slice(0, 24)}-${process.pid}-${randomBytes(6).toString('hex')}`;
  readonly #options: RunnerOptions;
  readonly #now: () => number;
  readonly #active = new Map<string, Promise<void>>();
  readonly #rerun = new Set<string>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #interval: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #stopping = false;
  #ticking = false;
  #tickAgain = false;
  #lastPurge = 0;

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Number of onboardings this process is advancing right now. */
  get activeCount(): number {
    return this.#active.size;
  }

  /** Starts polling for due work (and runs one pass at once). */
  start(): void {
    this.#stopping = false;
    this.#interval = setInterval(() => void this.tick(), this.#options.intervalMs);
    this.#interval.unref();
    this.#heartbeat = setInterval(
      () => void this.#renew(),
      Math.max(100, Math.floor(this.#options.leaseMs / 3)),
    );
    this.#heartbeat.unref();
    void this.tick();
  }

  /**
   * Stops taking work and waits for the running steps to finish; each onboarding
   * is handed back with its lease released so another replica (or the next
   * start) continues at once.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#interval);
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#active.values()]);
    clearInterval(this.#heartbeat);
  }

  /**
   * Stops every timer at once, without waiting for running steps or renewing
   * their leases: what a crash leaves behind. Their leases expire and another
   * replica takes over; the abandoned steps' late writes are refused by the
   * lease fence.
   */
  halt(): void {
    this.#stopping = true;
    clearInterval(this.#interval);
    clearInterval(this.#heartbeat);
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Runs `id` now if it is due for work and not leased elsewhere (a POST, a callback, a retry). */
  wake(id: string): void {
    if (this.#stopping) return;
    if (this.#active.has(id)) {
      // Running here already: run again right after, so nothing the caller changed is missed.
      this.#rerun.add(id);
      return;
    }
    if (this.#active.size >= this.#options.concurrency) return;
    this.#track(id, async () => {
      const row = await this.#options.store.claimOne(id, this.owner, this.#now(), this.#options.leaseMs);
      if (row) await this.#process(row);
    });
  }

  /** One pass: lease due onboardings up to the free capacity and run them. */
  async tick(): Promise<void> {
    if (this.#stopping) return;
    if (this.#ticking) {
      // A slot freed while this pass was claiming: claim again right after it.
      this.#tickAgain = true;
      return;
    }
    this.#ticking = true;
    this.#tickAgain = false;
    try {
      const { store, leaseMs, concurrency } = this.#options;
      const now = this.#now();
      if (this.#options.purgeNonces !== false && now - this.#lastPurge >= NONCE_PURGE_INTERVAL_MS) {
        this.#lastPurge = now;
        await store.purgeNonces(now);
      }
      const free = concurrency - this.#active.size;
      if (free <= 0) return;
      const rows = await store.claimDue(this.owner, now, leaseMs, free);
      for (const row of rows) {
        if (!this.#active.has(row.id)) this.#track(row.id, () => this.#process(row));
      }
    } catch (error) {
      this.#options.logger.error({ err: error }, 'runner pass failed');
    } finally {
      this.#ticking = false;
    }
    if (this.#tickAgain) void this.tick();
  }

  #track(id: string, work: () => Promise<void>): void {
    const job = work()
      .catch((error: unknown) => {
        this.#options.logger.error({ err: error, onboardingId: id }, 'onboarding run failed');
      })
      .finally(() => {
        this.#active.delete(id);
        if (this.#rerun.delete(id)) this.wake(id);
        // Refill the freed slot at once rather than at the next interval pass: a burst of onboardings
        // would otherwise run at `concurrency` per interval.
        else if (!this.#stopping) void this.tick();
      });
    this.#active.set(id, job);
  }

  async #process(row: OnboardingRow): Promise<void> {
    const next = await this.#options.engine.process(row, this.owner, () => this.#stopping);
    if (next !== undefined && !this.#stopping) this.#schedule(row.id, next);
  }

  /** Wakes `id` at `at` in this process (the interval pass is the fallback, e.g. after a restart). */
  #schedule(id: string, at: number): void {
    clearTimeout(this.#timers.get(id));
    const delay = Math.max(0, at - this.#now());
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      this.wake(id);
    }, delay);
    timer.unref();
    this.#timers.set(id, timer);
  }

  async #renew(): Promise<void> {
    if (this.#active.size === 0) return;
    try {
      await this.#options.store.renewLeases(
        [...this.#active.keys()],
        this.owner,
        this.#now() + this.#options.leaseMs,
      );
    } catch (error) {
      this.#options.logger.error({ err: error }, 'lease renewal failed');
    }
  }
}
