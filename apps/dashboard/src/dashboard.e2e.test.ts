import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { freePort, uniqueName, waitFor } from '@sapa/testkit';
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../../../services/gateway/src/test-support/stack.js';
import { launchBrowser, openPage, screenshot, type PageWatch } from './test-support/browser.js';
import {
  capturing,
  connectVisitor as visitorSocket,
  createAgent,
  DESKTOP,
  signIn,
  type TestAgent,
} from './test-support/dashboard.js';
import { startTcpProxy, type TcpProxy } from './test-support/tcp-proxy.js';

/**
 * The agent dashboard in a real Chromium against the whole system (every service built from
 * dist/, real NATS, Redis and FerretDB). The visitor side is driven over a real WebSocket,
 * as the widget does, so these tests pin the dashboard's behaviour on their own.
 */
const SCHOOL = 'http://school.example';
const XSS_NAME = '<img src=x onerror=alert(1)>';
const XSS_TEXT = '<script>window.__pwned = 1; alert("x")</script><b>bold?</b>';

let stack: Stack;
let site: SitePublic;
let browser: Browser;
let admin: TestAgent;
/** A cuttable line to the gateway; the dashboard opened through it is an allowed origin. */
let line: TcpProxy;

const connectVisitor = () => visitorSocket(stack, site.siteKey, SCHOOL);

