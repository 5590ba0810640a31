import type { Catalog } from '../i18n/catalog.js';
import { h } from './dom.js';

const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';

/** The round button in the corner: icon, the site's launcher text, and an unread badge. */
export class Launcher {
  readonly button: HTMLButtonElement;
  private readonly label = h('span');
  private readonly badge = h('span', { class: 'badge', hidden: true });
  private unread = 0;

  constructor() {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', CHAT_ICON);
    svg.appendChild(path);
    this.button = h(
      'button',
      {
        type: 'button',
        class: 'launcher',
        'aria-expanded': 'false',
        'aria-controls': 'sapa-panel',
      },
      svg,
      this.label,
      this.badge,
    );
  }

  render(t: Catalog, launcherText: string): void {
    this.button.setAttribute('aria-label', launcherText || t.openChat);
    this.label.textContent = launcherText;
  }

  setExpanded(open: boolean): void {
    this.button.setAttribute('aria-expanded', String(open));
    if (open) {
      this.unread = 0;
      this.badge.hidden = true;
    }
  }

  /** One more message the visitor has not seen (the window is closed). */
  noteUnread(): void {
    this.unread++;
    this.badge.textContent = String(this.unread);
    this.badge.hidden = false;
  }
}
