/**
 * English UI text, the fallback for every locale. `{name}` marks a value filled in
 * at run time. Every key can be overridden through the element's `strings` property.
 * Kept short on purpose: all three languages ship in the 14 KB bundle.
 * @module
 */
export const en = {
  /** The launch button's label (its accessible name). */
  connect: 'Connect WhatsApp',
  retry: 'Try again',
  regionLabel: 'Sinch region',
  storageLabel: 'Meta data storage',
  storagePlaceholder: 'Choose a country',
  loading: 'Loading Facebook…',
  chooseStorage: 'Choose a storage country to continue.',
  awaitingMeta: 'Continue in the Facebook window…',
  cancelled: 'Signup cancelled. You can start again.',
  submitting: 'Setting up your number…',
  stepSubproject: 'Creating your Sinch project…',
  stepSender: 'Registering your number with Sinch…',
  stepSenderActivation: 'Waiting for WhatsApp to activate your number…',
  stepApp: 'Connecting the Conversation API…',
  completed: 'Your WhatsApp number is connected.',
  errorSdkBlocked: 'Facebook could not load. A blocker may be stopping it.',
  errorPopupBlocked: 'The Facebook window was blocked. Allow pop-ups and try again.',
  errorPopupClosed: 'The Facebook window closed before signup finished.',
  errorMetaError: 'Facebook error: {message}',
  errorNoPhoneNumber: 'No phone number was added. Start again and add one.',
  errorRelayUnreachable: 'The signup service is unreachable. Try again.',
  errorRelayRejected: 'The signup service refused: {message}',
  errorOnboardingFailed: 'Setup failed: {message}',
  errorTimeout: 'Facebook did not answer in time. Try again.',
};

/** Every UI string of the widget. */
export type WhatsAppSignupStrings = typeof en;
