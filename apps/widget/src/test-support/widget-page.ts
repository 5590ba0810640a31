import type { Locator, Page } from 'playwright-core';

/**
 * The widget as a visitor sees it. Playwright's CSS selectors pierce open shadow roots, so
 * these reach inside the widget's Shadow DOM; everything is scoped to the widget's host.
 */
export class WidgetPage {
  readonly dialogs: string[] = [];
  /** Uncaught errors in the page: the widget must never throw into the host page. */
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    // Any alert/confirm/prompt is a failure of the XSS tests; dismiss it so nothing hangs.
    page.on('pageerror', (error) => this.errors.push(error.message));
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }

  /** The widget's host element; locators under it reach into its shadow root. */
  get host(): Locator {
    return this.page.locator('#sapa-widget');
  }
  get launcher(): Locator {
    return this.host.locator('.launcher');
  }
  get panel(): Locator {
    return this.host.locator('[role="dialog"]');
  }
  get greeting(): Locator {
    return this.host.locator('.greeting');
  }
  get composer(): Locator {
    return this.host.locator('.composer textarea');
  }
  get log(): Locator {
    return this.host.locator('[role="log"]');
  }
  get typing(): Locator {
    return this.host.locator('.typing');
  }
  get title(): Locator {
    return this.host.locator('header h2');
  }
  get agentName(): Locator {
    return this.host.locator('header .sub');
  }
  get status(): Locator {
    return this.host.locator('.status');
  }
  /** The wait notice (place in line); empty, so not visible, when there is none. */
  get waitNotice(): Locator {
    return this.host.locator('.queue');
  }
  field(form: string, name: string): Locator {
    return this.host.locator(`form.${form} [name="${name}"]`);
  }
  submit(form: string): Locator {
    return this.host.locator(`form.${form} button[type="submit"]`);
  }
  mine(text?: string): Locator {
    const all = this.host.locator('.msg.mine');
    return text === undefined ? all : all.filter({ hasText: text });
  }
  theirs(text?: string): Locator {
    const all = this.host.locator('.msg.theirs');
    return text === undefined ? all : all.filter({ hasText: text });
  }
  button(name: string | RegExp): Locator {
    return this.host.getByRole('button', { name });
  }

  async open(): Promise<void> {
    await this.launcher.click();
    await this.panel.waitFor({ state: 'visible' });
  }

  async say(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  /** True when any element inside the widget is an <img>, <script> or has an on* attribute. */
  async injectedMarkup(): Promise<boolean> {
    return this.page.evaluate(() => {
      const root = document.getElementById('sapa-widget')?.shadowRoot;
      if (!root) return false;
      for (const element of Array.from(root.querySelectorAll('*'))) {
        if (
          element.tagName === 'SCRIPT' ||
          (element.tagName === 'IMG' && !element.hasAttribute('hidden'))
        )
          return true;
        if (Array.from(element.attributes).some((attribute) => attribute.name.startsWith('on')))
          return true;
      }
      return false;
    });
  }
}
