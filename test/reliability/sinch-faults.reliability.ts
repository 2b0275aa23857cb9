import type { Onboarding } from '@whatsapp-signup/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { consoleTable, markdownTable } from '../bench/support/format.js';
import {
  FAULT_KINDS,
  type FaultKind,
  faultFor,
  OPERATIONS,
  type OperationUnderTest,
  SINCH_TIMEOUT_MS,
} from './harness/fault-matrix.js';
import { expectNoSecretsLeaked } from './harness/no-secrets.js';
import { onboardingBody } from './harness/relay-api.js';
import { type RelayUnderTest, startRelayUnderTest } from './harness/relay-under-test.js';
import { checkCompleted, findDuplicates } from './harness/sinch-audit.js';

/**
 * Every Sinch operation an onboarding uses × every fault of the issue. Each scenario is one onboarding of a
 * fresh customer with the fault armed in the sandbox; it must end `completed`, or `failed` with a clear
 * error and then complete on `POST /retry`; the sandbox must never hold a duplicate.
 */

let rut: RelayUnderTest;
const outcomes: Array<{
  operation: string;
  fault: FaultKind;
  outcome: string;
  faultsHit: number;
  ms: number;
}> = [];

beforeAll(async () => {
  rut = await startRelayUnderTest({
    callbacks: true,
    sandbox: { activationMs: 150 },
    env: {
      LOG_LEVEL: 'debug',
      SINCH_TIMEOUT_MS: String(SINCH_TIMEOUT_MS),
      RELAY_POLL_INITIAL_MS: '100',
      RELAY_POLL_MAX_MS: '400',
      RELAY_RUNNER_INTERVAL_MS: '100',
    },
  });
});

afterAll(async () => {
  if (!rut) return;
  await rut.close();
  if (outcomes.length > 0) {
    const table = {
      columns: ['operation', 'fault', 'outcome', 'faulted calls', 'ms'],
      rows: outcomes.map((row) => [
        row.operation,
        row.fault,
        row.outcome,
        String(row.faultsHit),
        String(row.ms),
      ]),
    };
    console.log(`\nSinch fault matrix (${outcomes.length} scenarios)\n${consoleTable(table)}\n`);
    // The same as a grid, for docs/RELIABILITY.md: ✓ completed, or the permanent failure and the retry.
    const grid = {
      columns: ['operation', ...FAULT_KINDS],
      rows: [...new Set(outcomes.map((row) => row.operation))].map((operation) => [
        `\`${operation}\``,
        ...FAULT_KINDS.map((kind) => {
          const row = outcomes.find((item) => item.operation === operation && item.fault === kind);
          if (!row) return 'not run';
          const permanent = /: (\w+) \(retryable (\w+)\) → retry → completed$/.exec(row.outcome);
          if (permanent) return `failed \`${permanent[1]}\` → retry ✓`;
          return row.outcome === 'completed' ? '✓' : row.outcome;
        }),
      ]),
    };
    console.log(`\n${markdownTable(grid)}\n`);
  }
});

/** The Sinch template calls behind `POST` and `GET /v1/templates`. */
const TEMPLATE_OPERATIONS: OperationUnderTest[] = [
  { operation: 'templates.create', create: true },
  { operation: 'templates.list' },
];

/** A valid WhatsApp template named `name`. */
function templateBody(name: string) {
  return {
    name,
    language: 'EN',
    category: 'UTILITY',
    details: { components: [{ type: 'BODY', text: 'Hello {{1}}, your order is ready.', examples: ['Ana'] }] },
  };
}

/** A short, secret-free account of a finished onboarding. */
function describeFinal(onboarding: Onboarding): string {
  return onboarding.status === 'failed'
    ? `failed at ${onboarding.step}: ${onboarding.error?.code} (retryable ${onboarding.error?.retryable})`
    : onboarding.status;
}

