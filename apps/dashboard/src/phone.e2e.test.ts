import { beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName, waitFor } from '@sapa/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import { startStack } from '../../../services/gateway/src/test-support/stack.js';
import { openPage, screenshot } from './test-support/browser.js';
import {
  browserSuite,
  capturing,
  connectVisitor,
  createAgent,
  PHONE,
  sideways,
  signIn,
  type TestAgent,
} from './test-support/dashboard.js';

/**
 * The dashboard on a 390 × 844 touch phone: no page scrolls sideways, a whole chat is held
 * from the phone (inbox → conversation → back), and the installable app (manifest, icons,
 * a service worker that starts the shell offline and shows notifications). The ticket
 * pages, which need the mail stack, are tested on a phone in tickets-pages.e2e.test.ts.
 */
const SCHOOL = 'http://school.example';

let site: SitePublic;
let admin: TestAgent;

const suite = browserSuite(() => startStack());

beforeAll(async () => {
  site = await suite.stack.createSite(uniqueName('SMA Negeri'), [SCHOOL]);
  admin = await createAgent(suite.stack, site.siteId, 'admin', 'Sari');
}, 30_000);

/** A visitor who started a chat and wrote once; the socket stays open for the test. */
async function visitorWrites(name: string, text: string) {
  const visitor = await connectVisitor(suite.stack, site.siteKey, SCHOOL);
  const { conversationId } = await visitor.request<{ conversationId: string }>(
    'conversation.start',
    { preChat: { name } },
  );
  await visitor.request('message.send', { conversationId, clientMessageId: uniqueName('m'), text });
  return { visitor, conversationId };
}

/** Whether the element lies wholly inside the visible viewport. */
async function inViewport(page: Page, testIdOrSelector: string): Promise<boolean> {
  const box = await page.locator(testIdOrSelector).boundingBox();
  const view = page.viewportSize();
  if (!box || !view) return false;
  return (
    box.y >= 0 && box.x >= 0 && box.y + box.height <= view.height && box.x + box.width <= view.width
  );
}

async function phonePage() {
  return openPage(suite.browser, PHONE);
}

describe('the dashboard on a phone', () => {
  it('never scrolls sideways, on any page', async () => {
    const { conversationId } = await visitorWrites('Rina', uniqueName('kapan ujian'));
    const { page, watch, context } = await phonePage();
    const overflow: Record<string, number> = {};
    await capturing(page, watch, 'phone-overflow', async () => {
      await page.goto(`${suite.stack.origin}/dashboard/`);
      await page.getByLabel('E-mail').waitFor();
      overflow.login = await sideways(page);
      await signIn(page, suite.stack.origin, admin);
      overflow.inbox = await sideways(page);

      await page.goto(`${suite.stack.origin}/dashboard/conversations/${conversationId}`);
      await page.getByTestId('conversation-view').getByTestId('message').first().waitFor();
      overflow.conversation = await sideways(page);
      await screenshot(page, 'phone-conversation');
      await page.getByRole('button', { name: /Visitor details|Detail pengunjung/ }).tap();
      await page.locator('.visitor-panel').waitFor();
      overflow.visitorDetails = await sideways(page);

      const pages: ReadonlyArray<readonly [string, string]> = [
        ['visitors', 'live-visitors'],
        ['history', 'nav-history'],
        ['tickets', 'tickets-view'],
        ['duty', 'nav-duty'],
        ['settings', 'nav-settings'],
      ];
      for (const [name, testId] of pages) {
        await page.getByTestId(`nav-${name}`).tap();
        await page.getByTestId(testId).first().waitFor();
        await page.waitForLoadState('networkidle');
        overflow[name] = await sideways(page);
        await screenshot(page, `phone-${name}`);
      }
      // The narrowest phone the layout is made for.
      await page.setViewportSize({ width: 360, height: 740 });
      for (const name of ['settings', 'duty', 'history', 'visitors'] as const) {
        await page.getByTestId(`nav-${name}`).tap();
        await page.waitForLoadState('networkidle');
        overflow[`${name} at 360`] = await sideways(page);
      }
      await page.goto(`${suite.stack.origin}/dashboard/conversations/${conversationId}`);
      await page.getByTestId('conversation-view').getByTestId('message').first().waitFor();
      overflow['conversation at 360'] = await sideways(page);

      expect(Object.entries(overflow).filter(([, pixels]) => pixels > 0)).toEqual([]);
      expect(Object.keys(overflow)).toHaveLength(14);
    });
    await context.close();
  });

  it('holds a whole chat: inbox → conversation → reply with the composer in view → back', async () => {
    const question = uniqueName('apakah ada beasiswa');
    const { visitor, conversationId } = await visitorWrites('Dewi', question);
    const { page, watch, context } = await phonePage();
    await capturing(page, watch, 'phone-chat', async () => {
      await signIn(page, suite.stack.origin, admin);
      const row = page.locator(
        `[data-testid="inbox-row"][data-conversation-id="${conversationId}"]`,
      );
      await row.tap();
      await page.getByTestId('conversation-view').getByText(question).waitFor();
      expect(page.url()).toBe(`${suite.stack.origin}/dashboard/conversations/${conversationId}`);
      // The list gives way to the conversation; the composer sits inside the screen.
      expect(await row.isVisible()).toBe(false);
      expect(await inViewport(page, '[data-testid="composer"] textarea')).toBe(true);
      expect(await inViewport(page, '[data-testid="composer"] button.primary')).toBe(true);

      const reply = uniqueName('ya, ada beasiswa');
      await page.getByRole('textbox', { name: 'Reply to the visitor' }).tap();
      await page.getByRole('textbox', { name: 'Reply to the visitor' }).fill(reply);
      await page.getByRole('button', { name: 'Send' }).tap();
      await visitor.waitForEvent((event) => JSON.stringify(event).includes(reply), 'the reply');
      await page.getByTestId('message').filter({ hasText: reply }).waitFor();
      expect(await inViewport(page, '[data-testid="composer"] textarea')).toBe(true);

      // The visitor answers; the phone shows it with the composer still in view.
      const thanks = uniqueName('terima kasih');
      await visitor.request('message.send', {
        conversationId,
        clientMessageId: uniqueName('m'),
        text: thanks,
      });
      await page.getByTestId('message').filter({ hasText: thanks }).waitFor();
      expect(await inViewport(page, '[data-testid="composer"] button.primary')).toBe(true);

      // Touch-sized controls: the back control, the navigation and Send.
      for (const selector of [
        '[data-testid="back-to-list"]',
        '[data-testid="nav-inbox"]',
        '[data-testid="composer"] button.primary',
      ]) {
        const box = await page.locator(selector).boundingBox();
        expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      }
      await page.getByTestId('back-to-list').tap();
      // The reply took the chat: it is now among mine.
      await page.getByTestId('folder-mine').tap();
      await row.waitFor();
      expect(page.url()).toBe(`${suite.stack.origin}/dashboard/`);
      expect(await page.getByTestId('conversation-view').count()).toBe(0);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      visitor.close();
    });
    await context.close();
  });
});

