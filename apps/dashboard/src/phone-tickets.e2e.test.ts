import { beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName } from '@sapa/testkit';
import { startMailStack } from '../../../services/notify/src/test-support/mail-stack.js';
import { openPage } from './test-support/browser.js';
import { browserSuite, capturing, PHONE, sideways, signIn } from './test-support/dashboard.js';

/** The ticket pages on a 390 × 844 touch phone: list → ticket → back, never sideways. */
let site: SitePublic;

const suite = browserSuite(() => startMailStack());

beforeAll(async () => {
  site = await suite.stack.createSite(uniqueName('Dinas'));
}, 30_000);

describe('the ticket pages on a phone', () => {
  it('shows the list, then one ticket with a back control, neither scrolling sideways', async () => {
    const { agent, password } = await suite.stack.createAgent(site.siteId, 'Ayu');
    const email = `${uniqueName('visitor')}@visitors.test.localhost`;
    await suite.stack.bus.request('chat.leave-offline-message', {
      siteId: site.siteId,
      visitorId: uniqueName('v'),
      name: 'Budi',
      email,
      question: `A long question without any spaces: ${'x'.repeat(160)}`,
    });
    await suite.stack.sink.waitForMails(email);

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
