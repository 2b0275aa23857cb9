import { WhatsAppSignupButton } from '@whatsapp-signup/widget/react';
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

let nextId = 0;

function entry(name: string, text = ''): WidgetLogEntry {
  nextId += 1;
  return { id: nextId, name, text };
}

/**
 * `<whatsapp-signup>` through the widget's React wrapper (`@lit/react`): typed `on…`
 * event props instead of `addEventListener`, and `getSessionToken` set as a
 * property before the element connects.
 */
export function SignupCard(props: {
  config: WidgetConfig;
  getSessionToken: () => Promise<string>;
  onOnboarding: (onboarding: OnboardingView) => void;
  onEvent: (entry: WidgetLogEntry) => void;
}) {
  const { config, getSessionToken, onOnboarding, onEvent } = props;
  // Unset settings stay unset, so the widget keeps its own defaults (Meta's SDK and origins).
  const metaSettings = {
    ...(config.sdkUrl ? { sdkUrl: config.sdkUrl } : {}),
    ...(config.metaOrigins ? { metaOrigins: config.metaOrigins } : {}),
  };
  return (
    <div className="widget-slot">
      <WhatsAppSignupButton
        appId={config.appId}
        configId={config.configId}
        relayUrl={config.relayUrl}
        getSessionToken={getSessionToken}
        {...metaSettings}
        onReady={() => onEvent(entry('whatsapp-signup-ready'))}
        onLaunch={() => onEvent(entry('whatsapp-signup-launch'))}
        onFinish={(event) =>
          onEvent(
            entry(
              'whatsapp-signup-finish',
              `${event.detail.event} · phone ${event.detail.phoneNumberId ?? 'none'}`,
            ),
          )
        }
        onCancel={(event) => onEvent(entry('whatsapp-signup-cancel', event.detail.currentStep ?? ''))}
        onProgress={(event) => {
          onOnboarding(event.detail);
          onEvent(entry('whatsapp-signup-progress', `${event.detail.status} · ${event.detail.step}`));
        }}
        onComplete={(event) => {
          onOnboarding(event.detail);
          onEvent(entry('whatsapp-signup-complete', `app ${event.detail.appId}`));
        }}
        onError={(event) =>
          onEvent(entry('whatsapp-signup-error', `${event.detail.kind}: ${event.detail.message}`))
        }
      />
    </div>
  );
}
