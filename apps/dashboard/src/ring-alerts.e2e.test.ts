import { describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName, waitFor } from '@sapa/testkit';
import { startStack } from '../../../services/gateway/src/test-support/stack.js';
import { screenshot } from './test-support/browser.js';
import {
  browserSuite,
  capturing,
  connectVisitor,
  createAgent,
  openSignedIn,
} from './test-support/dashboard.js';

/**
 * Ring alerts in a real Chromium against every service: a new chat rings the agent (the
 * alert plays, the row is marked), the routing decision is a line in the timeline, and an
 * unanswered chat escalates after the site's SLA (badge with the waiting time, survives a
 * reload through the list row) until the agent answers.
 */
const AGENCY = 'http://agency.example';
const SLA_SECONDS = 2;

/** Counts the alert's tones: a stand-in AudioContext records each oscillator started. */
const COUNT_BEEPS = () => {
  const counted = window as unknown as { sapaTones: number };
  counted.sapaTones = 0;
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    override createOscillator(): OscillatorNode {
      counted.sapaTones += 1;
      return super.createOscillator();
    }
  };
};

async function signedInAgent(site: SitePublic, name: string) {
  const agent = await createAgent(suite.stack, site.siteId, 'agent', name);
  const opened = await openSignedIn(suite.browser, suite.stack.origin, agent, {
    beforeLoad: (page) => page.addInitScript(COUNT_BEEPS),
  });
  return { ...opened, agentId: agent.agentId };
}

// A short presence sweep, so the SLA is checked every 200 ms rather than every few seconds.
const suite = browserSuite(() => startStack({}, { PRESENCE_SWEEP_INTERVAL_MS: '200' }));

describe('ring alerts', () => {
  it('a new chat rings, an unanswered one shows the SLA badge until the agent answers', async () => {
    const site = await suite.stack.createSite(uniqueName('Agency'), [AGENCY]);
    await suite.stack.bus.request('directory.update-duty', {
      siteId: site.siteId,
      duty: { slaSeconds: SLA_SECONDS },
    });
    const { page, watch, context } = await signedInAgent(site, 'Ayu');
    await capturing(page, watch, 'ring', async () => {
      const tones = () =>
        page.evaluate(() => (window as unknown as { sapaTones: number }).sapaTones);
      expect(await tones()).toBe(0);
      const visitor = await connectVisitor(suite.stack, site.siteKey, AGENCY);
      const { conversationId } = await visitor.request<{ conversationId: string }>(
        'conversation.start',
        { preChat: { name: 'Rina' } },
      );
      const row = page.locator(
        `[data-testid="inbox-row"][data-conversation-id="${conversationId}"]`,
      );
      await row.getByTestId('urgency').waitFor();
      // The ring played the alert (no visitor message yet: nothing else beeps).
      await waitFor(async () => (await tones()) > 0);

      await row.click();
      const lines = page.getByTestId('system-line');
      await lines.filter({ hasText: 'Rang Ayu (ring all)' }).waitFor();
      await lines
        .filter({ hasText: `Not answered within ${SLA_SECONDS} s: alerted Ayu again` })
        .waitFor();
      await lines
        .filter({ hasText: `Not answered within ${SLA_SECONDS} s: alerted supervisors` })
        .waitFor();
      await row
        .getByTestId('urgency')
        .filter({ hasText: /^SLA breached, supervisors alerted — waiting \d+ s$/ })
        .waitFor();
      await screenshot(page, 'dashboard-ring-sla');

      // After a reload the ring frames are gone; the list row still carries the escalation.
      await page.reload();
      await page.locator('[data-testid="connection"][data-state="online"]').waitFor();
      await row.getByTestId('urgency').filter({ hasText: 'SLA breached' }).waitFor();

      await row.click();
      const reply = page.getByRole('textbox', { name: 'Reply to the visitor' });
      await reply.fill('Maaf, saya di sini.');
      await reply.press('Enter');
      await page.getByTestId('message').filter({ hasText: 'Maaf, saya di sini.' }).waitFor();
      await waitFor(async () => (await row.getByTestId('urgency').count()) === 0);
      expect(await page.getByTestId('conversation-urgency').count()).toBe(0);
      expect(watch.pageErrors).toEqual([]);
      visitor.close();
    });
    await context.close();
  });
});
