import { describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { DutySettingsInput, SitePublic } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { WsTestClient } from '../../../services/gateway/src/test-support/ws-test-client.js';
import { browserSuite } from './test-support/browser-suite.js';
import { startHostSite, type HostSite } from './test-support/host-site.js';
import { WidgetPage } from './test-support/widget-page.js';

/**
 * In a real browser: what a visitor sees before anyone answers. While the chat waits
 * the widget shows the place in line from the gateway's `queue` frames, politely announced and
 * outside the message log, until an agent claims it; outside business hours the widget offers
 * the offline form even when an agent is online (the gateway's duty test checks the frames).
 */
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const ZONE = 'Asia/Makassar';
const openAllWeek = (slaSeconds: number): DutySettingsInput => ({
  timeZone: ZONE,
  hours: {
    weekly: Object.fromEntries(WEEK.map((day) => [day, [{ start: '00:00', end: '24:00' }]])),
  },
  slaSeconds,
});
/** School hours on yesterday's weekday only (site time): closed now, and for six more days. */
function closedNow(): DutySettingsInput {
  const today = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short' })
    .format(new Date())
    .toLowerCase();
  const yesterday = WEEK[(WEEK.indexOf(today as (typeof WEEK)[number]) + 6) % 7] ?? 'mon';
  return { timeZone: ZONE, hours: { weekly: { [yesterday]: [{ start: '07:00', end: '15:00' }] } } };
}

const suite = browserSuite();

interface World {
  readonly site: SitePublic;
  readonly host: HostSite;
  readonly agent: WsTestClient;
  /** Saves the site's duty settings through the REST API, as the site's admin. */
  saveDuty(duty: DutySettingsInput): Promise<void>;
}

/** A fresh site with its demo website, an admin and one online agent. */
async function world(): Promise<World> {
  const host = await startHostSite({ gatewayUrl: suite.stack.httpUrl });
  suite.defer(() => host.close());
  const site = await suite.stack.createSite('Perpustakaan SMA 3', [host.origin]);
  host.setSiteKey(site.siteKey);
  const [admin, ani] = await Promise.all([
    suite.stack.createAgent(site.siteId, 'Admin', 'admin'),
    suite.stack.createAgent(site.siteId, 'Ani'),
  ]);
  const agent = await WsTestClient.connect(`${suite.stack.wsUrl}/ws/agent`, {
    origin: suite.stack.origin,
    token: ani.token,
  });
  suite.defer(async () => agent.close());
  const saveDuty = async (duty: DutySettingsInput) => {
    const response = await fetch(`${suite.stack.httpUrl}/api/v1/site/duty`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${admin.token}`,
        'content-type': 'application/json',
        origin: suite.stack.origin,
      },
      body: JSON.stringify(duty),
    });
    if (!response.ok) throw new Error(`PUT duty: ${response.status} ${await response.text()}`);
  };
  return { site, host, agent, saveDuty };
}

async function visitorPage(): Promise<Page> {
  const context: BrowserContext = await suite.browser.newContext({
    locale: 'en-US',
    timezoneId: ZONE,
    viewport: { width: 1280, height: 800 },
  });
  suite.defer(() => context.close());
  // Counts the gateway's queue frames as the page receives them (the server is real; this only
  // watches), so a test can wait for a repeated frame instead of sleeping.
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const seen = window as unknown as { sapaQueueFrames: number };
    seen.sapaQueueFrames = 0;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (message: MessageEvent) => {
          try {
            const frame = JSON.parse(String(message.data)) as { type?: unknown };
            if (frame.type === 'queue') seen.sapaQueueFrames++;
          } catch {
            // Not JSON: not a frame.
          }
        });
      }
    };
  });
  return context.newPage();
}

/** The visitor opens the widget on the home page and starts a chat; resolves its id. */
async function startChat(page: Page, agent: WsTestClient, host: HostSite, name: string) {
  const widget = new WidgetPage(page);
  await page.goto(host.page('index.html'));
  await widget.open();
  await widget.field('prechat', 'name').fill(name);
  await widget.submit('prechat').click();
  const started = await agent.waitFor(
    (frame) =>
      frame.type === 'event' &&
      frame.event.type === 'ConversationStarted' &&
      (frame.event.data as { preChat?: { name?: string } }).preChat?.name === name,
    `${name}'s chat at the agent`,
    30_000,
  );
  if (started.type !== 'event') throw new Error('event expected');
  return { widget, conversationId: started.event.conversationId };
}

const notice = (widget: WidgetPage) => widget.waitNotice;
const showsNotice = (widget: WidgetPage, text: string | RegExp) =>
  notice(widget).filter({ hasText: text }).waitFor({ timeout: 20_000 });

describe('while nobody has answered', () => {
  it('shows the place in line, politely and outside the log, until the agent replies', async () => {
    const { site, host, agent, saveDuty } = await world();
    await saveDuty(openAllWeek(45));
    const first = await startChat(await visitorPage(), agent, host, 'Rina');

    // First in line, an agent online: "shortly", with the site's usual answer time.
    await showsNotice(
      first.widget,
      'An agent will be with you shortly. We usually answer within 45 seconds.',
    );
    await expect(notice(first.widget).getAttribute('aria-live')).resolves.toBe('polite');
    await expect(notice(first.widget).getAttribute('role')).resolves.toBeNull();
    await expect(first.widget.log.textContent()).resolves.not.toContain('shortly');

    // A frame whose text would read the same (a second agent comes online: 2 free, still
    // first in line) does not touch the notice, so a screen reader does not announce it again.
    const page = first.widget.page;
    const framesSeen = () =>
      page.evaluate(() => (window as unknown as { sapaQueueFrames: number }).sapaQueueFrames);
    await page.evaluate(() => {
      const element = document.getElementById('sapa-widget')?.shadowRoot?.querySelector('.queue');
      const seen = window as unknown as { sapaNoticeChanges: number };
      seen.sapaNoticeChanges = 0;
      if (!element) throw new Error('no wait notice');
      new MutationObserver((records) => (seen.sapaNoticeChanges += records.length)).observe(
        element,
        { childList: true, characterData: true, subtree: true },
      );
    });
    const before = await framesSeen();
    const budi = await WsTestClient.connect(`${suite.stack.wsUrl}/ws/agent`, {
      origin: suite.stack.origin,
      token: (await suite.stack.createAgent(site.siteId, 'Budi')).token,
    });
    suite.defer(async () => budi.close());
    await page.waitForFunction(
      (count) => (window as unknown as { sapaQueueFrames: number }).sapaQueueFrames > count,
      before,
      { timeout: 15_000 },
    );
    expect(
      await page.evaluate(
        () => (window as unknown as { sapaNoticeChanges: number }).sapaNoticeChanges,
      ),
    ).toBe(0);

    // A second visitor waits behind the first.
    const second = await startChat(await visitorPage(), agent, host, 'Dodi');
    await showsNotice(
      second.widget,
      'You are number 2 in line. Please stay on this page; an agent will answer you in turn.',
    );
    const logEntries = await second.widget.log.locator('> *').count();

    // The agent answers the first: its notice goes, the reply is there, the second moves up.
    await agent.request('message.send', {
      conversationId: first.conversationId,
      clientMessageId: 'reply-1',
      text: 'Halo Rina, ada yang bisa dibantu?',
    });
    await first.widget.theirs('Halo Rina').waitFor();
    await notice(first.widget).waitFor({ state: 'hidden' });
    await expect(notice(first.widget).textContent()).resolves.toBe('');
    await showsNotice(second.widget, /^An agent will be with you shortly\./);

    // Both agents step away: nobody can take the chat, and the notice says so, with no time.
    await Promise.all([agent, budi].map((each) => each.request('status.set', { status: 'away' })));
    await showsNotice(
      second.widget,
      'All our agents are busy right now. You are number 1 in line; please stay on this page, or leave your e-mail in the chat and we will answer by e-mail.',
    );
    // The notice never went into the log, and the claimed chat never got one back.
    expect(await second.widget.log.locator('> *').count()).toBe(logEntries);
    await expect(notice(first.widget).textContent()).resolves.toBe('');
    for (const { widget } of [first, second]) {
      expect(await widget.injectedMarkup()).toBe(false);
      expect(widget.errors).toEqual([]);
    }
  });
});

describe('outside business hours', () => {
  it('shows the offline form, not the chat form, even with an agent online', async () => {
    const { site, host, agent, saveDuty } = await world();
    await saveDuty(closedNow());
    expect(agent.welcome.data).toMatchObject({ status: 'online' });
    // Closed because of the hours alone (once presence has the new hours): the agent is free.
    const availability = await waitFor(async () => {
      const now = await suite.stack.bus.request('presence.availability', { siteId: site.siteId });
      return !now.insideHours && now;
    });
    expect(availability).toMatchObject({ online: false, insideHours: false, eligibleAgents: 1 });

    const page = await visitorPage();
    const widget = new WidgetPage(page);
    await page.goto(host.page('index.html'));
    await widget.open();
    await widget.host.getByText('We are offline').waitFor();
    await widget.field('offline', 'email').waitFor();
    expect(await widget.host.locator('form.prechat').count()).toBe(0);
    expect(await widget.composer.isVisible()).toBe(false);

    // The hours open: the same page offers the chat at once (the offline form was the hours).
    await saveDuty(openAllWeek(60));
    await widget.field('prechat', 'name').waitFor();
    expect(await widget.host.locator('form.offline').count()).toBe(0);
    expect(widget.errors).toEqual([]);
  });
});
