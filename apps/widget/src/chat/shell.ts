import { format, type Catalog } from '../i18n/catalog.js';
import type { DepartmentOption } from './departments.js';
import { clear, h } from './dom.js';
import { buildForm, firstField, type FieldSpec } from './forms.js';
import type { MessageLog } from './message-log.js';
import { contrastText, effectiveDisplay, type WidgetSettings } from './settings.js';
import { STYLES } from './styles.js';

/** What the visitor can do; the widget decides what it means. */
export interface ShellActions {
  toggle(open: boolean): void;
  send(text: string): void;
  typing(): void;
  endChat(): Promise<void>;
  newChat(): void;
  startChat(values: Record<string, string>): Promise<void>;
  leaveOffline(values: Record<string, string>): Promise<void>;
  /** From the offline form of an offline department back to the pre-chat form. */
  chooseAgain(): void;
  rate(rating: 'good' | 'bad', comment: string): Promise<void>;
  transcript(email: string): Promise<void>;
}

/** Everything the shell shows, recomputed by the widget on each change. */
export interface ShellView {
  readonly t: Catalog;
  readonly language: string;
  readonly settings: WidgetSettings;
  readonly greeting: string;
  readonly stage: 'prechat' | 'offline' | 'chat' | 'ended';
  readonly hidden: boolean;
  readonly canEnd: boolean;
  readonly identity: { readonly name: string | undefined; readonly email: string | undefined };
  readonly restoreOpen: boolean;
  /** The department select's entries; empty: no select (none or one department). */
  readonly departments: readonly DepartmentOption[];
  /** The offline department whose pick led to the offline form, if that is why it shows. */
  readonly offlinePick: { readonly departmentId: string; readonly name: string } | undefined;
  /** The question typed into the pre-chat form, carried into the offline form and back. */
  readonly draft: string | undefined;
}

const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';

/**
 * The widget's DOM inside its shadow root: a launcher button and a non-modal chat dialog.
 * Keyboard: the launcher is a real button (aria-expanded); opening moves focus into the
 * window, Escape closes it and gives focus back to the launcher.
 */
export class Shell {
  isOpen = false;
  private view: ShellView | undefined;
  private stageKey = '';
  private unread = 0;
  private restored = false;
  private readonly narrowQuery = matchMedia('(max-width: 600px)');
  private readonly root: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly launcherLabel = h('span');
  private readonly badge = h('span', { class: 'badge', hidden: true });
  private readonly title = h('h2', { id: 'sapa-title' });
  private readonly subtitle = h('div', { class: 'sub' });
  private readonly logo = h('img', { alt: '', hidden: true });
  private readonly endButton = h('button', { type: 'button', class: 'end' });
  private readonly minimise = h('button', { type: 'button', class: 'min' }, '—');
  private readonly status = h('div', { class: 'status', role: 'status', hidden: true });
  /**
   * The wait notice (place in line). Always in the DOM, empty when there is none, so a screen
   * reader has the live region before its first text; outside the log, so it never grows it.
   */
  private readonly waitNotice = h('div', {
    class: 'queue',
    'aria-live': 'polite',
    'aria-atomic': 'true',
  });
  private readonly greetingBox = h('div', { class: 'greeting' });
  private readonly stage = h('div', { class: 'stage' });
  private readonly typingLine = h('div', { class: 'typing', 'aria-live': 'polite' });
  private readonly input = h('textarea', { rows: '1', maxlength: '10000' });
  private readonly sendButton = h('button', { type: 'submit', class: 'primary' });
  private readonly composer = h('form', { class: 'composer' }, this.input, this.sendButton);

