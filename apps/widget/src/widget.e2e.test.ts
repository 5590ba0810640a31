import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import type { ClientEvent, SitePublic } from '@sapa/contracts';
import { waitFor } from '@sapa/testkit';
import { WsTestClient } from '../../../services/gateway/src/test-support/ws-test-client.js';
import { browserSuite } from './test-support/browser-suite.js';
import { startHostSite, type HostSite } from './test-support/host-site.js';
import { WidgetPage } from './test-support/widget-page.js';

/**
 * The widget in a real browser (Debian's chromium through playwright-core) against every Sapa
 * service as a process. The visitor is on the demo school site, served from an origin of its
 * own; the agent is a protocol client on /ws/agent (the dashboard's own browser tests drive the
 * agent side through the dashboard).
 */
const ARTIFACTS = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'test-artifacts');
const XSS_IMG = '<img src=x onerror="window.__pwned=1;alert(1)">';
const XSS_SCRIPT = '<script>window.__pwned=2;alert(2)</script>';

const suite = browserSuite();

interface World {
  readonly site: SitePublic;
  readonly host: HostSite;
  readonly agent: WsTestClient | undefined;
  readonly agentId: string | undefined;
}

/** A fresh site, its demo website and (unless offline) an online agent. */
async function world(options: { agentName?: string; online?: boolean } = {}): Promise<World> {
  const served = await startHostSite({ gatewayUrl: suite.stack.httpUrl });
  suite.defer(() => served.close());
  const site = await suite.stack.createSite('SMP Negeri 1 Harapan', [served.origin]);
  served.setSiteKey(site.siteKey);
  if (options.online === false) return { site, host: served, agent: undefined, agentId: undefined };
  const { agent, token } = await suite.stack.createAgent(site.siteId, options.agentName ?? 'Ani');
  const client = await WsTestClient.connect(`${suite.stack.wsUrl}/ws/agent`, {
    origin: suite.stack.origin,
    token,
  });
  suite.defer(async () => client.close());
  return { site, host: served, agent: client, agentId: agent.agentId };
}

async function visitorContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await suite.browser.newContext({
    locale: 'id-ID',
    timezoneId: 'Asia/Makassar',
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  suite.defer(() => context.close());
  return context;
}

/** The agent writes to the visitor (or, with `whisper.send`, to the other agents only). */
const agentSays = (
  agent: WsTestClient,
  conversationId: string,
  clientMessageId: string,
  text: string,
  type: 'message.send' | 'whisper.send' = 'message.send',
) => agent.request(type, { conversationId, clientMessageId, text });

/** The texts of the conversation's stored messages, in order (read from chat, not the socket). */
async function storedTexts(siteId: string, conversationId: string): Promise<string[]> {
  const { events } = await suite.stack.bus.request('chat.read-conversation', {
    siteId,
    conversationId,
  });
  return events
    .filter((event) => event.type === 'MessagePosted')
    .map((event) => (event.data as { text: string }).text);
}

/** Waits until the agent has the visitor's message `text`. */
const postedAtAgent = (agent: WsTestClient, text: string, description: string) =>
  agent.waitForEvent(
    (event) => event.type === 'MessagePosted' && (event.data as { text: string }).text === text,
    description,
  );

const eventsOf = (agent: WsTestClient, conversationId: string, type: string): ClientEvent[] =>
  agent.events(conversationId).filter((event) => (event.type as string) === type);

function expectedGreeting(hour: number): string {
  if (hour >= 4 && hour < 11) return 'Selamat pagi';
  if (hour >= 11 && hour < 15) return 'Selamat siang';
  if (hour >= 15 && hour < 18) return 'Selamat sore';
  return 'Selamat malam';
}

/** Runs in the page: is this element the focused one inside the widget's shadow root? */
const hasFocus = (element: Element): boolean =>
  (element.getRootNode() as ShadowRoot).activeElement === element;

async function conversationStarted(agent: WsTestClient): Promise<ClientEvent> {
  // A deadline, not a wait: the start crosses the browser, the gateway, chat and FerretDB, and
  // a busy CI machine once needed more than the client's default 10 s.
  return agent
    .waitFor(
      (frame) => frame.type === 'event' && frame.event.type === 'ConversationStarted',
      'a new conversation at the agent',
      30_000,
    )
    .then((frame) => (frame as Extract<typeof frame, { type: 'event' }>).event);
}

/** A visitor (en-US) in a chat with an online agent: started from the pre-chat form. */
async function chatting() {
  const { host, agent, site } = await world();
  if (!agent) throw new Error('agent expected');
  const context = await visitorContext({ locale: 'en-US' });
  const page = await context.newPage();
  const widget = new WidgetPage(page);
  await page.goto(host.page('index.html'));
  await widget.open();
  await widget.submit('prechat').click();
  const { conversationId } = await conversationStarted(agent);
  return { host, agent, site, context, page, widget, conversationId };
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
});

