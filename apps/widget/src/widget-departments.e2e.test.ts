import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import type { DutySettingsInput, StoredEvent } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { WsTestClient } from '../../../services/gateway/src/test-support/ws-test-client.js';
import { browserSuite } from './test-support/browser-suite.js';
import { startHostSite } from './test-support/host-site.js';
import { WidgetPage } from './test-support/widget-page.js';

/**
 * Departments in a real browser: a school with an SD and an SMP team. The pre-chat
 * form asks which one; a chat for SD reaches SD's agent carrying `department: 'sd'`, while
 * picking SMP (nobody on line) leads to the offline form and the stored message carries
 * `department: 'smp'`. The select's labels follow the `availability` frames live, and names
 * set by admins stay text. (The gateway's duty test checks the frames themselves.)
 */
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const ZONE = 'Asia/Makassar';
const openAllWeek: DutySettingsInput = {
  timeZone: ZONE,
  hours: {
    weekly: Object.fromEntries(WEEK.map((day) => [day, [{ start: '00:00', end: '24:00' }]])),
  },
};

const suite = browserSuite();

/**
 * A fresh site with departments SD and SMP: `ayu`, SD's agent, online; `budiToken`, SMP's
 * agent's token, not connected, so SMP starts offline.
 */
async function school() {
  const host = await startHostSite({ gatewayUrl: suite.stack.httpUrl });
  suite.defer(() => host.close());
  const site = await suite.stack.createSite(`Yayasan ${randomUUID().slice(0, 8)}`, [host.origin]);
  host.setSiteKey(site.siteKey);
  const [ayu, budi] = await Promise.all([
    suite.stack.createAgent(site.siteId, 'Ayu'),
    suite.stack.createAgent(site.siteId, 'Budi'),
  ]);
  await suite.stack.bus.request('directory.update-duty', {
    siteId: site.siteId,
    duty: {
      ...openAllWeek,
      departments: [
        { departmentId: 'sd', name: 'SD' },
        { departmentId: 'smp', name: 'SMP' },
      ],
      agents: [
        { agentId: ayu.agent.agentId, departmentIds: ['sd'] },
        { agentId: budi.agent.agentId, departmentIds: ['smp'] },
      ],
    },
  });
  const agent = await WsTestClient.connect(`${suite.stack.wsUrl}/ws/agent`, {
    origin: suite.stack.origin,
    token: ayu.token,
  });
  suite.defer(async () => agent.close());
  return { site, host, ayu: agent, budiToken: budi.token };
}

/** A visitor of a fresh school at the pre-chat form, once its select lists SMP as offline. */
async function atThePreChatForm() {
  const world = await school();
  const page = await visitorPage();
  const widget = new WidgetPage(page);
  await page.goto(world.host.page('index.html'));
  await widget.open();
  const select = widget.field('prechat', 'department');
  await entry(select, 'SMP — offline, leave a message');
  return { ...world, page, widget, select };
}

/** A visitor's page in a fresh browser context that records the types of frames it sends. */
async function visitorPage(): Promise<Page> {
  const context = await suite.browser.newContext({
    locale: 'en-US',
    timezoneId: ZONE,
    viewport: { width: 1280, height: 800 },
  });
  suite.defer(() => context.close());
  await context.addInitScript(() => {
    const sent: string[] = [];
    (window as unknown as { sapaSent: string[] }).sapaSent = sent;
    const nativeSend = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the page sends text frames
        sent.push(String((JSON.parse(String(data)) as { type?: unknown }).type));
      } catch {
        // Not JSON: not a frame.
      }
      nativeSend.call(this, data);
    };
  });
  return context.newPage();
}

const sentTypes = (page: Page) =>
  page.evaluate(() => (window as unknown as { sapaSent: string[] }).sapaSent);
