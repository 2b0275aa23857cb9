import { describe, expect, it } from 'vitest';
import { chooseServices } from './real-services.js';

const REAL = {
  META_APP_ID: '123',
  META_CONFIG_ID: '456',
  SINCH_PROJECT_ID: 'project',
  SINCH_KEY_ID: 'key',
  SINCH_KEY_SECRET: 'secret',
};

describe('chooseServices', () => {
  it('uses the sandboxes when nothing is set', () => {
    expect(chooseServices({})).toEqual({ mode: 'sandbox' });
  });

  it('names the missing variables when only some are set', () => {
    expect(chooseServices({ META_APP_ID: '123', SINCH_KEY_ID: 'key' })).toEqual({
      mode: 'sandbox',
      incomplete: ['META_CONFIG_ID', 'SINCH_PROJECT_ID', 'SINCH_KEY_SECRET'],
    });
  });

  it('goes real with all five, passing the Sinch variables through to the relay', () => {
    const choice = chooseServices({
      ...REAL,
      SINCH_AUTH_URL: 'https://auth.example/oauth2/token',
      HOME: '/root',
    });
    expect(choice).toEqual({
      mode: 'real',
      appId: '123',
      configId: '456',
      projectId: 'project',
      relayEnv: {
        SINCH_PROJECT_ID: 'project',
        SINCH_KEY_ID: 'key',
        SINCH_KEY_SECRET: 'secret',
        SINCH_AUTH_URL: 'https://auth.example/oauth2/token',
      },
    });
  });
});