  constructor(
    mount: HTMLElement,
    private readonly log: MessageLog,
    private readonly actions: ShellActions,
  ) {
    const shadow = mount.attachShadow({ mode: 'open' });
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', CHAT_ICON);
    svg.appendChild(path);
    this.launcher = h(
      'button',
      {
        type: 'button',
        class: 'launcher',
        'aria-expanded': 'false',
        'aria-controls': 'sapa-panel',
      },
      svg,
      this.launcherLabel,
      this.badge,
    );
    this.panel = h(
      'div',
      {
        class: 'panel',
        id: 'sapa-panel',
        role: 'dialog',
        'aria-labelledby': 'sapa-title',
        hidden: true,
      },
      h(
        'header',
        {},
        this.logo,
        h('div', { class: 'titles' }, this.title, this.subtitle),
        this.endButton,
        this.minimise,
      ),
      this.status,
      this.waitNotice,
      h('div', { class: 'body' }, this.greetingBox, this.stage, this.log.element),
      this.typingLine,
      this.composer,
    );
    this.root = h('div', { class: 'root right medium', hidden: true }, this.panel, this.launcher);
    shadow.append(h('style', {}, STYLES), this.root);

    this.launcher.addEventListener('click', () => this.setOpen(!this.isOpen));
    this.minimise.addEventListener('click', () => this.setOpen(false));
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.setOpen(false);
    });
    this.endButton.addEventListener('click', () => this.confirmEnd());
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitComposer();
    });
    this.input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter is a new line (IME composition is left alone).
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitComposer();
      }
    });
    this.input.addEventListener('input', () => this.actions.typing());
    this.narrowQuery.addEventListener?.('change', () => this.view && this.render(this.view));
  }

  setOpen(open: boolean): void {
    if (open === this.isOpen) return;
    this.isOpen = open;
    this.panel.hidden = !open;
    this.root.classList.toggle('open', open);
    this.launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      this.unread = 0;
      this.badge.hidden = true;
      this.focusFirst();
    } else {
      this.launcher.focus();
    }
    this.actions.toggle(open);
  }

  render(view: ShellView): void {
    this.view = view;
    const { t, settings } = view;
    const display = effectiveDisplay(settings, this.narrowQuery.matches);
    this.root.hidden = view.hidden;
    this.root.className = `root ${display.position === 'bottom-left' ? 'left' : 'right'} ${display.size}${this.narrowQuery.matches ? ' narrow' : ''}${this.isOpen ? ' open' : ''}`;
    this.root.style.setProperty('--c', display.color);
    this.root.style.setProperty('--ct', contrastText(display.color));
    this.launcher.setAttribute('aria-label', display.launcherText || t.openChat);
    this.launcherLabel.textContent = display.launcherText;
    this.title.textContent = display.siteName || t.chatWindow;
    if (display.logoUrl) this.logo.src = display.logoUrl;
    this.logo.hidden = !display.logoUrl;
    this.greetingBox.textContent = view.greeting;
    this.endButton.textContent = t.endChat;
    this.endButton.hidden = !view.canEnd;
    this.minimise.setAttribute('aria-label', t.closeChat);
    this.input.setAttribute('aria-label', t.typeMessage);
    this.input.placeholder = t.typeMessage;
    this.sendButton.textContent = t.send;
    this.composer.hidden = view.stage !== 'chat';
    const key = JSON.stringify([
      view.stage,
      view.language,
      settings.preChat,
      view.departments.map((option) => option.value),
      view.offlinePick,
    ]);
    if (key !== this.stageKey) {
      this.stageKey = key;
      this.buildStage(view);
    }
    this.prefill(view.identity);
    this.relabelDepartments(view.departments);
    if (!this.restored) {
      this.restored = true;
      if (view.restoreOpen && !view.hidden) this.setOpen(true);
    }
  }

  /** Name and e-mail the host page set (Sapa.setName / setEmail) fill empty form fields. */
  private prefill(identity: ShellView['identity']): void {
    for (const [name, value] of Object.entries(identity)) {
      const input = this.stage.querySelector<HTMLInputElement>(`form [name="${name}"]`);
      if (input && value && !input.value) input.value = value;
    }
  }

  /**
   * Availability changes relabel the select's entries in place ("SMP — offline, leave a
   * message" and back), so what the visitor picked or typed stays.
   */
  private relabelDepartments(options: readonly DepartmentOption[]): void {
    for (const select of this.stage.querySelectorAll('select'))
      for (const option of select.options) {
        const label = options.find((entry) => entry.value === option.value)?.label;
        if (label !== undefined && option.text !== label) option.text = label;
      }
  }

  setConnection(message: string | undefined): void {
    this.status.textContent = message ?? '';
    this.status.hidden = message === undefined;
  }

  /** Sets the wait notice; the same text again is not touched, so it is not announced again. */
  setWaitNotice(text: string | undefined): void {
    if (this.waitNotice.textContent !== (text ?? '')) this.waitNotice.textContent = text ?? '';
  }

  setAgentName(name: string | undefined): void {
    this.subtitle.textContent = name ?? '';
  }

  setAgentTyping(text: string | undefined): void {
    this.typingLine.textContent = text ?? '';
  }

  noteUnread(): void {
    if (this.isOpen) return;
    this.unread++;
    this.badge.textContent = String(this.unread);
    this.badge.hidden = false;
  }

  focusComposer(): void {
    if (!this.composer.hidden) this.input.focus();
  }

  private focusFirst(): void {
    const target = !this.composer.hidden ? this.input : firstField(this.stage);
    (target ?? this.minimise).focus();
  }

  private submitComposer(): void {
    const text = this.input.value;
    if (text.trim() === '') return;
    this.input.value = '';
    this.actions.send(text);
    this.input.focus();
  }

  private confirmEnd(): void {
    const view = this.view;
    if (!view) return;
    const t = view.t;
    const no = h('button', { type: 'button', class: 'secondary' }, t.no);
    const yes = h('button', { type: 'button', class: 'primary' }, t.yes);
    const card = h(
      'div',
      { class: 'card confirm', role: 'group', 'aria-label': t.endChatConfirm },
      h('p', {}, t.endChatConfirm),
      h('div', { class: 'row' }, yes, no),
    );
    this.stage.querySelector('.confirm')?.remove();
    this.stage.append(card);
    no.addEventListener('click', () => {
      card.remove();
      this.endButton.focus();
    });
    yes.addEventListener('click', () => {
      yes.disabled = true;
      this.actions.endChat().then(
        () => card.remove(),
        () => {
          yes.disabled = false;
        },
      );
    });
    yes.focus();
  }

  private buildStage(view: ShellView): void {
    const { t, settings } = view;
    const hadFocus = this.stage.contains(
      this.stage.getRootNode() instanceof ShadowRoot
        ? (this.stage.getRootNode() as ShadowRoot).activeElement
        : null,
    );
    clear(this.stage);
    switch (view.stage) {
      case 'chat':
        break;
      case 'prechat':
        this.stage.append(
          buildForm(t, {
            intro: t.preChatIntro,
            className: 'prechat',
            submitLabel: t.startChat,
            fields: [
              ...this.departmentField(view, undefined),
              {
                name: 'name',
                label: t.name,
                kind: 'text',
                mode: settings.preChat.name,
                value: view.identity.name,
                max: 120,
              },
              {
                name: 'email',
                label: t.email,
                kind: 'email',
                mode: settings.preChat.email,
                value: view.identity.email,
                max: 254,
              },
              {
                name: 'question',
                label: t.question,
                kind: 'textarea',
                mode: settings.preChat.question,
                value: view.draft,
                max: 10_000,
              },
            ],
            submit: (values) => this.actions.startChat(values),
          }),
        );
        break;
      case 'offline': {
        const thanks = h(
          'p',
          { class: 'card thanks', role: 'status', tabindex: '-1' },
          t.offlineThanks,
        );
        const pick = view.offlinePick;
        const form = buildForm(t, {
          title: pick ? format(t.departmentOfflineTitle, { name: pick.name }) : t.offlineTitle,
          intro: t.offlineIntro,
          className: 'offline',
          submitLabel: t.leaveMessage,
          fields: [
            ...this.departmentField(view, pick?.departmentId),
            {
              name: 'name',
              label: t.name,
              kind: 'text',
              mode: 'required',
              value: view.identity.name,
              max: 120,
            },
            {
              name: 'email',
              label: t.email,
              kind: 'email',
              mode: 'required',
              value: view.identity.email,
              max: 254,
            },
            {
              name: 'question',
              label: t.question,
              kind: 'textarea',
              mode: 'required',
              value: view.draft,
              max: 10_000,
            },
          ],
          submit: async (values) => {
            await this.actions.leaveOffline(values);
            form.replaceWith(thanks);
            thanks.focus();
          },
        });
        this.stage.append(form);
        if (pick) {
          const back = h('button', { type: 'button', class: 'secondary back' }, t.departmentBack);
          back.addEventListener('click', () => this.actions.chooseAgain());
          this.stage.append(back);
        }
        break;
      }
      case 'ended':
        this.stage.append(this.endCards(t));
        break;
      default: {
        const never: never = view.stage;
        return never;
      }
    }
    if (hadFocus || (this.isOpen && view.stage !== 'chat')) this.focusFirst();
  }

  /** The department select, when the site has two departments or more. */
  private departmentField(view: ShellView, value: string | undefined): FieldSpec[] {
    if (view.departments.length === 0) return [];
    return [
      {
        name: 'department',
        label: view.t.department,
        kind: 'select',
        mode: 'required',
        value,
        options: view.departments,
        max: 64,
      },
    ];
  }

  /** After the chat: rate it (good / bad + comment), ask for the transcript, or start again. */
  private endCards(t: Catalog): HTMLElement {
    let rating: 'good' | 'bad' | undefined;
    const good = h(
      'button',
      { type: 'button', class: 'secondary rate', 'aria-pressed': 'false', 'data-rating': 'good' },
      `👍 ${t.rateGood}`,
    );
    const bad = h(
      'button',
      { type: 'button', class: 'secondary rate', 'aria-pressed': 'false', 'data-rating': 'bad' },
      `👎 ${t.rateBad}`,
    );
    for (const button of [good, bad]) {
      button.addEventListener('click', () => {
        rating = button === good ? 'good' : 'bad';
        good.setAttribute('aria-pressed', String(rating === 'good'));
        bad.setAttribute('aria-pressed', String(rating === 'bad'));
      });
    }
    const rateCard = h(
      'div',
      { class: 'card rating', role: 'group', 'aria-label': t.rateTitle },
      h('h3', {}, t.rateTitle),
      h('div', { class: 'row' }, good, bad),
    );
    const ratingForm = buildForm(t, {
      className: 'rating-form',
      submitLabel: t.submitRating,
      fields: [
        { name: 'comment', label: t.comment, kind: 'textarea', mode: 'optional', max: 2000 },
      ],
      submit: async (values) => {
        if (!rating) {
          good.focus();
          return;
        }
        await this.actions.rate(rating, values.comment ?? '');
        const thanks = h('p', { class: 'thanks', role: 'status' }, t.thanksRating);
        ratingForm.replaceWith(thanks);
      },
    });
    rateCard.append(ratingForm);
    const transcriptForm = buildForm(t, {
      title: t.transcriptTitle,
      className: 'transcript',
      submitLabel: t.sendTranscript,
      fields: [
        {
          name: 'email',
          label: t.email,
          kind: 'email',
          mode: 'required',
          value: this.view?.identity.email,
          max: 254,
        },
      ],
      submit: async (values) => {
        const email = values.email ?? '';
        await this.actions.transcript(email);
        transcriptForm.replaceWith(
          h(
            'p',
            { class: 'card thanks', role: 'status' },
            t.transcriptRequested.replace('{email}', email),
          ),
        );
      },
    });
    const again = h('button', { type: 'button', class: 'secondary new-chat' }, t.newChat);
    again.addEventListener('click', () => this.actions.newChat());
    return h('div', {}, rateCard, transcriptForm, again);
  }
}
