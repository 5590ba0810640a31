import {
  CATALOGS,
  format,
  pickLanguage,
  timeOfDayGreeting,
  type Catalog,
  type Language,
} from '../i18n/catalog.js';
import type { SapaEventName, SapaListener, WidgetConfig } from '../shared.js';
import {
  currentPage,
  readSession,
  visitorInfo,
  watchHistory,
  writeSession,
} from './browser-context.js';
import { RequestError, VisitorConnection } from './connection.js';
import {
  afterPick,
  departmentFor,
  departmentOptions,
  formStage,
  parseDepartments,
  withAvailability,
  type Department,
} from './departments.js';
import type { ChatEvent, ConnectionState, ServerFrame, VisitorWelcome } from './connection.js';
import { HostEvents } from './host-events.js';
import { MessageLog } from './message-log.js';
import { Shell } from './shell.js';
import { DEFAULT_SETTINGS, fetchSettings, parseSettings, type WidgetSettings } from './settings.js';
import { MessageSender } from './message-sender.js';
import { parseQueue, queueNotice, type QueueState } from './queue-notice.js';
import { TypingSignal } from './typing-signal.js';
import { VisitorRequests, type Identity } from './visitor-requests.js';

const AGENT_TYPING_TIMEOUT_MS = 8_000;
/**
 * The visitor's chat: connection, conversation state and the host page API. It follows one
 * conversation at a time, keeps the highest version it applied and resumes after it, and keeps
 * unacknowledged messages in an outbox (localStorage) that is resent with the same
 * clientMessageId after a reconnect or on the next page, so nothing is lost or doubled.
 */
export class ChatWidget {
  private t: Catalog;
  private language: Language;
  private hostLanguage: string | undefined;
  private settings: WidgetSettings = DEFAULT_SETTINGS;
  private siteOnline = true;
  /** The site's departments (none for most sites), their availability kept live. */
  private departments: readonly Department[] = [];
  /** The offline department the visitor picked: the offline form shows for it. */
  private offlinePick: string | undefined;
  /** The question typed into the pre-chat form, kept for the offline form. */
  private draft: string | undefined;
  private readonly connection: VisitorConnection;
  private readonly log: MessageLog;
  private readonly shell: Shell;
  private visitorId = '';
  private conversationId: string | undefined;
  private lastVersion = 0;
  private ended = false;
  /** Events up to this version were history when the page loaded: no `message` API event for them. */
  private historyUntil = 0;
  private agentName: string | undefined;
  /** The last place in line the gateway reported while no agent has claimed the chat. */
  private queue: QueueState | undefined;
  private readonly sender: MessageSender;
  private readonly requests: VisitorRequests;
  private readonly identity: Identity = {};
  private readonly typingSignal = new TypingSignal((isTyping) =>
    this.conversationId !== undefined && !this.ended
      ? this.requests.typing(this.conversationId, isTyping)
      : Promise.resolve(false),
  );
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly events = new HostEvents();

  constructor(
    private readonly config: WidgetConfig,
    mount: HTMLElement,
  ) {
    this.hostLanguage = config.language;
    this.language = pickLanguage(
      this.hostLanguage,
      undefined,
      navigator.languages ?? [navigator.language],
    );
    this.t = CATALOGS[this.language];
    this.log = new MessageLog(this.t, this.language);
    this.shell = new Shell(mount, this.log, {
      toggle: (open) => {
        writeSession(`sapa:${this.config.siteKey}:open`, open ? '1' : '');
        if (this.conversationId && !this.ended) this.requests.window(this.conversationId, !open);
      },
      send: (text) => {
        this.typingSignal.stop();
        this.sender.send(text);
      },
      typing: () => this.typingSignal.input(),
      endChat: async () => {
        if (this.conversationId && !this.ended) await this.requests.close(this.conversationId);
      },
      newChat: () => this.newChat(),
      startChat: (values) => this.startChat(values),
      leaveOffline: (values) =>
        this.requests.leaveOffline(
          values,
          departmentFor(this.departments, values.department ?? this.offlinePick)?.departmentId,
        ),
      chooseAgain: () => {
        this.offlinePick = undefined;
        this.render();
      },
      rate: async (rating, comment) => {
        if (this.conversationId) await this.requests.rate(this.conversationId, rating, comment);
      },
      transcript: async (email) => {
        if (this.conversationId) await this.requests.transcript(this.conversationId, email);
      },
    });
    this.connection = new VisitorConnection(config.server, config.siteKey, {
      welcome: (data) => void this.onWelcome(data),
      frame: (frame) => this.onFrame(frame),
      state: (state) => this.onConnectionState(state),
    });
    this.requests = new VisitorRequests(this.connection);
    this.sender = new MessageSender(config.siteKey, {
      connection: this.connection,
      log: this.log,
      ensureConversation: () => this.ensureConversation(),
      currentConversation: () => (this.ended ? undefined : this.conversationId),
      agentPresent: () => this.agentName !== undefined,
    });
    watchHistory(() => this.requests.navigate());
  }

