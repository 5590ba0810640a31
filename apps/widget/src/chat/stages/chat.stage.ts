import { MESSAGE_TEXT_MAX } from '@sapa/contracts';
import type { Catalog } from '../../i18n/catalog.js';
import { h } from '../dom.js';

const AGENT_TYPING_TIMEOUT_MS = 8_000;

/**
 * The chat's own parts of the window: the wait notice while no agent has answered, the agent's
 * typing line and the composer. Enter sends, Shift+Enter is a new line (IME composition is
 * left alone); every key tells the widget the visitor is typing.
 */
export class ChatStage {
  /**
   * The wait notice (place in line). Always in the DOM, empty when there is none, so a screen
   * reader has the live region before its first text; outside the log, so it never grows it.
   */
  readonly waitNotice = h('div', { class: 'queue', 'aria-live': 'polite', 'aria-atomic': 'true' });
  readonly typingLine = h('div', { class: 'typing', 'aria-live': 'polite' });
  private readonly input = h('textarea', { rows: '1', maxlength: String(MESSAGE_TEXT_MAX) });
  private readonly sendButton = h('button', { type: 'submit', class: 'primary' });
  readonly composer = h('form', { class: 'composer' }, this.input, this.sendButton);
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(actions: { send(text: string): void; typing(): void }) {
    const submit = () => {
      const text = this.input.value;
      if (text.trim() === '') return;
      this.input.value = '';
      actions.send(text);
      this.input.focus();
    };
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    this.input.addEventListener('input', () => actions.typing());
  }

  /** The composer shows only in the chat stage. */
  get composing(): boolean {
    return !this.composer.hidden;
  }

  render(t: Catalog, composing: boolean): void {
    this.input.setAttribute('aria-label', t.typeMessage);
    this.input.placeholder = t.typeMessage;
    this.sendButton.textContent = t.send;
    this.composer.hidden = !composing;
  }

  /** Focuses the composer when it shows; answers whether it did. */
  focus(): boolean {
    if (this.composer.hidden) return false;
    this.input.focus();
    return true;
  }

  /** Sets the wait notice; the same text again is not touched, so it is not announced again. */
  setWaitNotice(text: string | undefined): void {
    if (this.waitNotice.textContent !== (text ?? '')) this.waitNotice.textContent = text ?? '';
  }

  /** "Ani is typing…"; a lost "stopped typing" must not leave it on forever. */
  setAgentTyping(text: string | undefined): void {
    clearTimeout(this.typingTimer);
    this.typingLine.textContent = text ?? '';
    if (text !== undefined)
      this.typingTimer = setTimeout(() => this.setAgentTyping(undefined), AGENT_TYPING_TIMEOUT_MS);
  }
}
