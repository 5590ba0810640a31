import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName } from '@sapa/testkit';
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../../../services/gateway/src/test-support/stack.js';
import { launchBrowser, openPage } from './test-support/browser.js';
import {
  capturing,
  connectVisitor,
  createAgent,
  DESKTOP,
  signIn,
  type TestAgent,
} from './test-support/dashboard.js';

/**
 * Links an agent can share: a conversation's URL opened directly (signed out: through the
 * sign-in form; signed in: straight to it) on a desktop and on a phone, and the browser's
 * back button walking the pages.
 */
const SCHOOL = 'http://school.example';
const PHONE = { width: 390, height: 844 } as const;

let stack: Stack;
let site: SitePublic;
let browser: Browser;
let agent: TestAgent;

beforeAll(async () => {
  stack = await startStack();
  site = await stack.createSite(uniqueName('SMA Negeri'), [SCHOOL]);
  agent = await createAgent(stack, site.siteId, 'agent', 'Ani');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A waiting chat with one visitor message; returns its id and the message. */
async function waitingChat(): Promise<{ conversationId: string; text: string }> {
  const visitor = await connectVisitor(stack, site.siteKey, SCHOOL);
  const { conversationId } = await visitor.request<{ conversationId: string }>(
    'conversation.start',
    { preChat: { name: 'Rina' } },
  );
  const text = uniqueName('kapan ujian');
  await visitor.request('message.send', { conversationId, clientMessageId: uniqueName('m'), text });
  visitor.close();
  return { conversationId, text };
}

const showsMessage = (page: Page, text: string) =>
  page.getByTestId('conversation-view').getByTestId('message').filter({ hasText: text }).waitFor();

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('deep links on a %s', (device, viewport) => {
  it('opens a shared conversation link, and back returns to the page before', async () => {
    const { conversationId, text } = await waitingChat();
    const link = `${stack.origin}/dashboard/conversations/${conversationId}`;
    const { page, watch, context } = await openPage(browser, { viewport });
    await capturing(page, watch, `deep-link-${device}`, async () => {
      // Signed out, the link asks for the sign-in and then shows what it names.
      await signIn(page, stack.origin, agent, `conversations/${conversationId}`);
      await showsMessage(page, text);
      expect(page.url()).toBe(link);

      // Signed in (the session survives in the tab): History, then the link typed in.
      await page.getByTestId('nav-history').click();
      await page.getByRole('search').waitFor();
      expect(page.url()).toBe(`${stack.origin}/dashboard/history`);
      await page.goto(link);
      await showsMessage(page, text);
      expect(await page.getByTestId('conversation-title').textContent()).toBe('Rina');

      // Inside the app: Tickets, then back to the conversation, then back to History.
      await page.getByTestId('nav-tickets').click();
      await page.getByTestId('tickets-view').waitFor();
      await page.goBack();
      await showsMessage(page, text);
      expect(page.url()).toBe(link);
      await page.goBack();
      await page.getByRole('search').waitFor();
      expect(page.url()).toBe(`${stack.origin}/dashboard/history`);
      expect(await page.getByTestId('nav-history').getAttribute('aria-current')).toBe('page');

      // Picking a row in the inbox gives the conversation its URL.
      await page.getByTestId('nav-inbox').click();
      await page
        .locator(`[data-testid="inbox-row"][data-conversation-id="${conversationId}"]`)
        .click();
      await showsMessage(page, text);
      expect(page.url()).toBe(link);
      expect(watch.pageErrors).toEqual([]);
    });
    await context.close();
  });
});