  start(): void {
    this.render();
    this.connection.start();
    this.events.emit('loaded', {});
  }

  // ---- host page API ------------------------------------------------------------------------
  open(): void {
    this.shell.setOpen(true);
  }
  close(): void {
    this.shell.setOpen(false);
  }
  toggle(): void {
    this.shell.setOpen(!this.shell.isOpen);
  }
  setName(name: string): void {
    this.identity.name = String(name).slice(0, 120);
    this.requests.identify(this.identity);
    this.render();
  }
  setEmail(email: string): void {
    this.identity.email = String(email).slice(0, 254);
    this.requests.identify(this.identity);
    this.render();
  }
  setAttributes(attributes: Record<string, string>, hash?: string): void {
    const clean: Record<string, string> = {};
    for (const [key, value] of Object.entries(attributes ?? {}).slice(0, 20))
      clean[key] = String(value);
    this.identity.attributes = clean;
    if (hash !== undefined) this.identity.hash = String(hash);
    this.requests.identify(this.identity);
  }
  setLanguage(language: string): void {
    this.hostLanguage = language;
    this.applyLanguage();
  }
  on(event: SapaEventName, listener: SapaListener): void {
    this.events.on(event, listener);
  }
  off(event: SapaEventName, listener: SapaListener): void {
    this.events.off(event, listener);
  }

  // ---- connection ---------------------------------------------------------------------------
  private async onWelcome(welcome: VisitorWelcome): Promise<void> {
    this.visitorId = welcome.visitorId;
    this.siteOnline = welcome.siteOnline;
    if (!this.settings.siteName) this.settings = { ...this.settings, siteName: welcome.siteName };
    void this.loadSettings(welcome.siteName);
    const current = welcome.conversation;
    if (current && current.conversationId !== this.conversationId) {
      // A new page (or another tab) with an open conversation: show it from the beginning.
      this.adopt(current.conversationId);
      if (this.historyUntil === 0) this.historyUntil = current.version;
    }
    this.render();
    this.requests.identify(this.identity);
    this.requests.navigate();
    if (this.conversationId) {
      try {
        await this.connection.request('conversation.resume', {
          conversationId: this.conversationId,
          afterVersion: this.lastVersion,
        });
      } catch (error) {
        if (error instanceof RequestError && error.code === 'not_found') this.forget();
        else return;
      }
    }
    void this.sender.flush();
  }

