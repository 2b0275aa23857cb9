/** The variables that switch the demo from the sandboxes to the real services. */
export const REAL_MODE_VARIABLES = [
  'META_APP_ID',
  'META_CONFIG_ID',
  'SINCH_PROJECT_ID',
  'SINCH_KEY_ID',
  'SINCH_KEY_SECRET',
] as const;

/** Relay variables passed through unchanged in real mode (CONTRACT section 3), when set. */
const SINCH_PASS_THROUGH = [
  'SINCH_PROJECT_ID',
  'SINCH_KEY_ID',
  'SINCH_KEY_SECRET',
  'SINCH_AUTH',
  'SINCH_AUTH_URL',
  'SINCH_SUBPROJECT_URL',
  'SINCH_PROVISIONING_URL',
  'SINCH_CONVERSATION_URL',
  'SINCH_WEBHOOK_SECRET',
  'RELAY_PUBLIC_URL',
] as const;

/** What the environment asks for: the sandboxes, or Meta and Sinch for real. */
export type ServiceChoice =
  | {
      mode: 'sandbox' /** Set when only some of the real-mode variables are present. */;
      incomplete?: string[];
    }
  | { mode: 'real'; appId: string; configId: string; projectId: string; relayEnv: Record<string, string> };

/**
 * Reads the real-mode variables. All five set: real mode, with the relay's Sinch
 * variables passed through (so `SINCH_AUTH_URL` and friends can still point at a
 * staging host). Some set: sandbox mode, naming the missing ones so the user
 * knows why. None: sandbox mode.
 */
export function chooseServices(env: NodeJS.ProcessEnv): ServiceChoice {
  const missing = REAL_MODE_VARIABLES.filter((name) => !env[name]);
  if (missing.length === REAL_MODE_VARIABLES.length) return { mode: 'sandbox' };
  if (missing.length > 0) return { mode: 'sandbox', incomplete: missing };
  const relayEnv: Record<string, string> = {};
  for (const name of SINCH_PASS_THROUGH) {
    const value = env[name];
    if (value) relayEnv[name] = value;
  }
  return {
    mode: 'real',
    appId: env.META_APP_ID as string,
    configId: env.META_CONFIG_ID as string,
    projectId: env.SINCH_PROJECT_ID as string,
    relayEnv,
  };
}
