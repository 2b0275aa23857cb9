/**
 * Type-level test of the React wrapper (checked by `pnpm typecheck`, not run): the
 * event props receive the typed CustomEvents and the element's properties are props.
 */
import { createElement } from 'react';
import { WhatsAppSignupButton } from '../src/react.js';

export const element = createElement(WhatsAppSignupButton, {
  appId: '123',
  configId: '456',
  relayUrl: 'https://relay.example.com',
  sessionToken: 'token',
  setup: { business: { name: 'Acme' } },
  onComplete: (event) => event.detail.senderId,
  onError: (event) => event.detail.kind satisfies string,
  onFinish: (event) => event.detail.wabaId.length,
  // @ts-expect-error: a cancel detail has no wabaId.
  onCancel: (event) => event.detail.wabaId,
});
