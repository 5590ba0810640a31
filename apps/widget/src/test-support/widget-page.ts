import type { Locator, Page } from 'playwright-core';

/** The parts of the widget tests look at, by their selector inside the widget's host. */
const PARTS = {
  launcher: '.launcher',
  panel: '[role="dialog"]',
  greeting: '.greeting',
  composer: '.composer textarea',
  log: '[role="log"]',
  typing: '.typing',
  title: 'header h2',
  agentName: 'header .sub',
  status: '.status',
  /** The wait notice (place in line); empty, so not visible, when there is none. */
  waitNotice: '.queue',
} as const;

type Parts = { readonly [Name in keyof typeof PARTS]: Locator };

/** A base whose instances carry the parts as fields (Playwright's locators are lazy: made once). */
const WithParts = class {
  constructor(host: Locator) {
    for (const [name, selector] of Object.entries(PARTS))
      Object.defineProperty(this, name, { value: host.locator(selector), enumerable: true });
  }
} as new (host: Locator) => Parts;

/**
 * The widget as a visitor sees it. Playwright's CSS selectors pierce open shadow roots, so
 * these reach inside the widget's Shadow DOM; everything is scoped to the widget's host.
 */
export class WidgetPage extends WithParts {
  /** The widget's host element; locators under it reach into its shadow root. */
  readonly host: Locator;
  /** Every alert/confirm/prompt (a failure of the XSS tests; each is dismissed). */
  readonly dialogs: string[] = [];
  /** Uncaught errors in the page: the widget must never throw into the host page. */
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    const host = page.locator('#sapa-widget');
    super(host);
    this.host = host;
    page.on('pageerror', (error) => this.errors.push(error.message));
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }

  field(form: string, name: string): Locator {
    return this.host.locator(`form.${form} [name="${name}"]`);
  }
  submit(form: string): Locator {
    return this.host.locator(`form.${form} button[type="submit"]`);
  }
  /** The visitor's messages (with `text`: those containing it). */
  mine(text?: string): Locator {
    return this.messages('mine', text);
  }
  /** The agents' messages (with `text`: those containing it). */
  theirs(text?: string): Locator {
    return this.messages('theirs', text);
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
  injectedMarkup(): Promise<boolean> {
    return this.page.evaluate(hasInjectedMarkup);
  }

  private messages(side: 'mine' | 'theirs', text: string | undefined): Locator {
    const all = this.host.locator(`.msg.${side}`);
    return text === undefined ? all : all.filter({ hasText: text });
  }
}

/** Runs in the page. */
function hasInjectedMarkup(): boolean {
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
}
