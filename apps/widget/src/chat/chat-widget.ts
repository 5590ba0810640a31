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
  RequestError,
  VisitorConnection,
  readStorage,
  removeStorage,
  writeStorage,
} from './connection.js';
import type { ChatEvent, ConnectionState, ServerFrame, VisitorWelcome } from './connection.js';
import { MessageLog } from './message-log.js';
import { Shell } from './shell.js';
import { DEFAULT_SETTINGS, parseSettings, type WidgetSettings } from './settings.js';

interface Outgoing {
  readonly clientMessageId: string;
  readonly text: string;
  conversationId?: string;
}

interface Identity {
  name?: string;
  email?: string;
  attributes?: Record<string, string>;
  hash?: string;
}

const TYPING_REFRESH_MS = 3_000;
const TYPING_IDLE_MS = 2_500;
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
  private outbox: Outgoing[];
  private flushing = false;
  private flushAgain = false;
  private readonly identity: Identity = {};
  private lastNavigated = '';
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | undefined;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Map<SapaEventName, Set<SapaListener>>();
  private loaded = false;

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
    this.outbox = this.readOutbox();
    this.log = new MessageLog(this.t, this.language);
    this.shell = new Shell(mount, this.log, {
      toggle: (open) => this.onToggle(open),
      send: (text) => this.send(text),
      typing: () => this.onTyping(),
      endChat: () => this.endChat(),
      newChat: () => this.newChat(),
      startChat: (values) => this.startChat(values),
      leaveOffline: (values) => this.leaveOffline(values),
      rate: (rating, comment) => this.rate(rating, comment),
      transcript: (email) => this.requestTranscript(email),
    });
    this.connection = new VisitorConnection(config.server, config.siteKey, {
      welcome: (data) => void this.onWelcome(data),
      frame: (frame) => this.onFrame(frame),
      state: (state) => this.onConnectionState(state),
    });
    this.watchNavigation();
  }

  start(): void {
    this.render();
    this.connection.start();
    this.loaded = true;
    this.emit('loaded', {});
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
    this.sendIdentity();
    this.render();
  }
  setEmail(email: string): void {
    this.identity.email = String(email).slice(0, 254);
    this.sendIdentity();
    this.render();
  }
  setAttributes(attributes: Record<string, string>, hash?: string): void {
    const clean: Record<string, string> = {};
    for (const [key, value] of Object.entries(attributes ?? {}).slice(0, 20))
      clean[key] = String(value);
    this.identity.attributes = clean;
    if (hash !== undefined) this.identity.hash = String(hash);
    this.sendIdentity();
  }
  setLanguage(language: string): void {
    this.hostLanguage = language;
    this.applyLanguage();
  }
  on(event: SapaEventName, listener: SapaListener): void {
    if (typeof listener !== 'function') return;
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    // A page that subscribes late to `loaded` still hears it.
    if (event === 'loaded' && this.loaded) this.safeCall(listener, {});
  }
  off(event: SapaEventName, listener: SapaListener): void {
    this.listeners.get(event)?.delete(listener);
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
    this.sendIdentity();
    this.sendNavigation();
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
    void this.flush();
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
      case 'availability':
        this.siteOnline = Boolean((frame.data as { online?: unknown } | undefined)?.online);
        this.render();
        return;
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
        if (live) this.emit('chat-started', { conversationId: event.conversationId });
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
          this.dropFromOutbox(String(data.clientMessageId));
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
            this.emit('message', {
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
        if (live) this.emit('chat-ended', { conversationId: event.conversationId });
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

  private setAgent(name: string): void {
    this.agentName = name;
    this.shell.setAgentName(name);
    this.log.markDelivered();
  }

  private async startChat(values: Record<string, string>): Promise<void> {
    const preChat: Record<string, string> = {};
    for (const key of ['name', 'email', 'question']) if (values[key]) preChat[key] = values[key];
    if (preChat.name) this.identity.name = preChat.name;
    if (preChat.email) this.identity.email = preChat.email;
    await this.ensureConversation(preChat);
    this.render();
    this.shell.focusComposer();
  }

  private async ensureConversation(preChat?: Record<string, string>): Promise<string> {
    if (this.conversationId && !this.ended) return this.conversationId;
    // Everything of the new conversation is live (its events may arrive before this ack).
    this.historyUntil = 0;
    const started = await this.connection.request<{ conversationId: string; created: boolean }>(
      'conversation.start',
      {
        page: this.page(),
        ...(preChat && Object.keys(preChat).length > 0 ? { preChat } : {}),
        visitorInfo: visitorInfo(),
      },
    );
    if (started.conversationId !== this.conversationId) this.adopt(started.conversationId);
    return started.conversationId;
  }

  private send(text: string): void {
    if (text.trim() === '') return;
    const entry: Outgoing = { clientMessageId: newId(), text };
    if (this.conversationId && !this.ended) entry.conversationId = this.conversationId;
    this.outbox.push(entry);
    this.saveOutbox();
    this.log.put({
      kind: 'mine',
      key: `c:${entry.clientMessageId}`,
      text,
      time: new Date().toISOString(),
      state: 'sending',
    });
    this.stopTyping();
    void this.flush();
  }

  /** Sends the outbox in order; stops at the first failure that a reconnect may cure. */
  private async flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.flushAgain = false;
        for (const entry of [...this.outbox]) {
          if (!this.connection.online) return;
          entry.conversationId ??= await this.ensureConversation();
          this.saveOutbox();
          const key = `c:${entry.clientMessageId}`;
          // Left unsent by a previous page: show it again before it is resent.
          if (!this.log.has(key)) {
            this.log.put({
              kind: 'mine',
              key,
              text: entry.text,
              time: new Date().toISOString(),
              state: 'sending',
            });
          }
          try {
            await this.connection.request('message.send', {
              conversationId: entry.conversationId,
              clientMessageId: entry.clientMessageId,
              text: entry.text,
            });
            this.log.setState(`c:${entry.clientMessageId}`, this.agentName ? 'delivered' : 'sent');
            this.dropFromOutbox(entry.clientMessageId);
          } catch (error) {
            const code = error instanceof RequestError ? error.code : 'internal';
            if (
              ['disconnected', 'timeout', 'unavailable', 'rate_limited', 'internal'].includes(code)
            )
              return;
            // Refused for good (conversation closed, invalid): it will never be stored.
            this.dropFromOutbox(entry.clientMessageId);
          }
        }
      } while (this.flushAgain);
    } catch {
      // Starting the conversation failed (offline): the outbox waits for the next welcome.
    } finally {
      this.flushing = false;
    }
  }

  private async endChat(): Promise<void> {
    if (!this.conversationId || this.ended) return;
    await this.connection.request('conversation.close', { conversationId: this.conversationId });
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

  private async rate(rating: 'good' | 'bad', comment: string): Promise<void> {
    if (!this.conversationId) return;
    await this.connection.request('conversation.rate', {
      conversationId: this.conversationId,
      rating,
      ...(comment ? { comment: comment.slice(0, 2000) } : {}),
    });
  }

  private async requestTranscript(email: string): Promise<void> {
    if (!this.conversationId) return;
    await this.connection.request('transcript.request', {
      conversationId: this.conversationId,
      email,
    });
  }

  private async leaveOffline(values: Record<string, string>): Promise<void> {
    await this.connection.request('offline.leave', {
      name: values.name ?? '',
      email: values.email ?? '',
      question: values.question ?? '',
      page: this.page(),
      language: navigator.language.slice(0, 64),
    });
  }

  // ---- signals to the agent -----------------------------------------------------------------
  private onToggle(open: boolean): void {
    writeSession(`sapa:${this.config.siteKey}:open`, open ? '1' : '');
    if (this.conversationId && !this.ended && this.connection.online) {
      this.connection
        .request('chat.window', { conversationId: this.conversationId, minimized: !open })
        .catch(ignore);
    }
  }

  private onTyping(): void {
    if (!this.conversationId || this.ended || !this.connection.online) return;
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_REFRESH_MS) {
      this.typingSentAt = now;
      this.connection
        .request('typing', { conversationId: this.conversationId, isTyping: true })
        .catch(ignore);
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.typingIdle);
    if (this.typingSentAt === 0) return;
    this.typingSentAt = 0;
    if (this.conversationId && this.connection.online) {
      this.connection
        .request('typing', { conversationId: this.conversationId, isTyping: false })
        .catch(ignore);
    }
  }

  private sendIdentity(): void {
    const { name, email, attributes, hash } = this.identity;
    if (
      !this.connection.online ||
      (name === undefined && email === undefined && attributes === undefined)
    )
      return;
    this.connection
      .request('visitor.identify', {
        ...(name ? { name } : {}),
        ...(email ? { email } : {}),
        ...(attributes ? { attributes } : {}),
        ...(hash ? { hash } : {}),
      })
      .catch(ignore);
  }

  /** Tells the gateway which page the visitor is on: on each page load and each history change. */
  private sendNavigation(): void {
    if (!this.connection.online || location.href === this.lastNavigated) return;
    this.lastNavigated = location.href;
    this.connection.request('visitor.navigate', this.page()).catch(ignore);
  }

  private watchNavigation(): void {
    // Single-page apps change the URL without a load. Wrap the history methods once, calling
    // the originals first, so the host's routing behaves exactly as before.
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        dispatchEvent(new Event('sapa:navigate'));
        return result;
      };
    }
    const changed = () => setTimeout(() => this.sendNavigation(), 0);
    addEventListener('sapa:navigate', changed);
    addEventListener('popstate', changed);
    addEventListener('hashchange', changed);
  }

  private page(): { url: string; title?: string; referrer?: string } {
    return {
      url: location.href.slice(0, 2048),
      ...(document.title ? { title: document.title.slice(0, 500) } : {}),
      ...(document.referrer ? { referrer: document.referrer.slice(0, 2048) } : {}),
    };
  }

  // ---- settings and rendering ---------------------------------------------------------------
  private async loadSettings(siteName: string): Promise<void> {
    try {
      const answer = await this.connection.request<{ settings?: unknown; online?: boolean }>(
        'settings.get',
      );
      if (typeof answer.online === 'boolean') this.siteOnline = answer.online;
      this.applySettings(answer.settings, siteName);
    } catch {
      try {
        const response = await fetch(
          `${this.config.server}/api/v1/widget/config?site=${encodeURIComponent(this.config.siteKey)}`,
        );
        if (!response.ok) return;
        const body = (await response.json()) as {
          siteName?: string;
          settings?: unknown;
          online?: boolean;
        };
        if (typeof body.online === 'boolean') this.siteOnline = body.online;
        this.applySettings(body.settings, body.siteName ?? siteName);
      } catch {
        // Defaults stay in force: the widget works without settings.
      }
    }
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
    const stage: 'prechat' | 'offline' | 'chat' | 'ended' = this.ended
      ? 'ended'
      : hasChat
        ? 'chat'
        : !this.siteOnline
          ? 'offline'
          : p.name === 'off' && p.email === 'off' && p.question === 'off'
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
    });
  }

  private greeting(): string {
    const hello = timeOfDayGreeting(this.t, new Date().getHours());
    return this.settings.greeting ? `${hello}! ${this.settings.greeting}` : `${hello}!`;
  }

  // ---- helpers ------------------------------------------------------------------------------
  private emit(event: SapaEventName, detail: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) this.safeCall(listener, detail);
  }

  /** A host page's listener that throws must not break the widget. */
  private safeCall(listener: SapaListener, detail: unknown): void {
    try {
      listener(detail);
    } catch {
      // The host's bug, not ours; keep going.
    }
  }

  private get outboxKey(): string {
    return `sapa:${this.config.siteKey}:outbox`;
  }
  private readOutbox(): Outgoing[] {
    try {
      const parsed = JSON.parse(readStorage(this.outboxKey) ?? '[]') as unknown;
      return Array.isArray(parsed)
        ? (parsed as Outgoing[]).filter(
            (each) => typeof each?.clientMessageId === 'string' && typeof each.text === 'string',
          )
        : [];
    } catch {
      return [];
    }
  }
  private saveOutbox(): void {
    if (this.outbox.length === 0) removeStorage(this.outboxKey);
    else writeStorage(this.outboxKey, JSON.stringify(this.outbox));
  }
  private dropFromOutbox(clientMessageId: string): void {
    const before = this.outbox.length;
    this.outbox = this.outbox.filter((each) => each.clientMessageId !== clientMessageId);
    if (this.outbox.length !== before) this.saveOutbox();
  }
}

const ignore = () => undefined;

/** What only the browser knows; the gateway adds the user agent and device from the request. */
function visitorInfo(): { language?: string; timeZone?: string } {
  let timeZone: string | undefined;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    timeZone = undefined;
  }
  return {
    ...(navigator.language ? { language: navigator.language.slice(0, 64) } : {}),
    ...(timeZone ? { timeZone: timeZone.slice(0, 64) } : {}),
  };
}

function newId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `w-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

function readSession(key: string): string | undefined {
  try {
    return sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}
function writeSession(key: string, value: string): void {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    // Not kept across pages then; harmless.
  }
}
