import '@whatsapp-signup/widget';
import { useEffect, useRef } from 'react';
import type { WidgetConfig } from './api.js';

/** The fields of the onboarding resource this page shows. */
export interface OnboardingView {
  status: string;
  step: string;
  senderState: string | null;
  appId: string | null;
}

/** One line of the page's event list. */
export interface WidgetLogEntry {
  id: number;
  name: string;
  text: string;
}

const EVENTS = [
  'whatsapp-signup-ready',
  'whatsapp-signup-launch',
  'whatsapp-signup-finish',
  'whatsapp-signup-cancel',
  'whatsapp-signup-progress',
  'whatsapp-signup-complete',
  'whatsapp-signup-error',
] as const;

let nextId = 0;

function describe(name: string, detail: Record<string, unknown>): string {
  if (name === 'whatsapp-signup-error') return `${detail.kind}: ${detail.message}`;
  if (name === 'whatsapp-signup-progress' || name === 'whatsapp-signup-complete') {
    return `${detail.status} · ${detail.step}`;
  }
  if (name === 'whatsapp-signup-finish') return `${detail.event} · phone ${detail.phoneNumberId ?? 'none'}`;
  return '';
}

/** The `<whatsapp-signup>` element with this page's settings, reporting its events to React state. */
export function SignupCard(props: {
  config: WidgetConfig;
  getSessionToken: () => Promise<string>;
  onOnboarding: (onboarding: OnboardingView) => void;
  onEvent: (entry: WidgetLogEntry) => void;
}) {
  const { config, getSessionToken, onOnboarding, onEvent } = props;
  const ref = useRef<HTMLElement & { getSessionToken?: () => Promise<string> }>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.getSessionToken = getSessionToken;
    const listeners = EVENTS.map((name) => {
      const listener = (event: Event) => {
        const detail = ((event as CustomEvent).detail ?? {}) as Record<string, unknown>;
        onEvent({ id: nextId++, name, text: describe(name, detail) });
        if (name === 'whatsapp-signup-progress' || name === 'whatsapp-signup-complete') {
          onOnboarding(detail as unknown as OnboardingView);
        }
      };
      element.addEventListener(name, listener);
      return [name, listener] as const;
    });
    return () => {
      for (const [name, listener] of listeners) element.removeEventListener(name, listener);
    };
  }, [getSessionToken, onOnboarding, onEvent]);

  return (
    <div className="widget-slot">
      <whatsapp-signup
        ref={ref}
        app-id={config.appId}
        config-id={config.configId}
        relay-url={config.relayUrl}
        sdk-url={config.sdkUrl}
        meta-origins={config.metaOrigins}
      />
    </div>
  );
}
