import { describe, expect, it } from '@jest/globals';
import { createHmac, randomBytes } from 'node:crypto';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { uniqueName, waitFor } from '@sapa/testkit';
import { WsTestClient } from '../../../services/gateway/src/test-support/ws-test-client.js';
import { browserSuite } from './test-support/browser-suite.js';
import { startHostSite, type HostSite } from './test-support/host-site.js';
import { WidgetPage } from './test-support/widget-page.js';

/**
 * The widget's per-site settings (applied live), its offline behaviour, the JavaScript API for
 * host pages (open, identity with HMAC, language, events) and proactive chats, in a real browser.
 */
const suite = browserSuite();

interface Site {
  readonly siteId: string;
  readonly identitySecret: string;
  readonly host: HostSite;
  /** Bearer token of the site's admin (may save settings). */
  readonly adminToken: string;
}

async function newSite(): Promise<Site> {
  const host = await startHostSite({ gatewayUrl: suite.stack.httpUrl });
  suite.defer(() => host.close());
  const created = await suite.stack.bus.request('directory.create-site', {
    name: 'Perpustakaan SMPN 1',
    allowedOrigins: [host.origin],
    timeZone: 'Asia/Makassar',
  });
  host.setSiteKey(created.site.siteKey);
  const email = `${uniqueName('admin')}@example.org`;
  const password = randomBytes(12).toString('hex');
  await suite.stack.bus.request('directory.create-agent', {
    siteId: created.site.siteId,
    name: 'Admin',
    email,
    password,
    role: 'admin',
  });
  const login = await fetch(`${suite.stack.httpUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: suite.stack.origin },
    body: JSON.stringify({ email, password }),
  });
  const { token } = (await login.json()) as { token: string };
  return {
    siteId: created.site.siteId,
    identitySecret: created.identitySecret ?? '',
    host,
    adminToken: token,
  };
}

async function onlineAgent(site: Site, name = 'Ani'): Promise<WsTestClient> {
  const { token } = await suite.stack.createAgent(site.siteId, name);
  const agent = await WsTestClient.connect(`${suite.stack.wsUrl}/ws/agent`, {
    origin: suite.stack.origin,
    token,
  });
  suite.defer(async () => agent.close());
  return agent;
}

async function saveSettings(site: Site, settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${suite.stack.httpUrl}/api/v1/site/settings`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      origin: suite.stack.origin,
      authorization: `Bearer ${site.adminToken}`,
    },
    body: JSON.stringify({ settings }),
  });
  if (!response.ok)
    throw new Error(`settings refused: ${response.status} ${await response.text()}`);
}

const BASE_SETTINGS = {
  position: 'bottom-right',
  color: '#1f6feb',
  size: 'medium',
  siteName: 'Perpustakaan SMPN 1',
  greeting: '',
  launcherText: '',
  offlineBehavior: 'form',
  preChat: { name: 'optional', email: 'optional', question: 'off' },
};

