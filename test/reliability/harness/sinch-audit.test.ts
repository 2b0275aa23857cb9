import type { SandboxState } from '@whatsapp-signup/sinch-sandbox';
import { describe, expect, test } from 'vitest';
import { CUSTOMER_LABEL, findDuplicates, WABA_LABEL } from './sinch-audit.js';

function state(overrides: Partial<SandboxState>): SandboxState {
  return {
    subprojects: [],
    senders: [],
    webhooks: [],
    templates: [],
    apps: [],
    settings: {
      activationMs: 0,
      templateApprovalMs: 0,
      tokenLifetimeSeconds: 3600,
      projectInitMs: 0,
      latency: {},
      faults: [],
    },
    ...overrides,
  };
}

const subproject = (id: string, customer: string, deleted = false) => ({
  subprojectId: id,
  displayName: customer,
  labels: { [CUSTOMER_LABEL]: customer, [WABA_LABEL]: '1' },
  parentProjectId: 'p',
  createTime: '',
  updateTime: '',
  deleted,
});

const app = (id: string, senderId: string) => ({
  region: 'eu',
  projectId: 'p',
  app: { id, channel_credentials: [{ channel: 'WHATSAPP', static_bearer: { claimed_identity: senderId } }] },
});

describe('duplicate audit', () => {
  test('one subproject per (customer, WABA), deleted ones aside', () => {
    expect(findDuplicates(state({ subprojects: [subproject('a', 'c1'), subproject('b', 'c2')] }))).toEqual(
      [],
    );
    expect(
      findDuplicates(state({ subprojects: [subproject('a', 'c1'), subproject('b', 'c1', true)] })),
    ).toEqual([]);
    expect(
      findDuplicates(state({ subprojects: [subproject('a', 'c1'), subproject('b', 'c1')] })),
    ).toHaveLength(1);
  });

  test('one app per sender', () => {
    expect(findDuplicates(state({ apps: [app('1', 's1'), app('2', 's2')] }))).toEqual([]);
    expect(findDuplicates(state({ apps: [app('1', 's1'), app('2', 's1')] }))).toEqual(['2 apps for s1']);
  });
});