  private onConnectionState(state: ConnectionState): void {
    this.shell.setConnection(state === 'offline' ? this.t.reconnecting : undefined);
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'event':
        if (frame.event) this.onEvent(frame.event);
        return;
      case 'typing':
        this.onAgentTyping(
          frame.data as {
            conversationId: string;
            actor: { kind: string; name?: string };
            isTyping: boolean;
          },
        );
        return;
      case 'settings':
        this.applySettings((frame.data as { settings?: unknown } | undefined)?.settings);
        return;
      case 'availability': {
        const data = frame.data as { online?: unknown; departments?: unknown } | undefined;
        this.siteOnline = Boolean(data?.online);
        this.departments = withAvailability(this.departments, data?.departments);
        this.render();
        return;
      }
      case 'queue': {
        // Sent on every change and every few seconds while waiting; a late one after the
        // claim (or for a chat we left) is ignored.
        const queue = parseQueue(frame.data);
        if (!queue || queue.conversationId !== this.waitingFor()) return;
        this.queue = queue;
        this.render();
        return;
      }
      default:
        // Frames this version does not know are ignored (docs/protocol.md: additions are not breaking).
        return;
    }
  }

  private onEvent(event: ChatEvent): void {
    if (event.conversationId !== this.conversationId) {
      // A conversation opened for us elsewhere (an agent's proactive chat, another tab).
      if (event.type !== 'ConversationStarted' || (this.conversationId && !this.ended)) return;
      this.adopt(event.conversationId);
      this.shell.setOpen(true);
    }
    if (event.version <= this.lastVersion) return;
    this.lastVersion = event.version;
    const live = event.version > this.historyUntil;
    const data = event.data;
    switch (event.type) {
      case 'ConversationStarted': {
        const question = (data.preChat as { question?: string } | undefined)?.question;
        if (question)
          this.log.put({
            kind: 'mine',
            key: `q:${event.id}`,
            text: question,
            time: event.time,
            state: 'sent',
          });
        if (live) this.events.emit('chat-started', { conversationId: event.conversationId });
        break;
      }
      case 'MessagePosted': {
        const author = data.author as { kind: string; id: string; name?: string };
        const text = String(data.text);
        if (author.kind === 'visitor') {
          const key = `c:${String(data.clientMessageId)}`;
          this.log.put(
            {
              kind: 'mine',
              key,
              text,
              time: event.time,
              state: this.agentName ? 'delivered' : 'sent',
            },
            true,
          );
          this.sender.stored(String(data.clientMessageId));
        } else {
          this.setAgent(author.name ?? this.t.agent);
          this.log.put({
            kind: 'theirs',
            key: `m:${String(data.messageId)}`,
            text,
            who: author.name ?? this.t.agent,
            time: event.time,
          });
          this.shell.setAgentTyping(undefined);
          if (live) {
            this.shell.noteUnread();
            this.events.emit('message', {
              text,
              author: author.name ?? '',
              conversationId: event.conversationId,
            });
          }
        }
        break;
      }
      case 'ChatClaimed':
      case 'AgentJoined':
        this.setAgent(String(data.agentName));
        this.log.put({ kind: 'joined', key: `v:${event.version}`, who: String(data.agentName) });
        break;
      case 'ConversationClosed':
        this.ended = true;
        this.log.put({ kind: 'ended', key: `v:${event.version}` });
        this.shell.setAgentTyping(undefined);
        if (live) this.events.emit('chat-ended', { conversationId: event.conversationId });
        break;
      default:
        // Other visible events (a rating echo, ...) change nothing on screen.
        break;
    }
    this.render();
  }

  private onAgentTyping(data: {
    conversationId: string;
    actor: { kind: string; name?: string };
    isTyping: boolean;
  }): void {
    if (data.conversationId !== this.conversationId || data.actor.kind === 'visitor') return;
    clearTimeout(this.agentTypingTimer);
    if (!data.isTyping) {
      this.shell.setAgentTyping(undefined);
      return;
    }
    this.shell.setAgentTyping(
      data.actor.name ? format(this.t.typing, { name: data.actor.name }) : this.t.someoneTyping,
    );
    // A lost "stopped typing" must not leave the indicator on forever.
    this.agentTypingTimer = setTimeout(
      () => this.shell.setAgentTyping(undefined),
      AGENT_TYPING_TIMEOUT_MS,
    );
  }

  // ---- conversation -------------------------------------------------------------------------
  private adopt(conversationId: string): void {
    this.conversationId = conversationId;
    this.lastVersion = 0;
    this.ended = false;
    this.agentName = undefined;
    this.queue = undefined;
    this.log.clear();
  }

  private forget(): void {
    this.conversationId = undefined;
    this.lastVersion = 0;
    this.ended = false;
    this.agentName = undefined;
    this.log.clear();
    this.render();
  }

  /** The conversation still waiting for an agent (started, not claimed, not closed), if any. */
  private waitingFor(): string | undefined {
    return this.ended || this.agentName !== undefined ? undefined : this.conversationId;
  }

  private setAgent(name: string): void {
    this.agentName = name;
    this.queue = undefined;
    this.shell.setAgentName(name);
    this.log.markDelivered();
  }

  private async startChat(values: Record<string, string>): Promise<void> {
    const preChat: Record<string, string> = {};
    for (const key of ['name', 'email', 'question']) if (values[key]) preChat[key] = values[key];
    if (preChat.name) this.identity.name = preChat.name;
    if (preChat.email) this.identity.email = preChat.email;
    const department = departmentFor(this.departments, values.department);
    if (afterPick(this.siteOnline, department) === 'offline') {
      // Nobody could answer this chat: the visitor leaves a message for the department instead.
      this.offlinePick = department?.departmentId;
      this.draft = preChat.question;
      this.render();
      return;
    }
    await this.ensureConversation(preChat, department);
    this.draft = undefined;
    this.render();
    this.shell.focusComposer();
  }

  private async ensureConversation(
    preChat?: Record<string, string>,
    department = departmentFor(this.departments, undefined),
  ): Promise<string> {
    if (this.conversationId && !this.ended) return this.conversationId;
    // Everything of the new conversation is live (its events may arrive before this ack).
    this.historyUntil = 0;
    const started = await this.connection.request<{ conversationId: string; created: boolean }>(
      'conversation.start',
      {
        page: currentPage(),
        ...(preChat && Object.keys(preChat).length > 0 ? { preChat } : {}),
        ...(department ? { department: department.departmentId } : {}),
        visitorInfo: visitorInfo(),
      },
    );
    if (started.conversationId !== this.conversationId) this.adopt(started.conversationId);
    return started.conversationId;
  }

  private newChat(): void {
    this.conversationId = undefined;
    this.lastVersion = 0;
    this.ended = false;
    this.agentName = undefined;
    this.shell.setAgentName(undefined);
    this.log.clear();
    this.render();
  }

  // ---- signals to the agent -----------------------------------------------------------------
  // ---- settings and rendering ---------------------------------------------------------------
  private async loadSettings(siteName: string): Promise<void> {
    const answer = await fetchSettings(
      (type) => this.connection.request(type),
      this.config.server,
      this.config.siteKey,
    );
    if (!answer) return;
    if (typeof answer.online === 'boolean') this.siteOnline = answer.online;
    this.departments = parseDepartments(answer.departments);
    this.applySettings(answer.settings, answer.siteName ?? siteName);
  }

  private applySettings(raw: unknown, siteName = this.settings.siteName): void {
    if (raw === undefined) return;
    const parsed = parseSettings(raw, siteName);
    this.settings = parsed.siteName ? parsed : { ...parsed, siteName };
    this.applyLanguage();
  }

  private applyLanguage(): void {
    const language = pickLanguage(
      this.hostLanguage,
      this.settings.language,
      navigator.languages ?? [navigator.language],
    );
    if (language !== this.language) {
      this.language = language;
      this.t = CATALOGS[language];
      this.log.relabel(this.t, language);
    }
    this.render();
  }

  private render(): void {
    const hasChat = this.conversationId !== undefined;
    const p = this.settings.preChat;
    const options = departmentOptions(this.t, this.departments);
    const pick = this.departments.find((entry) => entry.departmentId === this.offlinePick);
    const stage: 'prechat' | 'offline' | 'chat' | 'ended' = this.ended
      ? 'ended'
      : hasChat
        ? 'chat'
        : formStage({
              siteOnline: this.siteOnline,
              departments: this.departments,
              offlinePick: pick?.departmentId,
            }) === 'offline'
          ? 'offline'
          : p.name === 'off' && p.email === 'off' && p.question === 'off' && options.length === 0
            ? 'chat'
            : 'prechat';
    this.shell.render({
      t: this.t,
      language: this.language,
      settings: this.settings,
      greeting: this.greeting(),
      stage,
      hidden: !hasChat && !this.siteOnline && this.settings.offlineBehavior === 'hide',
      canEnd: hasChat && !this.ended,
      identity: { name: this.identity.name, email: this.identity.email },
      restoreOpen: readSession(`sapa:${this.config.siteKey}:open`) === '1',
      departments: options,
      offlinePick: pick && { departmentId: pick.departmentId, name: pick.name },
      draft: this.draft,
    });
    const queue = this.queue;
    this.shell.setWaitNotice(
      queue && queue.conversationId === this.waitingFor() ? queueNotice(this.t, queue) : undefined,
    );
  }

  private greeting(): string {
    const hello = timeOfDayGreeting(this.t, new Date().getHours());
    return this.settings.greeting ? `${hello}! ${this.settings.greeting}` : `${hello}!`;
  }
}
