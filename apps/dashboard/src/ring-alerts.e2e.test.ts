import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName, waitFor } from '@sapa/testkit';
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../../../services/gateway/src/test-support/stack.js';
import { WsTestClient } from '../../../services/gateway/src/test-support/ws-test-client.js';
import { launchBrowser, openPage, screenshot, type PageWatch } from './test-support/browser.js';

/**
 * Ring alerts in a real Chromium against every service: a new chat rings the agent (the
 * alert plays, the row is marked), the routing decision is a line in the timeline, and an
 * unanswered chat escalates after the site's SLA (badge with the waiting time, survives a
 * reload through the list row) until the agent answers.
 */
const AGENCY = 'http://agency.example';
const SLA_SECONDS = 2;

let stack: Stack;
let browser: Browser;

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
  const email = `${uniqueName(name.toLowerCase())}@example.org`;
  const password = randomBytes(12).toString('hex');
  const { agent } = await stack.bus.request('directory.create-agent', {
    siteId: site.siteId,
    name,
    email,
    password,
    role: 'agent',
  });
  const opened = await openPage(browser, { viewport: { width: 1400, height: 900 } });
  await opened.page.addInitScript(COUNT_BEEPS);
  await opened.page.goto(`${stack.origin}/dashboard/`);
  await opened.page.getByLabel('E-mail').fill(email);
  await opened.page.getByLabel('Password').fill(password);
  await opened.page.getByRole('button', { name: 'Sign in' }).click();
  await opened.page.locator('[data-testid="connection"][data-state="online"]').waitFor();
  return { ...opened, agentId: agent.agentId };
}

async function capturing(page: Page, watch: PageWatch, name: string, body: () => Promise<void>) {
  try {
    await body();
  } catch (error) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    console.error(`${name}: page errors`, watch.pageErrors, 'console errors', watch.consoleErrors);
    throw error;
  }
}

beforeAll(async () => {
  // A short presence sweep, so the SLA is checked every 200 ms rather than every few seconds.
  stack = await startStack({}, { PRESENCE_SWEEP_INTERVAL_MS: '200' });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('ring alerts', () => {
  it('a new chat rings, an unanswered one shows the SLA badge until the agent answers', async () => {
    const site = await stack.createSite(uniqueName('Agency'), [AGENCY]);
    await stack.bus.request('directory.update-duty', {
      siteId: site.siteId,
      duty: { slaSeconds: SLA_SECONDS },
    });
    const { page, watch, context } = await signedInAgent(site, 'Ayu');
    await capturing(page, watch, 'ring', async () => {
      const tones = () =>
        page.evaluate(() => (window as unknown as { sapaTones: number }).sapaTones);
      expect(await tones()).toBe(0);
      const visitor = await WsTestClient.connect(`${stack.wsUrl}/ws/visitor?site=${site.siteKey}`, {
        origin: AGENCY,
      });
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