const noScriptRan = async (page: Page, watch: PageWatch) => {
  expect(watch.dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
};

beforeAll(async () => {
  const linePort = await freePort();
  stack = await startStack({ DASHBOARD_ORIGINS: `http://127.0.0.1:${linePort}` });
  line = await startTcpProxy(linePort, {
    host: '127.0.0.1',
    port: Number(new URL(stack.httpUrl).port),
  });
  site = await stack.createSite(uniqueName('SMP Negeri'), [SCHOOL]);
  admin = await createAgent(stack, site.siteId, 'admin', 'Ani');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await line?.close();
  await stack?.stop();
});

describe('the agent dashboard', () => {
  it('serves the SPA under a strict CSP, redirects / and falls back to index.html', async () => {
    const root = await fetch(`${stack.httpUrl}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/dashboard/');
    const deep = await fetch(`${stack.httpUrl}/dashboard/inbox/anything`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toContain('<div id="root">');
    const missing = await fetch(`${stack.httpUrl}/dashboard/assets/nope-12345678.js`);
    expect(missing.status).toBe(404);

    // The widget loader, its lazily loaded chat UI and the demo site come from the same server.
    for (const path of ['/widget.js', '/widget/chat.js', '/demo/config.js']) {
      const asset = await fetch(`${stack.httpUrl}${path}`);
      expect([path, asset.status]).toEqual([path, 200]);
      expect(asset.headers.get('content-type')).toContain('javascript');
    }
    expect(await (await fetch(`${stack.httpUrl}/demo/`)).text()).toContain('config.js');
  });

  it('signs in, hears a visitor, replies to claim, whispers unseen by the visitor, closes; visitor text stays text', async () => {
    const { page, watch } = await openPage(browser, { viewport: DESKTOP });
    await capturing(page, watch, 'conversation', async () => {
      await signIn(page, stack.origin, admin);

      const visitor = await connectVisitor();
      const { conversationId } = await visitor.request<{ conversationId: string }>(
        'conversation.start',
        {
          page: {
            url: `${SCHOOL}/ppdb`,
            title: 'PPDB 2026',
            referrer: 'https://search.example/?q=ppdb',
          },
          preChat: { name: XSS_NAME, email: 'siti@example.org' },
        },
      );
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: 'v-1',
        text: XSS_TEXT,
      });

      // The inbox updates live: the chat waits, with the visitor's name as plain text.
      const row = page.locator(
        `[data-testid="inbox-row"][data-conversation-id="${conversationId}"]`,
      );
      await row.waitFor();
      expect(await row.locator('.visitor-name').textContent()).toBe(XSS_NAME);
      await waitFor(async () => (await page.title()).startsWith('(1)'), { timeoutMs: 10_000 });
      await row.click();

      const view = page.getByTestId('conversation-view');
      await view.getByTestId('message').first().waitFor();
      expect(await view.getByTestId('message').first().locator('.message-text').textContent()).toBe(
        XSS_TEXT,
      );
      expect(await page.getByTestId('conversation-title').textContent()).toBe(XSS_NAME);
      expect(await page.getByTestId('visitor-name').textContent()).toBe(XSS_NAME);
      expect(await page.getByTestId('current-page').textContent()).toContain('PPDB 2026');
      // Nothing the visitor typed became an element.
      expect(await view.locator('img, script, b').count()).toBe(0);
      expect(await page.locator('.inbox-list img').count()).toBe(0);

      // Typing from the visitor shows up.
      await visitor.request('typing', { conversationId, isTyping: true });
      await page.getByTestId('typing').filter({ hasText: 'is typing' }).waitFor();

      // Enter sends; the first reply claims the chat.
      const composer = page.getByRole('textbox', { name: 'Reply to the visitor' });
      await composer.fill('Halo! PPDB dibuka 1 Juni.');
      await composer.press('Enter');
      await visitor.waitForEvent(
        (event) =>
          event.type === 'MessagePosted' &&
          (event.data as { text: string }).text === 'Halo! PPDB dibuka 1 Juni.',
        'agent reply at the visitor',
      );
      expect(visitor.events(conversationId).some((event) => event.type === 'ChatClaimed')).toBe(
        true,
      );
      await page.getByTestId('folder-mine').click();
      await row.waitFor();

      // Shift+Enter is a new line, not a send.
      await composer.click();
      await composer.type('line one');
      await composer.press('Shift+Enter');
      await composer.type('line two');
      await composer.press('Enter');
      await visitor.waitForEvent(
        (event) =>
          event.type === 'MessagePosted' &&
          (event.data as { text: string }).text === 'line one\nline two',
        'two-line reply at the visitor',
      );

      // A whisper is shown to agents, set apart, and never reaches the visitor.
      await page.getByLabel('Internal note', { exact: true }).check();
      const note = page.getByRole('textbox', { name: 'Internal note (not sent to the visitor)' });
      await note.fill('secret: check the PPDB quota first');
      await note.press('Enter');
      await view
        .getByTestId('whisper')
        .filter({ hasText: 'secret: check the PPDB quota first' })
        .waitFor();

      await screenshot(page, 'dashboard-conversation');

      // Close; the visitor is told, and by then has seen every earlier event except the whisper.
      await page.getByRole('button', { name: 'Close chat' }).click();
      await visitor.waitForEvent(
        (event) => event.type === 'ConversationClosed',
        'close at the visitor',
      );
      await page.getByText('This chat is closed.').waitFor();
      const seen = visitor.events(conversationId);
      expect(seen.some((event) => event.type === 'WhisperPosted')).toBe(false);
      expect(JSON.stringify(visitor.frames)).not.toContain('secret: check the PPDB quota first');

      await noScriptRan(page, watch);
      expect(watch.pageErrors).toEqual([]);
      visitor.close();
    });
    await page.context().close();
  });

  it('raises a system notification when a visitor writes while the tab is in the background', async () => {
    const { page, context, watch } = await openPage(browser);
    // A stand-in Notification (and service worker notification) records what the page shows, and the test decides when the tab
    // is hidden (headless Chromium has neither a notification centre nor background tabs).
    await page.addInitScript(() => {
      const shown: Array<{ title: string; body?: string }> = [];
      Object.assign(window, { __shown: shown, __hidden: false });
      class RecordingNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body });
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', { value: RecordingNotification });
      // Once the service worker runs, the page shows notifications through it instead.
      ServiceWorkerRegistration.prototype.showNotification = (title, options) => {
        shown.push({ title, body: options?.body });
        return Promise.resolve();
      };
      Object.defineProperty(document, 'hidden', {
        get: () => (window as unknown as { __hidden: boolean }).__hidden,
      });
    });
    await capturing(page, watch, 'notification', async () => {
      await signIn(page, stack.origin, admin);
      await page.evaluate(() => Object.assign(window, { __hidden: true }));
      const visitor = await connectVisitor();
      const { conversationId } = await visitor.request<{ conversationId: string }>(
        'conversation.start',
        { preChat: { name: 'Rina' } },
      );
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: 'n-1',
        text: 'Apakah ada beasiswa?',
      });
      // Two notifications: the chat ringing this agent (routing rings every eligible
      // agent; it may come before or after the message) and the message itself.
      const shown = await waitFor(async () => {
        const list = await page.evaluate(
          () => (window as unknown as { __shown: Array<{ title: string; body?: string }> }).__shown,
        );
        return list.length >= 2 ? list : undefined;
      });
      expect(shown).toHaveLength(2);
      expect(shown).toContainEqual({ title: 'Rina wrote', body: 'Apakah ada beasiswa?' });
      expect(shown.map((notification) => notification.title)).toContain('Rina wants an agent');
      visitor.close();
    });
    await context.close();
  });

  it('shows the connection state, recovers after a drop, and catches up on what it missed', async () => {
    const { page, context, watch } = await openPage(browser);
    await capturing(page, watch, 'reconnect', async () => {
      await signIn(page, stack.origin, admin);
      const visitor = await connectVisitor();
      const { conversationId } = await visitor.request<{ conversationId: string }>(
        'conversation.start',
        {
          preChat: { name: 'Budi' },
        },
      );
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: 'b-1',
        text: 'first',
      });
      const row = page.locator(
        `[data-testid="inbox-row"][data-conversation-id="${conversationId}"]`,
      );
      await row.click();
      await page.getByTestId('message').filter({ hasText: 'first' }).waitFor();

      await context.setOffline(true);
      await page.locator('[data-testid="connection"][data-state="reconnecting"]').waitFor();
      await page.getByTestId('stale-banner').waitFor();
      await screenshot(page, 'dashboard-reconnecting');
      // Written while the dashboard is cut off.
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: 'b-2',
        text: 'written while you were away',
      });

      await context.setOffline(false);
      await page
        .locator('[data-testid="connection"][data-state="online"]')
        .waitFor({ timeout: 20_000 });
      await page
        .getByTestId('message')
        .filter({ hasText: 'written while you were away' })
        .waitFor();
      expect(await page.getByTestId('stale-banner').count()).toBe(0);
      // Each message once.
      expect(await page.getByTestId('message').count()).toBe(2);
      expect(watch.pageErrors).toEqual([]);
      visitor.close();
    });
    await context.close();
  });
  it('notices a line cut on the server side, says so, and recovers with nothing lost or doubled', async () => {
    const { page, context, watch } = await openPage(browser);
    await capturing(page, watch, 'line-cut', async () => {
      await signIn(page, `http://127.0.0.1:${line.port}`, admin);
      const visitor = await connectVisitor();
      const { conversationId } = await visitor.request<{ conversationId: string }>(
        'conversation.start',
        { preChat: { name: 'Wati' } },
      );
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: 'w-1',
        text: 'one',
      });
      await page
        .locator(`[data-testid="inbox-row"][data-conversation-id="${conversationId}"]`)
        .click();
      await page.getByTestId('message').filter({ hasText: 'one' }).waitFor();

      // The TCP connection is reset under the browser (no close handshake, no offline event).
      line.cut();
      await page.locator('[data-testid="connection"][data-state="reconnecting"]').waitFor();
      await page.getByTestId('stale-banner').waitFor();
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: 'w-2',
        text: 'two',
      });
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: 'w-3',
        text: 'three',
      });

      line.restore();
      await page
        .locator('[data-testid="connection"][data-state="online"]')
        .waitFor({ timeout: 30_000 });
      await page.getByTestId('message').filter({ hasText: 'three' }).waitFor();
      const texts = await page.getByTestId('message').locator('.message-text').allTextContents();
      expect(texts).toEqual(['one', 'two', 'three']);
      expect(watch.pageErrors).toEqual([]);
      visitor.close();
    });
    await context.close();
  });
});
