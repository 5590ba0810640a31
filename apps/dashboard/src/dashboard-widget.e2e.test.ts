import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SitePublic } from '@sapa/contracts';
import { uniqueName } from '@sapa/testkit';
import { startStack } from '../../../services/gateway/src/test-support/stack.js';
import { startHostSite, type HostSite } from '../../widget/src/test-support/host-site.js';
import { WidgetPage } from '../../widget/src/test-support/widget-page.js';
import { screenshot } from './test-support/browser.js';
import { browserSuite, createAgent, openSignedIn } from './test-support/dashboard.js';

/**
 * Both sides in one Chromium, as a newcomer plays them: a visitor in the real widget on the
 * demo school site (its own origin, own browser context) and an agent in the dashboard.
 */
const XSS_NAME = '<img src=x onerror=alert(1)>';

const suite = browserSuite(() => startStack());
let site: SitePublic;
let host: HostSite;

beforeAll(async () => {
  host = await startHostSite({ gatewayUrl: suite.stack.httpUrl });
  site = await suite.stack.createSite(uniqueName('SMP Negeri 1 Harapan'), [host.origin]);
  host.setSiteKey(site.siteKey);
}, 30_000);

afterAll(async () => {
  await host?.close();
});

describe('a visitor in the widget and an agent in the dashboard', () => {
  it('chat both ways with typing, navigation, a whisper the visitor never sees, and close', async () => {
    const ani = await createAgent(suite.stack, site.siteId, 'admin', 'Ani');
    const agent = await openSignedIn(suite.browser, suite.stack.origin, ani);

    const visitorContext = await suite.browser.newContext({
      locale: 'id-ID',
      timezoneId: 'Asia/Makassar',
      viewport: { width: 1280, height: 800 },
    });
    const visitorPage = await visitorContext.newPage();
    const widget = new WidgetPage(visitorPage);
    await visitorPage.goto(host.page('index.html'));
    await widget.launcher.waitFor({ state: 'visible' });
    await widget.open();
    await widget.field('prechat', 'name').fill(XSS_NAME);
    await widget.field('prechat', 'email').fill('siti@example.org');
    await widget.submit('prechat').click();
    await widget.composer.waitFor();
    await widget.say('Halo, kapan PPDB dibuka? <script>alert(2)</script>');

    // The agent sees the chat arrive, with what the widget knows about the visitor.
    const row = agent.page.getByTestId('inbox-row').filter({ hasText: XSS_NAME });
    await row.waitFor();
    await row.click();
    const view = agent.page.getByTestId('conversation-view');
    await view.getByTestId('message').filter({ hasText: 'kapan PPDB dibuka?' }).waitFor();
    expect(await agent.page.getByTestId('visitor-name').textContent()).toBe(XSS_NAME);
    await agent.page.getByText('Asia/Makassar', { exact: false }).waitFor();

    // Typing from the widget shows in the dashboard.
    await widget.composer.pressSequentially('sebentar');
    await view.getByTestId('typing').filter({ hasText: 'is typing' }).waitFor();
    await widget.composer.fill('');

    // Navigation on the site shows in the visitor panel.
    await visitorPage.getByRole('link', { name: 'PPDB' }).first().click();
    await agent.page
      .getByTestId('pages-visited')
      .getByText('PPDB 2026', { exact: false })
      .waitFor();

    // The reply claims the chat and reaches the widget; the whisper does not.
    await agent.page.getByLabel('Internal note', { exact: true }).check();
    const note = agent.page.getByRole('textbox', {
      name: 'Internal note (not sent to the visitor)',
    });
    await note.fill('whisper: she asked last year too');
    await note.press('Enter');
    await view.getByTestId('whisper').waitFor();
    await agent.page.getByLabel('Reply', { exact: true }).check();
    const reply = agent.page.getByRole('textbox', { name: 'Reply to the visitor' });
    await reply.fill('PPDB dibuka 1 Juni.');
    await reply.press('Enter');
    await widget.theirs('PPDB dibuka 1 Juni.').waitFor();
    expect(await widget.log.textContent()).not.toContain('whisper: she asked last year too');

    await screenshot(agent.page, 'both-sides-dashboard');
    await screenshot(visitorPage, 'both-sides-widget');

    await agent.page.getByRole('button', { name: 'Close chat' }).click();
    await agent.page.getByText('This chat is closed.').waitFor();
    expect(widget.dialogs).toEqual([]);
    expect(agent.watch.dialogs).toEqual([]);
    expect(await widget.injectedMarkup()).toBe(false);
    expect(await view.locator('img, script').count()).toBe(0);
    expect(agent.watch.pageErrors).toEqual([]);
    await visitorContext.close();
    await agent.context.close();
  });
});
