/**
 * How the widget's browser tooling (Web Test Runner, the Node-side browser checks, the screenshot
 * script) launches Chromium: Debian's `/usr/bin/chromium` (no browser download is possible), headless
 * as root, with no background networking beyond loopback.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
