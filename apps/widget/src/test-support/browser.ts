import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (scripts/setup.sh installs it); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.SAPA_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A headless Chromium with everything that would reach the internet switched off. Playwright's
 * `launch` gives every launch a fresh temporary user-data dir (and deletes it on close), and
 * every `newContext` is a fresh incognito-like profile, so tests never share storage.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
