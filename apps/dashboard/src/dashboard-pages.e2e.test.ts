import { beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName, waitFor } from '@sapa/testkit';
import type { Page } from 'playwright-core';
import { startStack } from '../../../services/gateway/src/test-support/stack.js';
import { screenshot } from './test-support/browser.js';
import {
  browserSuite,
  capturing,
  connectVisitor as visitorSocket,
  createAgent,
  openSignedIn,
} from './test-support/dashboard.js';

/**
 * The dashboard's other pages in a real Chromium: live visitors with a proactive chat,
 * history search, widget settings with the preview, joining a colleague's chat and status.
 */
const SCHOOL = 'http://school.example';

let site: SitePublic;

async function signedIn(role: 'admin' | 'agent', name: string) {
  return openSignedIn(
    suite.browser,
    suite.stack.origin,
    await createAgent(suite.stack, site.siteId, role, name),
  );
}

const connectVisitor = () => visitorSocket(suite.stack, site.siteKey, SCHOOL);

const suite = browserSuite(() => startStack());

beforeAll(async () => {
  site = await suite.stack.createSite(uniqueName('SMA Negeri'), [SCHOOL]);
}, 30_000);

describe('dashboard pages', () => {
  it('lists live visitors with their page and starts a chat with one', async () => {
    const { page, watch, context } = await signedIn('agent', 'Ani');
    await capturing(page, watch, 'visitors', async () => {
      const visitor = await connectVisitor();
      await visitor.request('visitor.navigate', {
        url: `${SCHOOL}/library/hours`,
        title: 'Library opening hours',
      });
      await page.getByTestId('nav-visitors').click();
      const row = page.getByTestId('live-visitor').filter({ hasText: 'Library opening hours' });
      await row.waitFor();
      await screenshot(page, 'dashboard-visitors');

      await row.getByRole('button', { name: 'Start chat' }).click();
      await row.getByLabel('Greeting').fill('Hello from the library desk!');
      await row.getByRole('button', { name: 'Send' }).click();
      // The new chat opens in the inbox, with the greeting as the agent's message.
      const view = page.getByTestId('conversation-view');
      await view
        .getByTestId('message')
        .filter({ hasText: 'Hello from the library desk!' })
        .waitFor();
      const { conversations } = await suite.stack.bus.request('chat.list-conversations', {
        siteId: site.siteId,
        status: 'open',
      });
      const { visitorId } = visitor.welcome.data as { visitorId: string };
      const started = conversations.find((row) => row.visitorId === visitorId);
      expect(started?.assigneeName).toBe('Ani');
      expect(watch.pageErrors).toEqual([]);
      visitor.close();
    });
    await context.close();
  });

  it('finds past conversations by text and visitor, and opens one', async () => {
    const { page, watch, context } = await signedIn('agent', 'Budi');
    await capturing(page, watch, 'history', async () => {
      const word = uniqueName('beasiswa');
      const visitor = await connectVisitor();
      const { conversationId } = await visitor.request<{ conversationId: string }>(
        'conversation.start',
        { preChat: { name: 'Rina Historia', email: 'rina@example.org' } },
      );
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: 'h-1',
        text: `Is the ${word} still open?`,
      });
      await visitor.request('conversation.close', { conversationId });
      visitor.close();

      await page.getByTestId('nav-history').click();
      await page.getByLabel('Text').fill(word);
      await page.getByRole('button', { name: 'Search' }).click();
      const row = page.locator(
        `[data-testid="inbox-row"][data-conversation-id="${conversationId}"]`,
      );
      await row.waitFor();
      await row.click();
      await page.getByTestId('message').filter({ hasText: word }).waitFor();

      // A text nobody wrote finds nothing; the visitor's name finds the chat again.
      await page.getByLabel('Text').fill(uniqueName('nothing'));
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('No conversation matches.').waitFor();
      await page.getByLabel('Text').fill('');
      await page.getByLabel('Visitor').fill('rina historia');
      await page.getByRole('button', { name: 'Search' }).click();
      await row.waitFor();
      expect(watch.pageErrors).toEqual([]);
    });
    await context.close();
  });

  it('edits the widget settings with a live preview and saves them', async () => {
    const { page, watch, context } = await signedIn('admin', 'Admin');
    await capturing(page, watch, 'settings', async () => {
      await page.getByTestId('nav-settings').click();
      const form = page.getByTestId('settings-form');
      await form.waitFor();
      const name = uniqueName('Perpustakaan');
      await form.locator('input[name="siteName"]').fill(name);
      await form.locator('input[name="colorText"]').fill('#aa3300');
      await form
        .locator('textarea[name="greeting"]')
        .fill('Selamat datang <b>di</b> perpustakaan!');
      await form.locator('select[name="position"]').selectOption('bottom-left');
      // The preview follows the form before anything is saved; text stays text.
      await page.getByTestId('preview-site-name').filter({ hasText: name }).waitFor();
      expect(await page.getByTestId('preview-greeting').textContent()).toBe(
        'Selamat datang <b>di</b> perpustakaan!',
      );
      const colour = await page
        .getByTestId('preview-header')
        .evaluate((element) => getComputedStyle(element).backgroundColor);
      expect(colour).toBe('rgb(170, 51, 0)');
      await page.getByRole('button', { name: 'Phone' }).click();
      await screenshot(page, 'dashboard-settings');

      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('settings-saved').waitFor();
      const { settings } = await suite.stack.bus.request('directory.get-widget-settings', {
        siteId: site.siteId,
      });
      expect(settings).toMatchObject({
        siteName: name,
        color: '#aa3300',
        position: 'bottom-left',
        greeting: 'Selamat datang <b>di</b> perpustakaan!',
      });
      expect(watch.pageErrors).toEqual([]);
    });
    await context.close();
  });

  it('lets a second agent join a claimed chat and sets the own status to away', async () => {
    const ani = await signedIn('agent', 'Ani');
    const budi = await signedIn('agent', 'Budi');
    await capturing(budi.page, budi.watch, 'join', async () => {
      const visitor = await connectVisitor();
      const { conversationId } = await visitor.request<{ conversationId: string }>(
        'conversation.start',
        { preChat: { name: 'Dewi' } },
      );
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: 'j-1',
        text: 'Halo',
      });
      const rowOf = (page: Page) =>
        page.locator(`[data-testid="inbox-row"][data-conversation-id="${conversationId}"]`);

      await rowOf(ani.page).click();
      const reply = ani.page.getByRole('textbox', { name: 'Reply to the visitor' });
      await reply.fill('Ani here.');
      await reply.press('Enter');

      await budi.page.getByTestId('folder-open').click();
      await rowOf(budi.page).click();
      await budi.page.getByText('Ani has this chat. Join to write.').waitFor();
      await budi.page.getByRole('button', { name: 'Join' }).click();
      const budiReply = budi.page.getByRole('textbox', { name: 'Reply to the visitor' });
      await budiReply.fill('Budi joins to help.');
      await budiReply.press('Enter');
      await visitor.waitForEvent(
        (event) =>
          event.type === 'MessagePosted' &&
          (event.data as { text: string }).text === 'Budi joins to help.',
        'second agent reply',
      );
      await ani.page.getByTestId('message').filter({ hasText: 'Budi joins to help.' }).waitFor();

      await budi.page.getByTestId('my-status').selectOption('away');
      await waitFor(async () => (await budi.page.getByTestId('my-status').inputValue()) === 'away');
      expect(budi.watch.pageErrors).toEqual([]);
      visitor.close();
    });
    await ani.context.close();
    await budi.context.close();
  });
});