async function runScenario(target: OperationUnderTest, kind: FaultKind) {
  const { api, sinch } = rut;
  const control = sinch.control;
  control.clearFaults();
  const customer = `faults-${target.operation}-${kind.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 7)}`;
  const token = await api.mintSession(customer);
  const logStart = control.requests().length;
  const fault = faultFor(target, kind);
  for (const reach of target.reach ?? []) control.injectFault(reach);
  if (fault) control.injectFault(fault);
  // The relay holds a valid token from earlier scenarios: refusing it makes the relay fetch a new one.
  if (target.needsFreshToken || (kind === 'expired token' && !fault)) control.expireTokens();

  const started = Date.now();
  const { onboarding } = await api.createOnboarding(token, onboardingBody());
  let final = await api.waitForFinal(onboarding.id, token, { timeoutMs: 60_000, intervalMs: 50 });
  let outcome = describeFinal(final);
  if (final.status === 'failed') {
    // A permanent failure must say what failed, where, and whether a retry may help.
    expect(final.error, outcome).toMatchObject({
      code: expect.stringMatching(/^[a-z][a-z0-9_]*$/),
      message: expect.any(String),
      retryable: expect.any(Boolean),
      step: final.step,
    });
    control.clearFaults();
    const retried = await api.retry(final.id, token);
    expect(retried.status, retried.text).toBe(202);
    final = await api.waitForFinal(final.id, token, { timeoutMs: 60_000, intervalMs: 50 });
    outcome = `${outcome} → retry → ${describeFinal(final)}`;
  }
  const ms = Date.now() - started;
  // Counted when the sandbox takes the fault (the request log is written only once a delayed answer ends).
  const left = control.state().settings.faults.find((item) => item.operation === target.operation);
  const faultsHit = fault ? (fault.times ?? 1) - (left?.times ?? 0) : 0;
  control.clearFaults();
  outcomes.push({ operation: target.operation, fault: kind, outcome, faultsHit, ms });

  const state = control.state();
  expect(final.status, outcome).toBe('completed');
  expect(checkCompleted(state, final)).toEqual([]);
  expect(findDuplicates(state)).toEqual([]);
  // The scenario must have exercised the fault it names (an expired token on oauth.token is the refusal).
  if (fault) expect(faultsHit, `the ${kind} fault on ${target.operation} was never hit`).toBeGreaterThan(0);
  else
    expect(
      control
        .requests()
        .slice(logStart)
        .some((entry) => entry.operation === 'oauth.token'),
    ).toBe(true);
}

describe('Sinch faults: every operation × every fault ends completed or clearly failed, never duplicated', () => {
  test('a clean onboarding completes and calls each operation of the happy path', async () => {
    const token = await rut.api.mintSession('faults-clean');
    const { onboarding } = await rut.api.createOnboarding(token, onboardingBody());
    const final = await rut.api.waitForFinal(onboarding.id, token);
    expect(final.status).toBe('completed');
    const called = new Set(rut.sinch.control.requests().map((entry) => entry.operation));
    for (const operation of [
      'oauth.token',
      'subprojects.create',
      'webhooks.create',
      'senders.create',
      'apps.create',
    ]) {
      expect(called, operation).toContain(operation);
    }
  });

  for (const target of OPERATIONS) {
    for (const kind of FAULT_KINDS) {
      test(`${target.operation} × ${kind}`, () => runScenario(target, kind));
    }
  }

  describe('template operations: a clear answer, then exactly one template', () => {
    let token = '';
    let subprojectId = '';

    beforeAll(async () => {
      rut.sinch.control.clearFaults();
      token = await rut.api.mintSession(`faults-templates-${Math.random().toString(36).slice(2, 7)}`);
      const { onboarding } = await rut.api.createOnboarding(token, onboardingBody());
      const final = await rut.api.waitForFinal(onboarding.id, token);
      expect(final.status).toBe('completed');
      subprojectId = final.subprojectId as string;
    });

    for (const target of TEMPLATE_OPERATIONS) {
      for (const kind of FAULT_KINDS) {
        test(`${target.operation} × ${kind}`, async () => {
          const control = rut.sinch.control;
          control.clearFaults();
          const fault = faultFor(target, kind);
          if (fault) control.injectFault(fault);
          else control.expireTokens();
          const name = `rel_${target.operation.replace('.', '_')}_${kind.replace(/\W+/g, '_').toLowerCase()}`;
          const send = () =>
            target.operation === 'templates.create'
              ? rut.api.request('POST', '/v1/templates', { token, body: templateBody(name) })
              : rut.api.request('GET', '/v1/templates', { token });
          const started = Date.now();
          const first = await send();
          const left = control.state().settings.faults.find((item) => item.operation === target.operation);
          const faultsHit = fault ? (fault.times ?? 1) - (left?.times ?? 0) : 0;
          control.clearFaults();
          let outcome = 'completed';
          if (first.status >= 300) {
            // A failure the caller can act on: the CONTRACT envelope with a code, and the status says retry.
            expect(first.json, first.text).toMatchObject({
              error: { code: expect.stringMatching(/^[a-z][a-z0-9_]*$/), message: expect.any(String) },
            });
            const again = await send();
            expect([200, 201, 409], again.text).toContain(again.status);
            outcome = `${first.status} ${(first.json as { error: { code: string } }).error.code} → again ${again.status}`;
          }
          outcomes.push({
            operation: target.operation,
            fault: kind,
            outcome,
            faultsHit,
            ms: Date.now() - started,
          });
          if (fault)
            expect(faultsHit, `the ${kind} fault on ${target.operation} was never hit`).toBeGreaterThan(0);
          if (target.operation === 'templates.create') {
            const copies = control
              .state()
              .templates.filter((item) => item.projectId === subprojectId && item.template.name === name);
            expect(copies).toHaveLength(1);
          }
          const list = await rut.api.request('GET', '/v1/templates', { token });
          expect(list.status, list.text).toBe(200);
        });
      }
    }
  });

  test('no duplicate anywhere in the sandbox and no secret in any answer or log line', () => {
    expect(findDuplicates(rut.sinch.control.state())).toEqual([]);
    expectNoSecretsLeaked(rut, 'Sinch faults');
  });
});
