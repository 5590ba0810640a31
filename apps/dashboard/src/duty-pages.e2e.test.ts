import { describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName, waitFor } from '@sapa/testkit';
import type { Page } from 'playwright-core';
import { startStack } from '../../../services/gateway/src/test-support/stack.js';
import { screenshot } from './test-support/browser.js';
import {
  browserSuite,
  capturing,
  createAgent,
  openSignedIn,
  type TestAgent,
} from './test-support/dashboard.js';

/**
 * The Duty page in a real Chromium against every service (a supervisor edits hours
 * and the roster; an agent reads it and requests a swap; the supervisor approves it) and
 * automatic away, with the page's clock moved by Playwright instead of waiting minutes.
 * Every test has a site of its own, so duty settings never leak between tests.
 */
const AGENCY = 'http://agency.example';

async function newSite(): Promise<SitePublic> {
  return suite.stack.createSite(uniqueName('Agency'), [AGENCY]);
}

/** Signs in; with `beforeLoad` a test can install the clock or listen to the socket first. */
function signedIn(who: TestAgent, beforeLoad?: (page: Page) => Promise<unknown>) {
  return openSignedIn(suite.browser, suite.stack.origin, who, {
    viewport: { width: 1400, height: 1000 },
    ...(beforeLoad ? { beforeLoad } : {}),
  });
}

async function openDuty(page: Page) {
  await page.getByTestId('nav-duty').click();
  await page.getByTestId('duty-form').waitFor();
}

/** The next date (UTC calendar) that falls on a Monday, at least a day ahead. */
function nextMonday(): string {
  const date = new Date();
  do date.setUTCDate(date.getUTCDate() + 1);
  while (date.getUTCDay() !== 1);
  return date.toISOString().slice(0, 10);
}

const suite = browserSuite(() => startStack());