async function visitorPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await suite.browser.newContext({
    locale: 'id-ID',
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  suite.defer(() => context.close());
  return context.newPage();
}

const backgroundOf = (widget: WidgetPage) =>
  widget.launcher.evaluate((element) => getComputedStyle(element).backgroundColor);

describe('widget settings', () => {
  it('applies a saved change live: position, colour, name, greeting, launcher text, pre-chat, mobile', async () => {
    const site = await newSite();
    await onlineAgent(site);
    const page = await visitorPage();
    const widget = new WidgetPage(page);
    await page.goto(site.host.page('library.html'));
    await widget.launcher.waitFor({ state: 'visible' });
    expect(await backgroundOf(widget)).toBe('rgb(31, 111, 235)');
    const mobilePage = await visitorPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    const mobile = new WidgetPage(mobilePage);
    await mobilePage.goto(site.host.page('library.html'));
    await mobile.launcher.waitFor({ state: 'visible' });

    await saveSettings(site, {
      ...BASE_SETTINGS,
      position: 'bottom-left',
      color: '#7a1f1f',
      siteName: 'Layanan Perpustakaan',
      greeting: 'Ada yang bisa kami bantu?',
      launcherText: 'Tanya pustakawan',
      preChat: { name: 'off', email: 'off', question: 'off' },
      mobile: { launcherText: 'Tanya', color: '#14532d' },
    });

    await widget.launcher.filter({ hasText: 'Tanya pustakawan' }).waitFor();
    expect(await backgroundOf(widget)).toBe('rgb(122, 31, 31)');
    const box = await widget.launcher.boundingBox();
    expect(box?.x).toBeLessThan(640);
    await widget.open();
    await expect(widget.title.textContent()).resolves.toBe('Layanan Perpustakaan');
    await expect(widget.greeting.textContent()).resolves.toContain('Ada yang bisa kami bantu?');
    // Every pre-chat field off: straight to the composer.
    await widget.composer.waitFor({ state: 'visible' });

    await mobile.launcher.filter({ hasText: 'Tanya' }).waitFor();
    expect(await backgroundOf(mobile)).toBe('rgb(20, 83, 45)');
    expect(widget.dialogs).toEqual([]);
  });

  it('hides the widget when the site is offline and the setting says hide', async () => {
    const site = await newSite();
    await saveSettings(site, { ...BASE_SETTINGS, offlineBehavior: 'hide' });
    const page = await visitorPage();
    const widget = new WidgetPage(page);
    await page.goto(site.host.page('index.html'));
    // The widget is mounted (the API works) but shows nothing.
    await page.waitForFunction(() => document.getElementById('sapa-widget')?.shadowRoot !== null);
    await page.waitForFunction(() => {
      const root = document.getElementById('sapa-widget')?.shadowRoot?.querySelector('.root');
      return root instanceof HTMLElement && root.hidden;
    });
    expect(await widget.launcher.isVisible()).toBe(false);

    // An agent comes online: the next page shows the widget again.
    await onlineAgent(site);
    await page.reload();
    await widget.launcher.waitFor({ state: 'visible' });
  });
});

describe('the host page API', () => {
  it('opens on demand, pre-fills and verifies identity, switches language and reports events', async () => {
    const site = await newSite();
    const agent = await onlineAgent(site, 'Budi');
    const page = await visitorPage();
    const widget = new WidgetPage(page);
    await page.addInitScript(() => {
      const w = window as unknown as { sapaEvents: string[] };
      w.sapaEvents = [];
    });
    await page.goto(site.host.page('admissions.html'));
    await page.waitForFunction(() => typeof (window as { Sapa?: unknown }).Sapa === 'object');
    // Calls made right after the loader (before the chat UI arrived) are queued and replayed.
    await page.evaluate(() => {
      const w = window as unknown as {
        Sapa: {
          on(event: string, listener: (detail: unknown) => void): void;
          setName(name: string): void;
          setEmail(email: string): void;
        };
        sapaEvents: string[];
      };
      for (const event of ['loaded', 'chat-started', 'message', 'chat-ended']) {
        w.Sapa.on(event, () => w.sapaEvents.push(event));
      }
      w.Sapa.setName('Rina');
      w.Sapa.setEmail('rina@example.org');
    });
    const events = () =>
      page.evaluate(() => (window as unknown as { sapaEvents: string[] }).sapaEvents);
    await page.waitForFunction(() =>
      (window as unknown as { sapaEvents: string[] }).sapaEvents.includes('loaded'),
    );

    // The page's own button calls Sapa.open().
    await page.locator('#ask').click();
    await widget.panel.waitFor({ state: 'visible' });
    await expect(widget.field('prechat', 'name').inputValue()).resolves.toBe('Rina');
    await expect(widget.field('prechat', 'email').inputValue()).resolves.toBe('rina@example.org');

    // Sapa.setLanguage switches every string at once.
    await expect(widget.submit('prechat').textContent()).resolves.toBe('Mulai obrolan');
    await page.evaluate(() =>
      (window as unknown as { Sapa: { setLanguage(l: string): void } }).Sapa.setLanguage('en'),
    );
    await expect(widget.submit('prechat').textContent()).resolves.toBe('Start chat');

    await widget.submit('prechat').click();
    const started = await agent.waitForEvent(
      (event) => event.type === 'ConversationStarted',
      'the start',
    );
    const conversationId = started.conversationId;
    await page.waitForFunction(() =>
      (window as unknown as { sapaEvents: string[] }).sapaEvents.includes('chat-started'),
    );

    // Verified identity: the host's server signs the e-mail with the site's identity secret.
    const hash = createHmac('sha256', site.identitySecret).update('rina@example.org').digest('hex');
    await page.evaluate(
      (signed) =>
        (
          window as unknown as {
            Sapa: { setAttributes(a: Record<string, string>, h: string): void };
          }
        ).Sapa.setAttributes({ memberNo: 'A-1234' }, signed),
      hash,
    );
    const identified = await agent.waitForEvent(
      (event) =>
        (event.type as string) === 'VisitorIdentified' &&
        (event.data as { verified: boolean }).verified,
      'the verified identity at the agent',
    );
    expect(identified.data).toMatchObject({
      email: 'rina@example.org',
      attributes: { memberNo: 'A-1234' },
    });

    await agent.request('message.send', {
      conversationId,
      clientMessageId: 'b-1',
      text: 'Halo Rina',
    });
    await widget.theirs('Halo Rina').waitFor();
    await page.waitForFunction(() =>
      (window as unknown as { sapaEvents: string[] }).sapaEvents.includes('message'),
    );
    await agent.request('conversation.close', { conversationId });
    await page.waitForFunction(() =>
      (window as unknown as { sapaEvents: string[] }).sapaEvents.includes('chat-ended'),
    );
    expect(await events()).toEqual(['loaded', 'chat-started', 'message', 'chat-ended']);
    // The rating form follows the end of the chat, whoever ended it.
    await widget.button(/Good/).waitFor();
  });

  it('receives a proactive chat an agent starts from the live-visitor list', async () => {
    const site = await newSite();
    const agent = await onlineAgent(site, 'Citra');
    const page = await visitorPage();
    const widget = new WidgetPage(page);
    await page.goto(site.host.page('library.html'));
    await widget.launcher.waitFor({ state: 'visible' });
    const live = await waitForLiveVisitor(agent);
    const invited = await agent.request<{ conversationId: string }>('visitor.invite', {
      visitorId: live,
      text: 'Selamat datang! Ada yang bisa dibantu?',
    });
    expect(invited.conversationId).toBeDefined();
    await widget.panel.waitFor({ state: 'visible' });
    await widget.theirs('Selamat datang! Ada yang bisa dibantu?').waitFor();
    await expect(widget.agentName.textContent()).resolves.toBe('Citra');
    await widget.say('Saya mencari buku sejarah');
    await agent.waitForEvent(
      (event) =>
        event.conversationId === invited.conversationId &&
        event.type === 'MessagePosted' &&
        (event.data as { text: string }).text === 'Saya mencari buku sejarah',
      'the visitor answer in the proactive chat',
    );
  });
});

/** The one visitor on the site, once the live-visitor registry lists them. */
function waitForLiveVisitor(agent: WsTestClient): Promise<string> {
  return waitFor(
    async () => {
      const { visitors } = await agent.request<{ visitors: Array<{ visitorId: string }> }>(
        'visitors.live',
      );
      return visitors[0]?.visitorId;
    },
    { timeoutMs: 10_000, intervalMs: 250, description: 'the visitor in the live list' },
  );
}
