/**
 * React wrapper for `<whatsapp-signup>` (`@lit/react`), with typed event props.
 * Importing it defines the element. React is a peer: the host app provides it.
 * @example
 * <WhatsAppSignupButton appId="…" configId="…" relayUrl="…" sessionToken={token}
 *   onComplete={(event) => console.log(event.detail.senderId)} />
 * @module
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { defineWhatsAppSignup, TAG_NAME } from './define.js';
import type { WhatsAppSignupEvent } from './events.js';
import { WhatsAppSignup } from './whatsapp-signup.js';

defineWhatsAppSignup();

/** `<whatsapp-signup>` as a React component; `on<Event>` props receive the typed `CustomEvent`s. */
export const WhatsAppSignupButton = createComponent({
  tagName: TAG_NAME,
  elementClass: WhatsAppSignup,
  react: React,
  events: {
    onReady: 'whatsapp-signup-ready' as EventName<WhatsAppSignupEvent<'whatsapp-signup-ready'>>,
    onLaunch: 'whatsapp-signup-launch' as EventName<WhatsAppSignupEvent<'whatsapp-signup-launch'>>,
    onFinish: 'whatsapp-signup-finish' as EventName<WhatsAppSignupEvent<'whatsapp-signup-finish'>>,
    onCancel: 'whatsapp-signup-cancel' as EventName<WhatsAppSignupEvent<'whatsapp-signup-cancel'>>,
    onProgress: 'whatsapp-signup-progress' as EventName<WhatsAppSignupEvent<'whatsapp-signup-progress'>>,
    onComplete: 'whatsapp-signup-complete' as EventName<WhatsAppSignupEvent<'whatsapp-signup-complete'>>,
    onError: 'whatsapp-signup-error' as EventName<WhatsAppSignupEvent<'whatsapp-signup-error'>>,
  },
});

export { WhatsAppSignup };
