import type { WidgetConfig } from '../shared.js';
import { currentPage, visitorInfo, watchHistory } from './browser-context.js';
import { RequestError, VisitorConnection } from './connection.js';
import type { ChatEvent, ConnectionState, ServerFrame, VisitorWelcome } from './connection.js';
import {
  adopt,
  applyEvent,
  eventEffects,
  isOpen,
  leave,
  NO_CONVERSATION,
  withQueue,
  type ConversationState,
  type ViewEffect,
} from './conversation.reducer.js';
import type { Department } from './departments.js';
import type { MessageLog } from './message-log.js';
import { MessageSender } from './message-sender.js';
import { parseQueue } from './queue-notice.js';
import { TypingSignal } from './typing-signal.js';
import { VisitorRequests, type Identity } from './visitor-requests.js';

/** What the session tells the widget's view. */
export interface SessionListener {
  /** The welcome of each (re)connection, before the conversation is resumed. */
  welcomed(welcome: VisitorWelcome): void;
  state(state: ConnectionState): void;
  /** Frames the session does not fold itself (typing, settings, availability, unknown ones). */
  frame(frame: ServerFrame): void;
  /** What an applied event asks of the view and the host page (the outbox is the session's). */
  perform(effect: ViewEffect): void;
  /** The conversation state changed: draw again. */
  changed(): void;
}

/**
 * The visitor's side of the protocol (I/O, no DOM of its own): the connection, the outbox of
 * unsent messages, the signals and form requests, and the conversation state folded from the
 * events by {@link applyEvent}. It follows one conversation at a time, resumes after the
 * highest version applied, and flushes the outbox after each welcome.
 */
export class VisitorSession {
  private conversationState: ConversationState = NO_CONVERSATION;
  private readonly connection: VisitorConnection;
  private readonly requests: VisitorRequests;
  private readonly sender: MessageSender;
  private readonly identity: Identity = {};
  private readonly typingSignal = new TypingSignal((isTyping) => {
    const id = this.openConversation();
    return id ? this.requests.typing(id, isTyping) : Promise.resolve(false);
  });

  constructor(
    config: WidgetConfig,
    private readonly log: MessageLog,
    private readonly listener: SessionListener,
  ) {
    this.connection = new VisitorConnection(config.server, config.siteKey, {
      welcome: (data) => void this.onWelcome(data),
      frame: (frame) => this.onFrame(frame),
      state: (state) => listener.state(state),
    });
    this.requests = new VisitorRequests(this.connection);
    this.sender = new MessageSender(config.siteKey, {
      connection: this.connection,
      log,
      ensureConversation: () => this.ensureConversation(),
      currentConversation: () => this.openConversation(),
      agentPresent: () => this.conversationState.agent !== undefined,
    });
    watchHistory(() => this.requests.navigate());
  }

  get conversation(): ConversationState {
    return this.conversationState;
  }

  /** What the visitor told us (forms, `Sapa.setName` / `setEmail` / `setAttributes`). */
  get visitor(): Readonly<Identity> {
    return this.identity;
  }

  start(): void {
    this.connection.start();
  }

  /** A request for the settings of the site (`settings.get`), over this connection. */
  request<T = Record<string, unknown>>(type: string): Promise<T> {
    return this.connection.request<T>(type);
  }

  // ---- what the visitor does ----------------------------------------------------------------
  send(text: string): void {
    this.typingSignal.stop();
    this.sender.send(text);
  }

  typing(): void {
    this.typingSignal.input();
  }

  /** The window was opened or minimised. */
  window(open: boolean): void {
    const id = this.openConversation();
    if (id) this.requests.window(id, !open);
  }

  /** Keeps what the visitor typed into a form; sent with the next identify (or welcome). */
  remember(update: Identity): void {
    Object.assign(this.identity, update);
  }

  /** Keeps and sends what the host page told us (`visitor.identify`). */
  identify(update: Identity): void {
    this.remember(update);
    this.requests.identify(this.identity);
  }

