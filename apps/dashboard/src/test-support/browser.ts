import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Headless Chromium for browser tests: the one launcher the widget's tests use too. */
export { launchBrowser } from '@sapa/testkit';

/** Where screenshots go (gitignored): <repo>/test-artifacts. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../../test-artifacts', import.meta.url));

/** What a page did that a test should know about: dialogs (alert!), uncaught errors, console errors. */
export interface PageWatch {
  readonly dialogs: string[];
  readonly pageErrors: string[];
  readonly consoleErrors: string[];
}

/**
 * Records dialogs (and dismisses them, so a page never hangs on one), uncaught exceptions
 * and console errors. An XSS test asserts that `dialogs` stays empty.
 */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { dialogs: [], pageErrors: [], consoleErrors: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  return watch;
}

/** A new context (own cookies and storage) with a page, watched. */
export async function openPage(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  return { context, page, watch: watchPage(page) };
}

/** Saves a full-page screenshot to test-artifacts/<name>.png and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
