import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import type { AgentRole } from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import { uniqueName } from '@sapa/testkit';
import type { Browser, Page } from 'playwright-core';
import { WsTestClient } from '../../../../services/gateway/src/test-support/ws-test-client.js';
import { launchBrowser, openPage, screenshot, type PageWatch } from './browser.js';

/**
 * What the dashboard's browser tests share: an agent with a password to type, signing in
 * through the real form, a visitor on a socket, and a screenshot when a test fails.
 */

/** A test file's stack and Chromium; set once its `beforeAll` ran. */
export interface BrowserSuite<S> {
  readonly stack: S;
  readonly browser: Browser;
}

/**
 * Starts the stack and a Chromium before the file's tests and stops both after them. A file
 * that needs a site or agents of its own adds a `beforeAll` after this call (jest runs them
 * in order).
 */
export function browserSuite<S extends { stop(): Promise<void> }>(
  start: () => Promise<S>,
): BrowserSuite<S> {
  const suite: { stack?: S; browser?: Browser } = {};
  beforeAll(async () => {
    suite.stack = await start();
    suite.browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.stack?.stop();
  });
  return suite as BrowserSuite<S>;
}

/** An agent who can sign in through the form. */
export interface TestAgent {
  readonly agentId: string;
  readonly email: string;
  readonly password: string;
}

/** The desktop every test uses unless it says otherwise. */
export const DESKTOP = { width: 1400, height: 900 } as const;

/** A 390 × 844 touch phone (the browser context's options). */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: true,
  deviceScaleFactor: 2,
} as const;

/**
 * How far the page scrolls sideways, in pixels (0 or less when it fits the screen): the
 * document, and the main area, which scrolls by itself on a phone.
 */
export function sideways(page: Page): Promise<number> {
  return page.evaluate(() => {
    const content = document.querySelector('.content');
    return Math.max(
      document.documentElement.scrollWidth - window.innerWidth,
      content ? content.scrollWidth - content.clientWidth : 0,
    );
  });
}

/** Creates an agent with a fresh e-mail and a random password. */
export async function createAgent(
  stack: { readonly bus: Bus },
  siteId: string,
  role: AgentRole,
  name: string,
): Promise<TestAgent> {
  const email = `${uniqueName(name.toLowerCase())}@example.org`;
  const password = randomBytes(12).toString('hex');
  const { agent } = await stack.bus.request('directory.create-agent', {
    siteId,
    name,
    email,
    password,
    role,
  });
  return { agentId: agent.agentId, email, password };
}

/**
 * Opens `<origin>/dashboard/<path>`, signs in through the form and waits until the socket
 * is up. The URL is kept across the sign-in, so a deep link lands on what it names.
 */
export async function signIn(
  page: Page,
  origin: string,
  who: Pick<TestAgent, 'email' | 'password'>,
  path = '',
): Promise<void> {
  await page.goto(`${origin}/dashboard/${path}`);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="connection"][data-state="online"]').waitFor();
}

/**
 * A fresh watched context, signed in. With `beforeLoad` a test installs a clock or a
 * listener before the dashboard loads.
 */
export async function openSignedIn(
  browser: Browser,
  origin: string,
  who: Pick<TestAgent, 'email' | 'password'>,
  options: {
    viewport?: { width: number; height: number };
    path?: string;
    beforeLoad?: (page: Page) => Promise<unknown>;
  } = {},
) {
  const opened = await openPage(browser, { viewport: options.viewport ?? DESKTOP });
  await options.beforeLoad?.(opened.page);
  await signIn(opened.page, origin, who, options.path);
  return opened;
}

/** Runs a test body; on failure keeps a screenshot and the page's errors for the report. */
export async function capturing(
  page: Page,
  watch: PageWatch,
  name: string,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    console.error(`${name}: page errors`, watch.pageErrors, 'console errors', watch.consoleErrors);
    throw error;
  }
}

/** A visitor on the site's socket, as the widget connects, from an allowed origin. */
export function connectVisitor(
  stack: { readonly wsUrl: string },
  siteKey: string,
  origin: string,
): Promise<WsTestClient> {
  return WsTestClient.connect(`${stack.wsUrl}/ws/visitor?site=${siteKey}`, { origin });
}