  async close(): Promise<void> {
    const id = this.openConversation();
    if (id) await this.requests.close(id);
  }

  async rate(rating: 'good' | 'bad', comment: string): Promise<void> {
    const id = this.conversationState.conversationId;
    if (id) await this.requests.rate(id, rating, comment);
  }

  async transcript(email: string): Promise<void> {
    const id = this.conversationState.conversationId;
    if (id) await this.requests.transcript(id, email);
  }

  leaveOffline(values: Record<string, string>, department: string | undefined): Promise<void> {
    return this.requests.leaveOffline(values, department);
  }

  /** Leaves the ended conversation: the next message or form starts a new one. */
  newChat(): void {
    this.follow(leave(this.conversationState));
  }

  /**
   * The open conversation's id, starting one if there is none (with the pre-chat answers and
   * the department, when the form gave them).
   */
  async ensureConversation(
    preChat?: Record<string, string>,
    department?: Department,
  ): Promise<string> {
    const open = this.openConversation();
    if (open) return open;
    // Everything of the new conversation is live (its events may arrive before this ack).
    this.conversationState = { ...this.conversationState, historyUntil: 0 };
    const started = await this.connection.request<{ conversationId: string; created: boolean }>(
      'conversation.start',
      {
        page: currentPage(),
        ...(preChat && Object.keys(preChat).length > 0 ? { preChat } : {}),
        ...(department ? { department: department.departmentId } : {}),
        visitorInfo: visitorInfo(),
      },
    );
    if (started.conversationId !== this.conversationState.conversationId)
      this.follow(adopt(this.conversationState, started.conversationId));
    return started.conversationId;
  }

  // ---- what the gateway sends ---------------------------------------------------------------
  private async onWelcome(welcome: VisitorWelcome): Promise<void> {
    this.listener.welcomed(welcome);
    const current = welcome.conversation;
    if (current && current.conversationId !== this.conversationState.conversationId) {
      // A new page (or another tab) with an open conversation: show it from the beginning.
      this.follow(adopt(this.conversationState, current.conversationId));
      if (this.conversationState.historyUntil === 0)
        this.conversationState = { ...this.conversationState, historyUntil: current.version };
    }
    this.listener.changed();
    this.requests.identify(this.identity);
    this.requests.navigate();
    const { conversationId, lastVersion } = this.conversationState;
    if (conversationId) {
      try {
        await this.connection.request('conversation.resume', {
          conversationId,
          afterVersion: lastVersion,
        });
      } catch (error) {
        if (!(error instanceof RequestError && error.code === 'not_found')) return;
        this.follow(leave(this.conversationState));
        this.listener.changed();
      }
    }
    void this.sender.flush();
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type === 'event') {
      if (frame.event) this.onEvent(frame.event);
    } else if (frame.type === 'queue') {
      const queue = parseQueue(frame.data);
      const next = queue ? withQueue(this.conversationState, queue) : this.conversationState;
      if (next === this.conversationState) return;
      this.conversationState = next;
      this.listener.changed();
    } else {
      this.listener.frame(frame);
    }
  }

  private onEvent(event: ChatEvent): void {
    const before = this.conversationState;
    const after = applyEvent(before, event);
    if (after === before) return;
    this.conversationState = after;
    for (const effect of eventEffects(before, event)) {
      if (effect.kind === 'stored') this.sender.stored(effect.clientMessageId);
      else {
        if (effect.kind === 'adopted') this.log.clear();
        this.listener.perform(effect);
      }
    }
    this.listener.changed();
  }

  /** The followed conversation while it is open (not closed). */
  private openConversation(): string | undefined {
    return isOpen(this.conversationState) ? this.conversationState.conversationId : undefined;
  }

  /** Switches to another conversation (or none): its log starts empty. */
  private follow(next: ConversationState): void {
    this.conversationState = next;
    this.log.clear();
  }
}
