import { describe, expect, it } from 'vitest';
import { useE2EStack } from '../support/e2e-suite.js';
import { finishInPopup, metaId } from '../support/meta-popup.js';
import { SignupPage } from '../support/signup-page.js';
import { sinchState } from '../support/sinch-state.js';
import { uniqueCustomer } from '../support/stack.js';

describe('relay restarted in the middle of sender activation', { timeout: 90_000 }, () => {
  // Activation slow enough that the relay is surely down while Sinch activates the sender.
  const e2e = useE2EStack({ activationMs: 4_000 });

  for (const crash of [false, true]) {
    it(`the page still ends at completed (${crash ? 'killed with SIGKILL' : 'stopped with SIGTERM'})`, async () => {
      const signup = await SignupPage.open(
        e2e.context,
        e2e.stack.url,
        uniqueCustomer(crash ? 'crash' : 'restart'),
      );
      await signup.waitForEvent('whatsapp-signup-ready');
      await signup.choosePlacement('EU', 'DE');
      const phoneNumberId = metaId();
      const popup = await signup.launch();
      await finishInPopup(popup, { wabaId: metaId(), phoneNumberId });
      await signup.waitForProgressStep('sender_activation');

      await e2e.stack.relay.restart({ crash });

      const complete = await signup.waitForEvent('whatsapp-signup-complete', { timeout: 45_000 });
      expect(complete).toMatchObject({ status: 'completed', step: 'done', phoneNumberId });
      // The restart created nothing twice at Sinch.
      const senders = sinchState(e2e.stack).senders.filter(
        (sender) => sender.phoneNumberId === phoneNumberId,
      );
      expect(senders).toHaveLength(1);
      const apps = sinchState(e2e.stack).apps.filter((app) => app.projectId === complete.subprojectId);
      expect(apps).toHaveLength(1);
      await signup.page.close();
    });
  }
});
