import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName, waitFor } from '@sapa/testkit';
import type { Browser } from 'playwright-core';
import {
  startMailStack,
  type MailStack,
} from '../../../services/notify/src/test-support/mail-stack.js';
import { launchBrowser, openPage, screenshot } from './test-support/browser.js';

/**
 * The ticket pages in a real Chromium against every service (tickets and notify included) and
 * a real SMTP server: an offline message shows up as a ticket; a reply typed in the dashboard
 * reaches the visitor's mailbox; notes, status and assignment change the ticket.
 */
let stack: MailStack;
let site: SitePublic;
let browser: Browser;

beforeAll(async () => {
  stack = await startMailStack();
  site = await stack.createSite(uniqueName('Dinas'));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('dashboard ticket pages', () => {
  it('lists an offline message as a ticket, replies by e-mail, adds a note, sets status and assignee', async () => {
    const { agent, password } = await stack.createAgent(site.siteId, 'Ayu');
    const email = `${uniqueName('visitor')}@visitors.test.localhost`;
    await stack.bus.request('chat.leave-offline-message', {
      siteId: site.siteId,
      visitorId: uniqueName('v'),
      name: 'Budi',
      email,
      question: 'Is there a <b>price list</b>?',
    });
    await stack.sink.waitForMails(email);

    const { page } = await openPage(browser, { viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(`${stack.origin}/dashboard/`);
      await page.getByLabel('E-mail').fill(agent.email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('nav-tickets').click();
      const row = page.getByTestId('ticket-row').filter({ hasText: '#1001' });
      await row.waitFor();
      await row.click();
      await expect(page.getByTestId('ticket-title').textContent()).resolves.toContain('#1001');
      // The visitor's markup is shown as text, never rendered.
      await page.getByTestId('ticket-thread').getByText('Is there a <b>price list</b>?').waitFor();

      await page.getByTestId('ticket-draft').fill('Yes: see the attachment on our site.');
      await page.getByTestId('ticket-reply').click();
      const mails = await stack.sink.waitForMails(email, 2);
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
      expect(stack.sink.to(email)).toHaveLength(2);
    } catch (error) {
      await screenshot(page, 'failed-dashboard-ticket').catch(() => undefined);
      throw error;
    }
  });
});
