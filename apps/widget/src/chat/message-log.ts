import type { Catalog } from '../i18n/catalog.js';
import { format } from '../i18n/catalog.js';
import { clock, h, linkify } from './dom.js';

/** sending: not yet stored; sent: stored (acked); delivered: an agent is in the chat to read it. */
export type DeliveryState = 'sending' | 'sent' | 'delivered';

/** One line of the chat, as data: the view can be rebuilt from these (e.g. on a language change). */
export type Entry =
  | {
      readonly kind: 'mine';
      readonly key: string;
      readonly text: string;
      time: string;
      state: DeliveryState;
    }
  | {
      readonly kind: 'theirs';
      readonly key: string;
      readonly text: string;
      /** The agent's name; unset: "Agent" in the visitor's language. */
      readonly who: string | undefined;
      readonly time: string;
    }
  | { readonly kind: 'joined' | 'ended'; readonly key: string; readonly who?: string };

/**
 * The list of messages (`role=log`, announced politely to screen readers). Entries are keyed
 * (`c:<clientMessageId>` for the visitor's own messages, `m:<messageId>` or `v:<version>` for
 * the rest), so a message that is resent, replayed after a reconnect or seen again after a
 * page navigation is shown once.
 */
export class MessageLog {
  readonly element: HTMLElement;
  private readonly entries = new Map<string, { entry: Entry; node: HTMLElement }>();

  constructor(
    private t: Catalog,
    private language: string,
  ) {
    this.element = h('div', {
      class: 'log',
      role: 'log',
      'aria-live': 'polite',
      'aria-label': t.messages,
    });
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Adds an entry or, if its key is known, updates it in place. */
  put(entry: Entry, moveToEnd = false): void {
    const known = this.entries.get(entry.key);
    const node = this.render(entry);
    if (known) {
      known.node.replaceWith(node);
      if (moveToEnd) this.element.appendChild(node);
    } else {
      this.element.appendChild(node);
    }
    this.entries.set(entry.key, { entry, node });
    node.scrollIntoView?.({ block: 'end' });
  }

  /** Marks the visitor's stored messages as delivered once an agent is in the chat. */
  markDelivered(): void {
    for (const { entry } of this.entries.values()) {
      if (entry.kind === 'mine' && entry.state === 'sent')
        this.put({ ...entry, state: 'delivered' });
    }
  }

  setState(key: string, state: DeliveryState): void {
    const known = this.entries.get(key);
    if (
      known?.entry.kind === 'mine' &&
      known.entry.state !== state &&
      known.entry.state !== 'delivered'
    ) {
      this.put({ ...known.entry, state });
    }
  }

  clear(): void {
    this.entries.clear();
    this.element.replaceChildren();
  }

  /** Re-renders everything in another language. */
  relabel(t: Catalog, language: string): void {
    this.t = t;
    this.language = language;
    this.element.setAttribute('aria-label', t.messages);
    for (const { entry } of [...this.entries.values()]) this.put(entry);
  }

  private render(entry: Entry): HTMLElement {
    const t = this.t;
    switch (entry.kind) {
      case 'mine':
        return h(
          'div',
          { class: 'msg mine', 'data-key': entry.key, 'data-state': entry.state },
          h('span', { class: 'sr-only', hidden: true }, t.you),
          ...linkify(entry.text),
          h(
            'span',
            { class: 'meta' },
            `${clock(entry.time, this.language)} · ${entry.state === 'sending' ? t.sending : entry.state === 'sent' ? t.sent : t.delivered}`,
          ),
        );
      case 'theirs':
        return h(
          'div',
          { class: 'msg theirs', 'data-key': entry.key },
          h('span', { class: 'who' }, entry.who ?? t.agent),
          ...linkify(entry.text),
          h('span', { class: 'meta' }, clock(entry.time, this.language)),
        );
      case 'joined':
        return h(
          'div',
          { class: 'note', 'data-key': entry.key },
          format(t.joined, { name: entry.who ?? t.agent }),
        );
      case 'ended':
        return h('div', { class: 'note', 'data-key': entry.key }, t.chatEnded);
      default: {
        const never: never = entry;
        return never;
      }
    }
  }
}
