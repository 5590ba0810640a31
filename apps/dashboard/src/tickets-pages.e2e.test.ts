import { beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName, waitFor } from '@sapa/testkit';
import { startMailStack } from '../../../services/notify/src/test-support/mail-stack.js';
import { openPage, screenshot } from './test-support/browser.js';
import {
  browserSuite,
  capturing,
  DESKTOP,
  PHONE,
  sideways,
  signIn,
} from './test-support/dashboard.js';

/**
 * The ticket pages in a real Chromium against every service (tickets and notify included) and
 * a real SMTP server: an offline message shows up as a ticket; a reply typed in the dashboard
 * reaches the visitor's mailbox; notes, status and assignment change the ticket. On a
 * 390 × 844 touch phone: list → ticket → back, never scrolling sideways.
 */
let site: SitePublic;

const suite = browserSuite(() => startMailStack());

beforeAll(async () => {
  site = await suite.stack.createSite(uniqueName('Dinas'));
}, 30_000);

/** Budi leaves an offline message (a ticket); returns his e-mail once the receipt arrived. */
async function offlineMessage(where: SitePublic, question: string): Promise<string> {
  const email = `${uniqueName('visitor')}@visitors.test.localhost`;
  await suite.stack.bus.request('chat.leave-offline-message', {
    siteId: where.siteId,
    visitorId: uniqueName('v'),
    name: 'Budi',
    email,
    question,
  });
  await suite.stack.sink.waitForMails(email);
  return email;
}

describe('dashboard ticket pages', () => {
  it('lists an offline message as a ticket, replies by e-mail, adds a note, sets status and assignee', async () => {
    const { agent, password } = await suite.stack.createAgent(site.siteId, 'Ayu');
    const email = await offlineMessage(site, 'Is there a <b>price list</b>?');

    const { page } = await openPage(suite.browser, { viewport: DESKTOP });
    try {
      await signIn(page, suite.stack.origin, { email: agent.email, password });
      await page.getByTestId('nav-tickets').click();
      const row = page.getByTestId('ticket-row').filter({ hasText: '#1001' });
      await row.waitFor();
      await row.click();
      await expect(page.getByTestId('ticket-title').textContent()).resolves.toContain('#1001');
      // The ticket has a URL of its own: a reload (or a shared link) opens it again.
      expect(page.url()).toMatch(/\/dashboard\/tickets\/[^/]+$/);
      await page.reload();
      await page.getByTestId('ticket-title').filter({ hasText: '#1001' }).waitFor();
      // The visitor's markup is shown as text, never rendered.
      await page.getByTestId('ticket-thread').getByText('Is there a <b>price list</b>?').waitFor();

      await page.getByTestId('ticket-draft').fill('Yes: see the attachment on our site.');
      await page.getByTestId('ticket-reply').click();
      const mails = await suite.stack.sink.waitForMails(email, 2);
      expect(mails[1]!.parsed.text).toContain('Yes: see the attachment on our site.');

      await page.getByTestId('ticket-draft').fill('called him, he is happy');
      await page.getByTestId('ticket-note').click();
      await page
        .locator('[data-kind="note"]')
        .filter({ hasText: 'called him, he is happy' })
        .waitFor();
      await page.getByTestId('ticket-status').selectOption('pending');
      await page.getByTestId('ticket-assign-me').click();
      await page.getByRole('button', { name: 'Unassign' }).waitFor();
      await screenshot(page, 'dashboard-ticket');

      await page.getByTestId('ticket-filter-status').selectOption('pending');
      await page.getByTestId('ticket-filter-assignee').selectOption('me');
      await waitFor(async () => (await page.getByTestId('ticket-row').count()) === 1);
      // The visitor got the receipt and the reply, nothing for the note.
      expect(suite.stack.sink.to(email)).toHaveLength(2);
    } catch (error) {
      await screenshot(page, 'failed-dashboard-ticket').catch(() => undefined);
      throw error;
    }
  });

  it('on a phone: the list, then one ticket with a back control, neither scrolling sideways', async () => {
    // A site of its own: the other test counts on its ticket being #1001.
    const phoneSite = await suite.stack.createSite(uniqueName('Dinas'));
    const { agent, password } = await suite.stack.createAgent(phoneSite.siteId, 'Ayu');
    await offlineMessage(phoneSite, `A long question without any spaces: ${'x'.repeat(160)}`);

    const { page, watch, context } = await openPage(suite.browser, PHONE);
    await capturing(page, watch, 'phone-tickets', async () => {
      await signIn(page, suite.stack.origin, { email: agent.email, password });
      await page.getByTestId('nav-tickets').tap();
      const row = page.getByTestId('ticket-row').first();
      await row.waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      await row.tap();
      await page.getByTestId('ticket-title').waitFor();
      await page.getByTestId('ticket-thread').waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      // One pane at a time: the list gives way to the ticket, and back brings it again.
      expect(await page.getByTestId('ticket-row').first().isVisible()).toBe(false);
      await page.getByTestId('back-to-list').tap();
      await row.waitFor();
      expect(page.url()).toBe(`${suite.stack.origin}/dashboard/tickets`);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
    });
    await context.close();
  });
});
