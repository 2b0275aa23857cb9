import type { BrowserContext, ConsoleMessage, Locator, Page } from 'playwright-core';

/** A widget event as the page saw it: its name and its `detail`. */
export interface RecordedEvent {
  name: string;
  detail: Record<string, unknown>;
}

/**
 * The page globals the recorder keeps. The test package has no DOM library, so
 * the in-page functions below see the page through these small types.
 */
interface PageGlobals {
  __widgetEvents?: RecordedEvent[];
  __cspViolations?: string[];
  document: {
    addEventListener(
      type: string,
      listener: (event: { detail?: unknown; violatedDirective?: string; blockedURI?: string }) => void,
    ): void;
  };
}

/**
 * Runs in every page before its own scripts: records each `whatsapp-signup-*`
 * event (they bubble and are composed, so `document` hears them) and each CSP
 * violation, for the tests to read back.
 */
function recordInPage(): void {
  const page = globalThis as unknown as PageGlobals;
  const names = ['ready', 'launch', 'finish', 'cancel', 'progress', 'complete', 'error'];
  page.__widgetEvents = [];
  page.__cspViolations = [];
  for (const name of names) {
    page.document.addEventListener(`whatsapp-signup-${name}`, (event) => {
      const detail = JSON.parse(JSON.stringify(event.detail ?? {}));
      page.__widgetEvents?.push({ name: `whatsapp-signup-${name}`, detail });
    });
  }
  page.document.addEventListener('securitypolicyviolation', (event) => {
    page.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
}

/**
 * The demo's dashboard (or React page) as a test drives it: the widget's parts,
 * its events, the Embedded Signup popup and the console.
 */
export class SignupPage {
  /** Every console message of the page, for warnings and secret checks. */
  readonly console: ConsoleMessage[] = [];

  private constructor(readonly page: Page) {
    page.on('console', (message) => this.console.push(message));
  }

  /** Signs in as `customerId`, shown as `name`, and opens `path` (the dashboard by default). */
  static async open(
    context: BrowserContext,
    siteUrl: string,
    customerId: string,
    { path = '/', name = 'Acme Bakery' }: { path?: string; name?: string } = {},
  ): Promise<SignupPage> {
    const page = await context.newPage();
    await page.addInitScript(recordInPage);
    const signupPage = new SignupPage(page);
    const query = new URLSearchParams({ as: customerId, name, next: path });
    await page.goto(`${siteUrl}/login?${query}`);
    return signupPage;
  }

  /** The `<whatsapp-signup>` element. */
  get widget(): Locator {
    return this.page.locator('whatsapp-signup');
  }

  /** A part of the widget's shadow root (Playwright's CSS engine pierces open shadow roots). */
  part(name: 'button' | 'region' | 'storage' | 'status' | 'error' | 'retry'): Locator {
    return this.page.locator(`whatsapp-signup [part~="${name}"]`);
  }

  /** Events recorded so far, optionally only those named `name`. */
  async events(name?: string): Promise<RecordedEvent[]> {
    const events = await this.page.evaluate(
      () => (globalThis as unknown as PageGlobals).__widgetEvents ?? [],
    );
    return name ? events.filter((event) => event.name === name) : events;
  }

  /** Waits until the widget has dispatched `name` (`count` times) and returns the last one's detail. */
  async waitForEvent(name: string, { count = 1, timeout = 20_000 } = {}): Promise<Record<string, unknown>> {
    await this.page.waitForFunction(
      ([eventName, wanted]) =>
        ((globalThis as unknown as PageGlobals).__widgetEvents ?? []).filter(
          (event) => event.name === eventName,
        ).length >= (wanted as number),
      [name, count] as const,
      { timeout },
    );
    const matching = await this.events(name);
    return matching.at(-1)?.detail ?? {};
  }

  /** Waits for a progress event at onboarding step `step` and returns its detail. */
  async waitForProgressStep(step: string, timeout = 20_000): Promise<Record<string, unknown>> {
    await this.page.waitForFunction(
      (wanted) =>
        ((globalThis as unknown as PageGlobals).__widgetEvents ?? []).some(
          (event) => event.name === 'whatsapp-signup-progress' && event.detail.step === wanted,
        ),
      step,
      { timeout },
    );
    const progress = await this.events('whatsapp-signup-progress');
    return progress.filter((event) => event.detail.step === step).at(-1)?.detail ?? {};
  }

  /** CSP violations the page reported. */
  cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations ?? []);
  }

  /** Picks the Sinch region and Meta storage country in the widget's two selects. */
  async choosePlacement(region: string, storage: string): Promise<void> {
    await this.part('region').selectOption(region);
    await this.part('storage').selectOption(storage);
  }

  /** Clicks the widget's button (a real user gesture) and returns the Embedded Signup popup. */
  async launch(): Promise<Page> {
    const popup = this.page.waitForEvent('popup', { timeout: 10_000 });
    await this.part('button').click();
    const window = await popup;
    await window.waitForLoadState('domcontentloaded');
    return window;
  }

  /** Console messages of one type (`warning`, `error`, …) as text. */
  consoleText(type?: string): string[] {
    return this.console
      .filter((message) => !type || message.type() === type)
      .map((message) => message.text());
  }
}