/** Waits until the select has an entry whose whole text is `label`. */
const entry = (select: Locator, label: string) =>
  select
    .locator('option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .waitFor({ state: 'attached', timeout: 20_000 });

describe('the pre-chat form asks for a department', () => {
  it('a visitor who picks SD chats with SD, and the stored chat carries the department', async () => {
    const { site, ayu, page, widget, select } = await atThePreChatForm();
    await entry(select, 'SD');
    expect(await select.locator('option').allTextContents()).toEqual([
      'Choose…',
      'SD',
      'SMP — offline, leave a message',
    ]);
    // Labelled (the label names it and says it is required).
    await expect(widget.host.getByLabel('Department (required)').count()).resolves.toBe(1);

    // The pick is required: no chat without one.
    const name = `Rina ${randomUUID().slice(0, 8)}`;
    await widget.field('prechat', 'name').fill(name);
    await widget.submit('prechat').click();
    await widget.host.getByText('Please choose one.').waitFor();
    await expect(select.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await sentTypes(page)).not.toContain('conversation.start');

    await select.selectOption({ label: 'SD' });
    await widget.submit('prechat').click();
    const started = await ayu.waitForEvent(
      (event) =>
        event.type === 'ConversationStarted' &&
        (event.data as { preChat?: { name?: string } }).preChat?.name === name,
      `${name}'s chat at SD's agent`,
    );
    expect(started.data).toMatchObject({ department: 'sd' });
    const { events } = await suite.stack.bus.request('chat.read-conversation', {
      siteId: site.siteId,
      conversationId: started.conversationId,
    });
    expect(events.find((event) => event.type === 'ConversationStarted')?.data).toMatchObject({
      department: 'sd',
      preChat: { name },
    });
    await widget.composer.waitFor();
    expect(widget.errors).toEqual([]);
  });

  it('picking SMP while nobody serves it leads to the offline form, and the message carries it', async () => {
    const { site, budiToken, page, widget, select } = await atThePreChatForm();

    // Live from the availability frames: Budi comes online for SMP, then steps away.
    const budi = await WsTestClient.connect(`${suite.stack.wsUrl}/ws/agent`, {
      origin: suite.stack.origin,
      token: budiToken,
    });
    suite.defer(async () => budi.close());
    await entry(select, 'SMP');
    await budi.request('status.set', { status: 'away' });
    await entry(select, 'SMP — offline, leave a message');

    const name = `Dodi ${randomUUID().slice(0, 8)}`;
    await widget.field('prechat', 'name').fill(name);
    await widget.field('prechat', 'email').fill('dodi@example.org');
    await select.selectOption('smp');
    await widget.submit('prechat').click();

    // The offline form for SMP: what was typed is kept, the department is preselected.
    await widget.host.getByText('SMP is offline right now').waitFor();
    await expect(widget.field('offline', 'department').inputValue()).resolves.toBe('smp');
    await expect(widget.field('offline', 'name').inputValue()).resolves.toBe(name);
    await expect(widget.field('offline', 'email').inputValue()).resolves.toBe('dodi@example.org');
    await widget.button('Choose another department').waitFor();
    expect(await widget.composer.isVisible()).toBe(false);

    const stored: StoredEvent[] = [];
    const subscription = suite.stack.bus.subscribe(
      `sapa.v1.evt.${site.siteId}.offline.>`,
      (payload) => {
        stored.push(payload as StoredEvent);
      },
    );
    suite.defer(async () => subscription.unsubscribe());
    await suite.stack.bus.connection.flush();
    await widget.field('offline', 'question').fill('Kapan pendaftaran SMP dibuka?');
    await widget.submit('offline').click();
    await widget.host.getByText('Thank you! We received your message').waitFor();
    const left = await waitFor(
      () =>
        stored.find(
          (event) =>
            event.type === 'OfflineMessageLeft' && (event.data as { name?: string }).name === name,
        ),
      { description: `${name}'s offline message`, timeoutMs: 20_000 },
    );
    expect(left.data).toMatchObject({
      department: 'smp',
      email: 'dodi@example.org',
      question: 'Kapan pendaftaran SMP dibuka?',
    });
    // No chat was started that nobody could answer.
    const sent = await sentTypes(page);
    expect(sent).toContain('offline.leave');
    expect(sent).not.toContain('conversation.start');
    expect(widget.errors).toEqual([]);
  });
});

describe('department names', () => {
  it('are text, in the offline form too when the whole site is offline', async () => {
    const host = await startHostSite({ gatewayUrl: suite.stack.httpUrl });
    suite.defer(() => host.close());
    const site = await suite.stack.createSite(`Sekolah ${randomUUID().slice(0, 8)}`, [host.origin]);
    host.setSiteKey(site.siteKey);
    const hostile = '<img src=x onerror=alert(1)>';
    await suite.stack.bus.request('directory.update-duty', {
      siteId: site.siteId,
      duty: {
        ...openAllWeek,
        departments: [
          { departmentId: 'tk', name: hostile },
          { departmentId: 'sd', name: '<script>alert(2)</script>' },
        ],
      },
    });
    // Nobody online: the site is offline, so the offline form shows, with the select.
    const page = await visitorPage();
    const widget = new WidgetPage(page);
    await page.goto(host.page('index.html'));
    await widget.open();
    await widget.host.getByText('We are offline').waitFor();
    const select = widget.field('offline', 'department');
    await select.waitFor();
    expect(await select.locator('option').allTextContents()).toEqual([
      'Choose…',
      `${hostile} — offline, leave a message`,
      '<script>alert(2)</script> — offline, leave a message',
    ]);
    expect(await widget.injectedMarkup()).toBe(false);
    expect(widget.dialogs).toEqual([]);
    expect(widget.errors).toEqual([]);
  });
});