describe('duty page', () => {
  it('a supervisor edits hours and the roster and saves; a reload shows them', async () => {
    const site = await newSite();
    const sari = await createAgent(suite.stack, site.siteId, 'supervisor', 'Sari');
    const ayu = await createAgent(suite.stack, site.siteId, 'agent', 'Ayu');
    const { page, watch, context } = await signedIn(sari);
    await capturing(page, watch, 'duty-edit', async () => {
      await openDuty(page);
      const form = page.getByTestId('duty-form');
      await form.getByLabel('Time zone').fill('Asia/Makassar');
      await form.getByLabel('Always open (no business hours)').uncheck();
      await form.getByLabel('Monday').fill('08:00-12:00, 13:00-16:30');
      await form.getByLabel('Friday').fill('8:00 - 11:30');
      await form.getByLabel('Holidays (YYYY-MM-DD)').fill('2026-12-25');
      await form.getByLabel('First-response SLA (seconds)').fill('90');

      // A malformed block is named beside the form and cannot be saved.
      await form.getByLabel('Tuesday').fill('nine to five');
      await form.getByText('hours tue: "nine to five" is not HH:MM-HH:MM').waitFor();
      expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
      await form.getByLabel('Tuesday').fill('');

      await form.getByRole('button', { name: 'Add shift' }).click();
      const shift = form.getByTestId('roster-row').first();
      await shift.getByLabel('Shift day').selectOption('mon');
      await shift.getByLabel('Shift end').fill('16:30');
      await shift.getByLabel('Shift agents').fill(`${ayu.agentId}, ${sari.agentId}`);
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('duty-saved').waitFor();
      await screenshot(page, 'dashboard-duty');

      const { duty } = await suite.stack.bus.request('directory.get-duty', { siteId: site.siteId });
      expect(duty).toMatchObject({
        timeZone: 'Asia/Makassar',
        slaSeconds: 90,
        hours: {
          weekly: {
            mon: [
              { start: '08:00', end: '12:00' },
              { start: '13:00', end: '16:30' },
            ],
            fri: [{ start: '08:00', end: '11:30' }],
          },
          holidays: ['2026-12-25'],
        },
        roster: [
          { weekday: 'mon', start: '08:00', end: '16:30', agentIds: [ayu.agentId, sari.agentId] },
        ],
      });
      expect(duty.hours?.weekly.tue).toBeUndefined();

      await page.reload();
      await page.locator('[data-testid="connection"][data-state="online"]').waitFor();
      await openDuty(page);
      expect(await form.getByLabel('Monday').inputValue()).toBe('08:00-12:00, 13:00-16:30');
      expect(await form.getByLabel('Friday').inputValue()).toBe('08:00-11:30');
      expect(await form.getByLabel('Time zone').inputValue()).toBe('Asia/Makassar');
      const saved = form.getByTestId('roster-row');
      expect(await saved.count()).toBe(1);
      expect(await saved.getByLabel('Shift agents').inputValue()).toBe(
        `${ayu.agentId}, ${sari.agentId}`,
      );
      // Names come from the team list (GET /api/v1/site/agents), which also shows every id.
      await page.getByTestId('team-list').getByText(ayu.agentId).waitFor();
      expect(await saved.getByTestId('shift-names').textContent()).toBe('Ayu, Sari');
      await page.getByTestId('availability-online').waitFor();
      expect(watch.pageErrors).toEqual([]);
    });
    await context.close();
  });

  it('an agent reads the page and requests a swap without approve buttons; the supervisor approves it', async () => {
    const site = await newSite();
    const sari = await createAgent(suite.stack, site.siteId, 'supervisor', 'Sari');
    const ayu = await createAgent(suite.stack, site.siteId, 'agent', 'Ayu');
    const budi = await createAgent(suite.stack, site.siteId, 'agent', 'Budi');
    await suite.stack.bus.request('directory.update-duty', {
      siteId: site.siteId,
      duty: {
        timeZone: 'Asia/Makassar',
        roster: [
          { weekday: 'mon', start: '08:00', end: '16:00', agentIds: [ayu.agentId] },
          { weekday: 'tue', start: '08:00', end: '16:00', agentIds: [budi.agentId] },
        ],
      },
    });
    const date = nextMonday();

    const agent = await signedIn(ayu);
    await capturing(agent.page, agent.watch, 'duty-swap-agent', async () => {
      await openDuty(agent.page);
      const form = agent.page.getByTestId('duty-form');
      // Read-only: the settings show, nothing can be changed or saved.
      expect(await form.getByTestId('roster-row').count()).toBe(2);
      expect(await form.getByLabel('Time zone').isDisabled()).toBe(true);
      expect(await form.getByRole('button', { name: 'Save' }).count()).toBe(0);
      expect(await form.getByRole('button', { name: 'Add shift' }).count()).toBe(0);

      const swaps = agent.page.getByTestId('swaps');
      await swaps.getByLabel('Date of my shift').fill(date);
      await swaps.getByLabel('Colleague (agent id)').fill(budi.agentId);
      await swaps.getByRole('button', { name: 'Request swap' }).click();
      const row = swaps.getByTestId('swap-row').filter({ hasText: date });
      await row.getByTestId('swap-status').filter({ hasText: 'Waiting for approval' }).waitFor();
      expect(await swaps.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      expect(await swaps.getByRole('button', { name: 'Reject' }).count()).toBe(0);
      expect(agent.watch.pageErrors).toEqual([]);
    });

    const { duty } = await suite.stack.bus.request('directory.get-duty', { siteId: site.siteId });
    expect(duty.swaps).toEqual([
      expect.objectContaining({
        date,
        fromAgentId: ayu.agentId,
        toAgentId: budi.agentId,
        status: 'requested',
      }),
    ]);
    const swapId = duty.swaps[0]?.swapId ?? '';

    const supervisor = await signedIn(sari);
    await capturing(supervisor.page, supervisor.watch, 'duty-swap-supervisor', async () => {
      await openDuty(supervisor.page);
      const row = supervisor.page.locator(`[data-testid="swap-row"][data-swap-id="${swapId}"]`);
      await row.getByRole('button', { name: 'Approve' }).click();
      await row.locator('[data-testid="swap-status"][data-status="approved"]').waitFor();
      expect(await row.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      expect(supervisor.watch.pageErrors).toEqual([]);
    });

    // The agent sees the decision on the next visit of the page.
    await agent.page.getByTestId('nav-inbox').click();
    await openDuty(agent.page);
    await agent.page
      .locator(`[data-testid="swap-row"][data-swap-id="${swapId}"] [data-status="approved"]`)
      .waitFor();
    await agent.context.close();
    await supervisor.context.close();
  });
});

describe('automatic away', () => {
  it('sets away after the site’s minutes without input and back on input; a chosen away stays', async () => {
    const site = await newSite();
    const ayu = await createAgent(suite.stack, site.siteId, 'agent', 'Ayu');
    await suite.stack.bus.request('directory.update-duty', {
      siteId: site.siteId,
      duty: { autoAwayMinutes: 2 },
    });
    const sent: string[] = [];
    const { page, watch, context } = await signedIn(ayu, async (page) => {
      // The page's clock is Playwright's: fastForward jumps it like a laptop lid closed.
      await page.clock.install();
      page.on('websocket', (socket) =>
        socket.on('framesent', ({ payload }) => {
          const frame = JSON.parse(String(payload)) as { type: string; data?: { status?: string } };
          if (frame.type === 'status.set') sent.push(`status ${frame.data?.status ?? ''}`);
          if (frame.type === 'conversations.search') sent.push('search');
        }),
      );
    });
    await capturing(page, watch, 'auto-away', async () => {
      const status = page.getByTestId('my-status');
      // The threshold has been read from the duty settings.
      await page.locator('[data-testid="my-status"][title*="after 2 min"]').waitFor();
      expect(await status.inputValue()).toBe('online');

      await page.clock.fastForward('01:50');
      expect(await page.getByTestId('auto-away-note').count()).toBe(0);
      await page.clock.fastForward('00:15');
      await page.getByTestId('auto-away-note').waitFor();
      expect(await status.inputValue()).toBe('away');

      await page.mouse.move(300, 300);
      await page.mouse.move(320, 310);
      await page.locator('[data-testid="my-status"]:not([disabled])').waitFor();
      await waitFor(async () => (await status.inputValue()) === 'online');
      expect(await page.getByTestId('auto-away-note').count()).toBe(0);

      // Chosen by hand, away stays away through idle time and input: after the input, the
      // next frame on the socket is the search below, not a status.set.
      await status.selectOption('away');
      await waitFor(async () => sent.length === 3);
      // The select follows the server's answer: away is acknowledged.
      await waitFor(async () => (await status.inputValue()) === 'away');
      await page.clock.fastForward('05:00');
      await page.mouse.move(100, 100);
      await page.keyboard.press('Shift');
      await page.getByTestId('nav-history').click();
      await page.getByRole('button', { name: 'Search' }).click();
      await waitFor(async () => sent.includes('search'));
      expect(sent).toEqual(['status away', 'status online', 'status away', 'search']);
      expect(await status.inputValue()).toBe('away');
      expect(watch.pageErrors).toEqual([]);
    });
    await context.close();
  });
});
