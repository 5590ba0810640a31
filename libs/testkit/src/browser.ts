import type { Browser } from 'playwright-core';

/** Debian's chromium (scripts/setup.sh installs it); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.SAPA_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A headless Chromium for the browser tests of the widget and the dashboard, with everything
 * that would reach the internet switched off (the machine has none, and a test must not wait
 * on it). Playwright's `launch` gives every launch a fresh temporary user-data dir (deleted on
 * close), and every `newContext` is a fresh incognito-like profile, so tests never share storage.
 * playwright-core is loaded here, on first use, so tests without a browser never load it.
 */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
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