describe('the visitor widget', () => {
  it('greets, asks the pre-chat questions, carries messages and typing both ways, and reports navigation', async () => {
    const { host, agent, agentId } = await world({ agentName: 'Ani' });
    if (!agent) throw new Error('agent expected');
    const page = await (await visitorContext()).newPage();
    const widget = new WidgetPage(page);
    await page.goto(host.page('admissions.html'));
    await widget.launcher.waitFor({ state: 'visible' });
    await widget.open();

    // Time-of-day greeting in Indonesian (the browser says id-ID), from the visitor's clock.
    const hour = await page.evaluate(() => new Date().getHours());
    await expect(widget.greeting.textContent()).resolves.toContain(expectedGreeting(hour));
    await expect(widget.title.textContent()).resolves.toBe('SMP Negeri 1 Harapan');

    // Pre-chat form (site default: name and e-mail optional): a bad e-mail is refused in words.
    await widget.field('prechat', 'name').fill('Siti');
    await widget.field('prechat', 'email').fill('not-an-email');
    await widget.submit('prechat').click();
    await expect(widget.field('prechat', 'email').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await widget.field('prechat', 'email').fill('siti@example.org');
    await widget.submit('prechat').click();
    const started = await conversationStarted(agent);
    expect(started.data).toMatchObject({ preChat: { name: 'Siti', email: 'siti@example.org' } });
    const conversationId = started.conversationId;

    // Visitor typing reaches the agent; the message is stored once and shown as sent. The agent
    // may see the start before the widget has its answer: until then the composer is hidden and
    // the first keys would go to the pre-chat form (a visitor cannot type there; CI caught it).
    await widget.composer.waitFor({ state: 'visible' });
    await widget.composer.pressSequentially('Halo, kapan PPDB');
    await agent.waitFor(
      (frame) =>
        frame.type === 'typing' &&
        frame.data.conversationId === conversationId &&
        frame.data.isTyping,
      'visitor typing at the agent',
    );
    await widget.composer.pressSequentially(' dibuka?');
    await widget.composer.press('Enter');
    await postedAtAgent(agent, 'Halo, kapan PPDB dibuka?', 'the visitor message at the agent');
    await widget
      .mine('Halo, kapan PPDB dibuka?')
      .and(page.locator('[data-state="sent"]'))
      .waitFor();

    // Agent typing and reply reach the visitor: agent name, a clickable link, delivered state.
    await agent.request('typing', { conversationId, isTyping: true });
    await widget.typing.filter({ hasText: 'Ani sedang mengetik' }).waitFor();
    await agentSays(
      agent,
      conversationId,
      'a-1',
      'Pendaftaran dibuka 1 Juni, lihat https://school.example/ppdb.',
    );
    const reply = widget.theirs('Pendaftaran dibuka 1 Juni');
    await reply.waitFor();
    await expect(reply.locator('.who').textContent()).resolves.toBe('Ani');
    await expect(reply.locator('a').getAttribute('href')).resolves.toBe(
      'https://school.example/ppdb',
    );
    await expect(widget.agentName.textContent()).resolves.toBe('Ani');
    await widget
      .mine('Halo, kapan PPDB dibuka?')
      .and(page.locator('[data-state="delivered"]'))
      .waitFor();
    await expect(widget.typing.textContent()).resolves.toBe('');

    // A whisper (internal note) never reaches the visitor: the message after it does, alone.
    await agentSays(
      agent,
      conversationId,
      'w-1',
      'Internal: check the PPDB quota first',
      'whisper.send',
    );
    await agentSays(agent, conversationId, 'a-1b', 'Sebentar ya.');
    await widget.theirs('Sebentar ya.').waitFor();
    expect(await widget.log.getByText('Internal: check').count()).toBe(0);
    expect(await widget.theirs().count()).toBe(2);

    // A page navigation: the conversation continues on the next page, nothing doubled, and the
    // agent sees where the visitor went (page loads and history changes).
    await page.getByRole('link', { name: 'Perpustakaan' }).click();
    await page.waitForURL(/library\.html$/);
    await widget.panel.waitFor({ state: 'visible' });
    await widget.theirs('Pendaftaran dibuka 1 Juni').waitFor();
    expect(await widget.mine('Halo, kapan PPDB dibuka?').count()).toBe(1);
    expect(await widget.theirs().count()).toBe(2);
    await agent.waitForEvent(
      (event) =>
        (event.type as string) === 'VisitorNavigated' &&
        String((event.data as { url: string }).url).endsWith('library.html'),
      'the navigation at the agent',
    );
    await page.locator('#search input[name="q"]').fill('Laskar Pelangi');
    await page.locator('#search input[type="submit"]').click();
    await agent.waitForEvent(
      (event) =>
        (event.type as string) === 'VisitorNavigated' &&
        String((event.data as { url: string }).url).includes('?q=Laskar'),
      'the history change at the agent',
    );

    // Minimise is reported; the message the agent sends meanwhile shows as unread.
    await widget.button('Kecilkan obrolan').click();
    await agent.waitForEvent(
      (event) =>
        (event.type as string) === 'ChatWindowToggled' &&
        (event.data as { minimized: boolean }).minimized,
      'minimise at the agent',
    );
    await agentSays(agent, conversationId, 'a-2', 'Ada lagi?');
    await widget.launcher.locator('.badge').filter({ hasText: '1' }).waitFor();
    await widget.open();

    // End of chat: visitor ends it, rates it, asks for the transcript.
    await widget.button('Akhiri obrolan').click();
    await widget.button('Ya, akhiri').click();
    await agent.waitForEvent(
      (event) => event.conversationId === conversationId && event.type === 'ConversationClosed',
      'the close at the agent',
    );
    await widget.button(/Baik/).click();
    await widget.field('rating-form', 'comment').fill('Sangat membantu');
    await widget.submit('rating-form').click();
    const rated = await agent.waitForEvent(
      (event) => (event.type as string) === 'ConversationRated',
      'the rating at the agent',
    );
    expect(rated.data).toEqual({ rating: 'good', comment: 'Sangat membantu' });
    await widget.field('transcript', 'email').fill('siti@example.org');
    await widget.submit('transcript').click();
    await widget.page.getByText('Transkrip akan dikirim ke siti@example.org.').waitFor();
    const transcript = await agent.waitForEvent(
      (event) => (event.type as string) === 'TranscriptRequested',
      'the transcript request at the agent',
    );
    expect(transcript.data).toEqual({ email: 'siti@example.org' });
    expect(agentId).toBeDefined();
    expect(widget.dialogs).toEqual([]);
    expect(widget.errors).toEqual([]);
  });

  it('shows names and messages with markup as text on the visitor side and runs nothing', async () => {
    const { host, agent } = await world({ agentName: XSS_IMG });
    if (!agent) throw new Error('agent expected');
    const page = await (await visitorContext({ locale: 'en-US' })).newPage();
    const widget = new WidgetPage(page);
    await page.goto(host.page('index.html'));
    await widget.open();
    await widget.field('prechat', 'name').fill(XSS_IMG);
    await widget.submit('prechat').click();
    const { conversationId } = await conversationStarted(agent);
    await widget.say(XSS_SCRIPT);
    await widget.say(XSS_IMG);
    await agentSays(agent, conversationId, 'x-1', `${XSS_IMG} ${XSS_SCRIPT}`);

    await widget.mine(XSS_SCRIPT).waitFor();
    await widget.mine(XSS_IMG).waitFor();
    await widget.theirs(`${XSS_IMG} ${XSS_SCRIPT}`).waitFor();
    await expect(widget.theirs().first().locator('.who').textContent()).resolves.toBe(XSS_IMG);
    await expect(widget.agentName.textContent()).resolves.toBe(XSS_IMG);
    // No element was made from the text, so no handler can ever run.
    expect(await widget.injectedMarkup()).toBe(false);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(widget.dialogs).toEqual([]);
    expect(widget.errors).toEqual([]);
  });

  it('shows the offline form when no agent is online, in English, and stores the message', async () => {
    const { host } = await world({ online: false });
    const page = await (await visitorContext({ locale: 'en-GB' })).newPage();
    const widget = new WidgetPage(page);
    await page.goto(host.page('index.html'));
    await widget.open();
    await page.getByText('We are offline').waitFor();
    await widget.submit('offline').click();
    await expect(widget.field('offline', 'name').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await widget.field('offline', 'name').fill('Budi');
    await widget.field('offline', 'email').fill('budi@example.org');
    await widget.field('offline', 'question').fill('Apakah perpustakaan buka hari Sabtu?');
    await widget.submit('offline').click();
    await page.getByText('Thank you! We received your message').waitFor();
    await expect(widget.composer.isVisible()).resolves.toBe(false);
  });

  it('can be used with the keyboard alone', async () => {
    const { host, agent } = await world();
    if (!agent) throw new Error('agent expected');
    const page = await (await visitorContext({ locale: 'en-US' })).newPage();
    const widget = new WidgetPage(page);
    await page.goto(host.page('index.html'));
    await widget.launcher.waitFor({ state: 'visible' });
    await expect(widget.launcher.getAttribute('aria-expanded')).resolves.toBe('false');

    // Tab from the page's start reaches the launcher (after the page's own links).
    const focusedInWidget = () =>
      page.evaluate(() =>
        document.activeElement?.id === 'sapa-widget'
          ? (document.getElementById('sapa-widget')?.shadowRoot?.activeElement?.className ?? '')
          : '',
      );
    for (let tabs = 0; tabs < 20 && !(await focusedInWidget()).includes('launcher'); tabs++) {
      await page.keyboard.press('Tab');
    }
    expect(await focusedInWidget()).toContain('launcher');
    // Focus is visible: a solid outline on the focused launcher.
    expect(
      await widget.launcher.evaluate((element) => getComputedStyle(element).outlineStyle),
    ).toBe('solid');
    await page.keyboard.press('Enter');
    await expect(widget.launcher.getAttribute('aria-expanded')).resolves.toBe('true');
    // Focus moved into the window: the first pre-chat field.
    await expect(widget.field('prechat', 'name').evaluate(hasFocus)).resolves.toBe(true);
    await page.keyboard.type('Keyboard Kim');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kim@example.org');
    await page.keyboard.press('Enter');
    await conversationStarted(agent);
    await widget.composer.waitFor({ state: 'visible' });
    await waitFor(() => widget.composer.evaluate(hasFocus), { timeoutMs: 5_000 });
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    await postedAtAgent(agent, 'Typed without a mouse', 'the keyboard message at the agent');
    // Escape closes the window and gives focus back to the launcher.
    await page.keyboard.press('Escape');
    await expect(widget.launcher.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await focusedInWidget()).toContain('launcher');
  });

  it('survives a network cut with no message lost or doubled', async () => {
    const { site, agent, context, page, widget, conversationId } = await chatting();
    await widget.say('before the cut');
    await widget.mine('before the cut').and(page.locator('[data-state="sent"]')).waitFor();

    await context.setOffline(true);
    await widget.status.filter({ hasText: 'Reconnecting' }).waitFor();
    await widget.say('written while offline');
    await agentSays(agent, conversationId, 'cut-1', 'sent during the cut');
    await widget
      .mine('written while offline')
      .and(page.locator('[data-state="sending"]'))
      .waitFor();
    await context.setOffline(false);

    await widget.theirs('sent during the cut').waitFor({ timeout: 20_000 });
    await widget
      .mine('written while offline')
      .and(page.locator(':is([data-state="sent"], [data-state="delivered"])'))
      .waitFor({ timeout: 20_000 });
    await widget.say('after the cut');
    await postedAtAgent(agent, 'after the cut', 'the message after the cut');
    // The agent's message was stored during the cut; the visitor's only once the line was back.
    expect(await storedTexts(site.siteId, conversationId)).toEqual([
      'before the cut',
      'sent during the cut',
      'written while offline',
      'after the cut',
    ]);
    expect(await widget.mine('written while offline').count()).toBe(1);
    expect(await widget.theirs('sent during the cut').count()).toBe(1);
    expect(await widget.mine().count()).toBe(3);
    expect(eventsOf(agent, conversationId, 'MessagePosted')).toHaveLength(4);
    expect(widget.errors).toEqual([]);
  });

  it('sends a message left unsent when the visitor moved on, from the next page, once', async () => {
    const { host, site, context, page, widget, conversationId } = await chatting();
    // The agent can see the chat before the widget has its answer: wait for the chat view, or
    // the line would drop with the start unanswered and the composer never shown.
    await widget.composer.waitFor();

    await context.setOffline(true);
    await widget.status.filter({ hasText: 'Reconnecting' }).waitFor();
    await widget.say('typed just before leaving');
    await widget
      .mine('typed just before leaving')
      .and(page.locator('[data-state="sending"]'))
      .waitFor();
    // The visitor clicks on while the line is down (the navigation itself may fail offline).
    await page.goto(host.page('admissions.html')).catch(() => undefined);
    await context.setOffline(false);
    await page.goto(host.page('library.html'));

    await widget.panel.waitFor({ state: 'visible' });
    await widget
      .mine('typed just before leaving')
      .and(page.locator(':is([data-state="sent"], [data-state="delivered"])'))
      .waitFor({ timeout: 20_000 });
    expect(await storedTexts(site.siteId, conversationId)).toEqual(['typed just before leaving']);
    expect(await widget.mine().count()).toBe(1);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((key) => key.endsWith(':outbox'))),
    ).toEqual([]);
  });

  it('looks right on desktop and mobile (screenshots in test-artifacts/)', async () => {
    const { host, agent } = await world();
    if (!agent) throw new Error('agent expected');
    for (const [name, viewport, isMobile] of [
      ['desktop', { width: 1280, height: 800 }, false],
      ['mobile', { width: 390, height: 844 }, true],
    ] as const) {
      const page = await (
        await visitorContext({ viewport, isMobile, hasTouch: isMobile })
      ).newPage();
      const widget = new WidgetPage(page);
      await page.goto(host.page('admissions.html'));
      await widget.launcher.waitFor({ state: 'visible' });
      await page.screenshot({ path: join(ARTIFACTS, `widget-${name}-closed.png`) });
      await widget.open();
      await widget.field('prechat', 'name').fill('Siti');
      await widget.submit('prechat').click();
      await widget.say('Halo, kapan PPDB dibuka?');
      await widget.mine('Halo, kapan PPDB dibuka?').waitFor();
      const box = await widget.panel.boundingBox();
      if (isMobile) expect(box?.width).toBe(390);
      else expect(box?.width).toBe(360);
      await page.screenshot({ path: join(ARTIFACTS, `widget-${name}-open.png`) });
    }
  });
});
