import { beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName } from '@sapa/testkit';
import type { Page } from 'playwright-core';
import { startStack } from '../../../services/gateway/src/test-support/stack.js';
import { openPage } from './test-support/browser.js';
import {
  browserSuite,
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

let site: SitePublic;
let agent: TestAgent;

const suite = browserSuite(() => startStack());

beforeAll(async () => {
  site = await suite.stack.createSite(uniqueName('SMA Negeri'), [SCHOOL]);
  agent = await createAgent(suite.stack, site.siteId, 'agent', 'Ani');
}, 30_000);

/** A waiting chat with one visitor message; returns its id and the message. */
async function waitingChat(): Promise<{ conversationId: string; text: string }> {
  const visitor = await connectVisitor(suite.stack, site.siteKey, SCHOOL);
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
    const link = `${suite.stack.origin}/dashboard/conversations/${conversationId}`;
    const { page, watch, context } = await openPage(suite.browser, { viewport });
    await capturing(page, watch, `deep-link-${device}`, async () => {
      // Signed out, the link asks for the sign-in and then shows what it names.
      await signIn(page, suite.stack.origin, agent, `conversations/${conversationId}`);
      await showsMessage(page, text);
      expect(page.url()).toBe(link);

      // Signed in (the session survives in the tab): History, then the link typed in.
      await page.getByTestId('nav-history').click();
      await page.getByRole('search').waitFor();
      expect(page.url()).toBe(`${suite.stack.origin}/dashboard/history`);
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
      expect(page.url()).toBe(`${suite.stack.origin}/dashboard/history`);
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
