import type { DepartmentOption } from './departments.js';
import { clear, h } from './dom.js';
import { confirmEndCard } from './end-cards.js';
import { firstField } from './forms.js';
import { Launcher } from './launcher.js';
import type { MessageLog } from './message-log.js';
import { contrastText, effectiveDisplay } from './settings.js';
import type { ShellActions, ShellView, Stage } from './shell-view.js';
import { ChatStage } from './stages/chat.stage.js';
import { endedStage } from './stages/ended.stage.js';
import { offlineStage } from './stages/offline.stage.js';
import { prechatStage } from './stages/prechat.stage.js';
import { STYLES } from './styles.js';

export type { ShellActions, ShellView } from './shell-view.js';

/** The stages drawn into the window's body; the chat stage draws nothing there (the composer shows). */
const STAGES: Record<Stage, (view: ShellView, actions: ShellActions) => HTMLElement[]> = {
  prechat: prechatStage,
  offline: offlineStage,
  chat: () => [],
  ended: endedStage,
};

/**
 * The widget's DOM inside its shadow root: a launcher button and a non-modal chat dialog
 * (header, connection status, wait notice, greeting, the stage, the log, typing, composer).
 * Keyboard: the launcher is a real button (aria-expanded); opening moves focus into the
 * window, Escape closes it and gives focus back to the launcher.
 */
export class Shell {
  isOpen = false;
  private view: ShellView | undefined;
  private stageKey = '';
  private restored = false;
  private readonly narrowQuery = matchMedia('(max-width: 600px)');
  private readonly root: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly launcher = new Launcher();
  private readonly chat: ChatStage;
  private readonly title = h('h2', { id: 'sapa-title' });
  private readonly subtitle = h('div', { class: 'sub' });
  private readonly logo = h('img', { alt: '', hidden: true });
  private readonly endButton = h('button', { type: 'button', class: 'end' });
  private readonly minimise = h('button', { type: 'button', class: 'min' }, '—');
  private readonly status = h('div', { class: 'status', role: 'status', hidden: true });
  private readonly greetingBox = h('div', { class: 'greeting' });
  private readonly stage = h('div', { class: 'stage' });

  constructor(
    mount: HTMLElement,
    private readonly log: MessageLog,
    private readonly actions: ShellActions,
  ) {
    const shadow = mount.attachShadow({ mode: 'open' });
    this.chat = new ChatStage(actions);
    const header = h(
      'header',
      {},
      this.logo,
      h('div', { class: 'titles' }, this.title, this.subtitle),
      this.endButton,
      this.minimise,
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
      header,
      this.status,
      this.chat.waitNotice,
      h('div', { class: 'body' }, this.greetingBox, this.stage, this.log.element),
      this.chat.typingLine,
      this.chat.composer,
    );
    this.root = h(
      'div',
      { class: 'root right medium', hidden: true },
      this.panel,
      this.launcher.button,
    );
    shadow.append(h('style', {}, STYLES), this.root);

    this.launcher.button.addEventListener('click', () => this.setOpen(!this.isOpen));
    this.minimise.addEventListener('click', () => this.setOpen(false));
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.setOpen(false);
    });
    this.endButton.addEventListener('click', () => this.confirmEnd());
    this.narrowQuery.addEventListener?.('change', () => this.view && this.render(this.view));
  }

  setOpen(open: boolean): void {
    if (open === this.isOpen) return;
    this.isOpen = open;
    this.panel.hidden = !open;
    this.root.classList.toggle('open', open);
    this.launcher.setExpanded(open);
    if (open) this.focusFirst();
    else this.launcher.button.focus();
    this.actions.toggle(open);
  }

  render(view: ShellView): void {
    this.view = view;
    const { t, settings } = view;
    const narrow = this.narrowQuery.matches;
    const display = effectiveDisplay(settings, narrow);
    this.root.hidden = view.hidden;
    const side = display.position === 'bottom-left' ? 'left' : 'right';
    this.root.className = `root ${side} ${display.size}${narrow ? ' narrow' : ''}${this.isOpen ? ' open' : ''}`;
    this.root.style.setProperty('--c', display.color);
    this.root.style.setProperty('--ct', contrastText(display.color));
    this.launcher.render(t, display.launcherText);
    this.title.textContent = display.siteName || t.chatWindow;
    if (display.logoUrl) this.logo.src = display.logoUrl;
    this.logo.hidden = !display.logoUrl;
    this.greetingBox.textContent = view.greeting;
    this.endButton.textContent = t.endChat;
    this.endButton.hidden = !view.canEnd;
    this.minimise.setAttribute('aria-label', t.closeChat);
    this.chat.render(t, view.stage === 'chat');
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

  setConnection(message: string | undefined): void {
    this.status.textContent = message ?? '';
    this.status.hidden = message === undefined;
  }

  /** Sets the wait notice; the same text again is not touched, so it is not announced again. */
  setWaitNotice(text: string | undefined): void {
    this.chat.setWaitNotice(text);
  }

  setAgentName(name: string | undefined): void {
    this.subtitle.textContent = name ?? '';
  }

  /** The agent's typing line; it goes off by itself if no "stopped" comes. */
  setAgentTyping(text: string | undefined): void {
    this.chat.setAgentTyping(text);
  }

  noteUnread(): void {
    if (!this.isOpen) this.launcher.noteUnread();
  }

  focusComposer(): void {
    this.chat.focus();
  }

  /** Name and e-mail the host page set (Sapa.setName / setEmail) fill empty form fields. */
  private prefill(identity: ShellView['identity']): void {
    for (const name of ['name', 'email'] as const) {
      const value = identity[name];
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

  private focusFirst(): void {
    if (this.chat.focus()) return;
    (firstField(this.stage) ?? this.minimise).focus();
  }

  private confirmEnd(): void {
    const view = this.view;
    if (!view) return;
    const { card, yes } = confirmEndCard(view.t, {
      end: () => this.actions.endChat(),
      cancel: () => this.endButton.focus(),
    });
    this.stage.querySelector('.confirm')?.remove();
    this.stage.append(card);
    yes.focus();
  }

  private buildStage(view: ShellView): void {
    const root = this.stage.getRootNode();
    const hadFocus = this.stage.contains(root instanceof ShadowRoot ? root.activeElement : null);
    clear(this.stage);
    this.stage.append(...STAGES[view.stage](view, this.actions));
    if (hadFocus || (this.isOpen && view.stage !== 'chat')) this.focusFirst();
  }
}
