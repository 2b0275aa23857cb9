import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const base = {
  SINCH_PROJECT_ID: 'parent-project',
  SINCH_KEY_ID: 'key-id',
  SINCH_KEY_SECRET: 'key-secret',
  RELAY_SESSION_SECRET: 'x'.repeat(32),
  RELAY_ADMIN_TOKEN: 'admin-token-0123456789',
};

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the CONTRACT defaults', () => {
    const config = loadConfig(base);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8787);
    expect(config.databaseUrl).toBe('sqlite:./data/relay.db');
    expect(config.sinch.auth).toBe('oauth');
    expect(config.sinch.conversationUrl).toBe('https://{region}.conversation.api.sinch.com');
    expect(config.allowedOrigins).toEqual([]);
    expect(config.publicUrl).toBeUndefined();
    expect(config.onboardingWebhook).toBeUndefined();
  });

  it('names each missing variable', () => {
    const issues = issuesOf({});
    for (const name of [
      'SINCH_PROJECT_ID',
      'SINCH_KEY_ID',
      'SINCH_KEY_SECRET',
      'RELAY_SESSION_SECRET',
      'RELAY_ADMIN_TOKEN',
    ]) {
      expect(issues.some((issue) => issue.startsWith(`${name}:`))).toBe(true);
    }
  });

  it('refuses a session secret under 32 bytes', () => {
    expect(issuesOf({ ...base, RELAY_SESSION_SECRET: 'short' })[0]).toMatch(
      /^RELAY_SESSION_SECRET: .*32 bytes/,
    );
  });

  it('refuses RELAY_PUBLIC_URL without SINCH_WEBHOOK_SECRET', () => {
    expect(issuesOf({ ...base, RELAY_PUBLIC_URL: 'https://relay.example' })[0]).toMatch(
      /^SINCH_WEBHOOK_SECRET:/,
    );
    const config = loadConfig({
      ...base,
      RELAY_PUBLIC_URL: 'https://relay.example/',
      SINCH_WEBHOOK_SECRET: 'whsec',
    });
    expect(config.publicUrl).toBe('https://relay.example');
  });

  it('parses origins and rejects paths', () => {
    expect(
      loadConfig({ ...base, RELAY_ALLOWED_ORIGINS: 'https://a.example, http://localhost:3000' })
        .allowedOrigins,
    ).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(issuesOf({ ...base, RELAY_ALLOWED_ORIGINS: 'https://a.example/path' })[0]).toMatch(
      /^RELAY_ALLOWED_ORIGINS:/,
    );
  });

  it('rejects a bad port, database URL and conversation URL', () => {
    expect(issuesOf({ ...base, PORT: 'eighty' })[0]).toMatch(/^PORT:/);
    expect(issuesOf({ ...base, DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL:/);
    expect(issuesOf({ ...base, SINCH_CONVERSATION_URL: 'https://conv.example' })[0]).toMatch(
      /^SINCH_CONVERSATION_URL:.*\{region\}/,
    );
  });

  it('requires a secret for the onboarding webhook', () => {
    expect(issuesOf({ ...base, ONBOARDING_WEBHOOK_URL: 'https://asp.example/hook' })[0]).toMatch(
      /^ONBOARDING_WEBHOOK_SECRET:/,
    );
  });
});