describe('the dashboard as an installed app', () => {
  it('links a manifest that parses, with its icons', async () => {
    const { page, watch, context } = await phonePage();
    await capturing(page, watch, 'phone-manifest', async () => {
      await page.goto(`${suite.stack.origin}/dashboard/`);
      const href = await page.locator('link[rel="manifest"]').getAttribute('href');
      expect(href).toBe('/dashboard/manifest.webmanifest');
      const response = await page.request.get(`${suite.stack.origin}${href}`);
      expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
      const manifest = (await response.json()) as {
        name: string;
        short_name: string;
        start_url: string;
        scope: string;
        display: string;
        theme_color: string;
        icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
      };
      expect(manifest).toMatchObject({
        name: 'Sapa dashboard',
        short_name: 'Sapa',
        start_url: '/dashboard/',
        scope: '/dashboard/',
        display: 'standalone',
      });
      expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
      expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`).sort()).toEqual(
        ['192x192 any', '512x512 any', '512x512 maskable'],
      );
      for (const icon of manifest.icons) {
        const image = await page.request.get(`${suite.stack.origin}${icon.src}`);
        expect(image.headers()['content-type']).toBe('image/png');
        const bytes = await image.body();
        // PNG signature, then the IHDR chunk's width and height.
        expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
        expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
      }
    });
    await context.close();
  });

  it('registers a service worker; offline, a reload shows the app shell with a notice', async () => {
    const { page, watch, context } = await phonePage();
    await capturing(page, watch, 'phone-offline', async () => {
      await signIn(page, suite.stack.origin, admin);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      expect(await page.getByTestId('offline-notice').count()).toBe(0);

      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('offline-notice').waitFor();
      await page.getByTestId('nav-inbox').waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      // The cache holds the shell only: never the API or the socket.
      const cached = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const key of await caches.keys()) {
          const cache = await caches.open(key);
          urls.push(...(await cache.keys()).map((request) => new URL(request.url).pathname));
        }
        return urls;
      });
      expect(cached).toContain('/dashboard/index.html');
      expect(cached.filter((url) => !url.startsWith('/dashboard/'))).toEqual([]);

      await context.setOffline(false);
      await page.locator('[data-testid="connection"][data-state="online"]').waitFor();
      expect(await page.getByTestId('offline-notice').count()).toBe(0);
    });
    await context.close();
  });

  it('shows a new chat through the service worker while the tab is in the background', async () => {
    const { page, watch, context } = await phonePage();
    await grantNotifications(context, page);
    await capturing(page, watch, 'phone-notification', async () => {
      await signIn(page, suite.stack.origin, admin);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.evaluate(() => Object.assign(window, { __hidden: true }));
      const text = uniqueName('jam buka perpustakaan');
      const { visitor } = await visitorWrites('Putri', text);
      const shown = await waitFor(async () => {
        const titles = await page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          return (await registration.getNotifications()).map((n) => `${n.title}: ${n.body}`);
        });
        return titles.some((title) => title.startsWith('Putri wrote')) ? titles : undefined;
      });
      expect(shown).toContain(`Putri wrote: ${text}`);
      visitor.close();
    });
    await context.close();
  });
});

/** Notifications allowed, and a tab the test can send to the background. */
async function grantNotifications(context: BrowserContext, page: Page): Promise<void> {
  await context.grantPermissions(['notifications'], { origin: suite.stack.origin });
  await page.addInitScript(() => {
    Object.assign(window, { __hidden: false });
    Object.defineProperty(document, 'hidden', {
      get: () => (window as unknown as { __hidden: boolean }).__hidden,
    });
  });
}
