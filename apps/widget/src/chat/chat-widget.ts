import { EMAIL_MAX, NAME_MAX, type WidgetSettings } from '@sapa/contracts';
import {
  CATALOGS,
  format,
  pickLanguage,
  timeOfDayGreeting,
  type Catalog,
  type Language,
} from '../i18n/catalog.js';
import type { SapaEventName, SapaListener, WidgetConfig } from '../shared.js';
import { readSession, writeSession } from './browser-context.js';
import type { ServerFrame, VisitorWelcome } from './connection.js';
import { isOpen, waitingFor, type ViewEffect } from './conversation.reducer.js';
import * as departments from './departments.js';
import { HostEvents } from './host-events.js';
import { MessageLog } from './message-log.js';
import { queueNotice } from './queue-notice.js';
import { DEFAULT_SETTINGS, fetchSettings, parseSettings } from './settings.js';
import { Shell, type ShellActions } from './shell.js';
import { greetingText, stageFor } from './shell-view.js';
import { VisitorSession } from './visitor-session.js';

/**
 * The visitor's chat: the site as the widget shows it (settings, language, availability,
 * departments), the view (`shell.ts`) and the host page API, over a {@link VisitorSession}
 * (the connection, the outbox and the conversation fold, `conversation.reducer.ts`).
 */
export class ChatWidget {
  private t: Catalog;
  private language: Language;
  private hostLanguage: string | undefined;
  private settings: WidgetSettings = DEFAULT_SETTINGS;
  private siteOnline = true;
  /** The site's departments (none for most sites), their availability kept live. */
  private departments: readonly departments.Department[] = [];
  /** The offline department the visitor picked: the offline form shows for it. */
  private offlinePick: string | undefined;
  /** The question typed into the pre-chat form, kept for the offline form. */
  private draft: string | undefined;
  private readonly log: MessageLog;
  private readonly shell: Shell;
  private readonly session: VisitorSession;
  private readonly events = new HostEvents();

  constructor(
    private readonly config: WidgetConfig,
    mount: HTMLElement,
  ) {
    this.hostLanguage = config.language;
    this.language = pickLanguage(this.hostLanguage, undefined, browserLanguages());
    this.t = CATALOGS[this.language];
    this.log = new MessageLog(this.t, this.language);
    this.shell = new Shell(mount, this.log, this.actions());
    this.session = new VisitorSession(config, this.log, {
      welcomed: (welcome) => this.onWelcome(welcome),
      state: (state) =>
        this.shell.setConnection(state === 'offline' ? this.t.reconnecting : undefined),
      frame: (frame) => this.onFrame(frame),
      perform: (effect) => this.perform(effect),
      changed: () => this.render(),
    });
  }

  start(): void {
    this.render();
    this.session.start();
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
    this.session.identify({ name: String(name).slice(0, NAME_MAX) });
    this.render();
  }
  setEmail(email: string): void {
    this.session.identify({ email: String(email).slice(0, EMAIL_MAX) });
    this.render();
  }
  setAttributes(attributes: Record<string, string>, hash?: string): void {
    const clean: Record<string, string> = {};
    for (const [key, value] of Object.entries(attributes ?? {}).slice(0, 20))
      clean[key] = String(value);
    this.session.identify({
      attributes: clean,
      ...(hash !== undefined ? { hash: String(hash) } : {}),
    });
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

  // ---- what the visitor does ----------------------------------------------------------------
  private actions(): ShellActions {
    return {
      toggle: (open) => {
        writeSession(this.openKey, open ? '1' : '');
        this.session.window(open);
      },
      send: (text) => this.session.send(text),
      typing: () => this.session.typing(),
      endChat: () => this.session.close(),
      newChat: () => {
        this.session.newChat();
        this.shell.setAgentName(undefined);
        this.render();
      },
      startChat: (values) => this.startChat(values),
      leaveOffline: (values) => {
        const picked = values.department ?? this.offlinePick;
        const department = departments.departmentFor(this.departments, picked);
        return this.session.leaveOffline(values, department?.departmentId);
      },
      chooseAgain: () => {
        this.offlinePick = undefined;
        this.render();
      },
      rate: (rating, comment) => this.session.rate(rating, comment),
      transcript: (email) => this.session.transcript(email),
    };
  }

  private async startChat(values: Record<string, string>): Promise<void> {
    const preChat: Record<string, string> = {};
    for (const key of ['name', 'email', 'question']) if (values[key]) preChat[key] = values[key];
    this.session.remember({
      ...(preChat.name ? { name: preChat.name } : {}),
      ...(preChat.email ? { email: preChat.email } : {}),
    });
    const department = departments.departmentFor(this.departments, values.department);
    if (departments.afterPick(this.siteOnline, department) === 'offline') {
      // Nobody could answer this chat: the visitor leaves a message for the department instead.
      this.offlinePick = department?.departmentId;
      this.draft = preChat.question;
      this.render();
      return;
    }
    await this.session.ensureConversation(preChat, department);
    this.draft = undefined;
    this.render();
    this.shell.focusComposer();
  }

  // ---- what the gateway sends ---------------------------------------------------------------
  private onWelcome(welcome: VisitorWelcome): void {
    this.siteOnline = welcome.siteOnline;
    if (!this.settings.siteName) this.settings = { ...this.settings, siteName: welcome.siteName };
    void this.loadSettings(welcome.siteName);
  }

  private onFrame(frame: ServerFrame): void {
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- the other frames go to the session; unknown ones fall to default
    switch (frame.type) {
      case 'typing':
        this.onAgentTyping(frame.data);
        return;
      case 'settings':
        this.applySettings((frame.data as { settings?: unknown } | undefined)?.settings);
        return;
      case 'availability': {
        const data = frame.data as { online?: unknown; departments?: unknown } | undefined;
        this.siteOnline = Boolean(data?.online);
        this.departments = departments.withAvailability(this.departments, data?.departments);
        this.render();
        return;
      }
      default:
        // Frames this version does not know are ignored (docs/protocol.md: additions are not breaking).
        return;
    }
  }

  private onAgentTyping(data: TypingFrame): void {
    const { conversationId } = this.session.conversation;
    if (data.conversationId !== conversationId || data.actor.kind === 'visitor') return;
    const { name } = data.actor;
    this.shell.setAgentTyping(
      !data.isTyping ? undefined : name ? format(this.t.typing, { name }) : this.t.someoneTyping,
    );
  }

  /** Carries out what an applied event asks of the view and the host page. */
  private perform(effect: ViewEffect): void {
    switch (effect.kind) {
      case 'adopted':
        this.shell.setOpen(true);
        return;
      case 'show':
        this.log.put(effect.entry, effect.moveToEnd);
        return;
      case 'agent':
        this.shell.setAgentName(effect.name ?? this.t.agent);
        this.log.markDelivered();
        return;
      case 'typing-off':
        this.shell.setAgentTyping(undefined);
        return;
      case 'unread':
        this.shell.noteUnread();
        return;
      case 'host':
        this.events.emit(effect.event, effect.detail);
        return;
      default: {
        const never: never = effect;
        return never;
      }
    }
  }

  // ---- settings, language and rendering -----------------------------------------------------
  private get openKey(): string {
    return `sapa:${this.config.siteKey}:open`;
  }

  private async loadSettings(siteName: string): Promise<void> {
    const answer = await fetchSettings(
      (type) => this.session.request(type),
      this.config.server,
      this.config.siteKey,
    );
    if (!answer) return;
    if (typeof answer.online === 'boolean') this.siteOnline = answer.online;
    this.departments = departments.parseDepartments(answer.departments);
    this.applySettings(answer.settings, answer.siteName ?? siteName);
  }

  private applySettings(raw: unknown, siteName = this.settings.siteName): void {
    if (raw === undefined) return;
    const parsed = parseSettings(raw, siteName);
    this.settings = parsed.siteName ? parsed : { ...parsed, siteName };
    this.applyLanguage();
  }

  private applyLanguage(): void {
    const language = pickLanguage(this.hostLanguage, this.settings.language, browserLanguages());
    if (language !== this.language) {
      this.language = language;
      this.t = CATALOGS[language];
      this.log.relabel(this.t, language);
    }
    this.render();
  }

  private render(): void {
    const { t } = this;
    const conversation = this.session.conversation;
    const hasChat = conversation.conversationId !== undefined;
    const pick = this.departments.find((entry) => entry.departmentId === this.offlinePick);
    const { name, email } = this.session.visitor;
    this.shell.render({
      t,
      language: this.language,
      settings: this.settings,
      greeting: greetingText(timeOfDayGreeting(t, new Date().getHours()), this.settings.greeting),
      stage: stageFor({
        conversation,
        siteOnline: this.siteOnline,
        departments: this.departments,
        offlinePick: pick?.departmentId,
        preChat: this.settings.preChat,
      }),
      hidden: !hasChat && !this.siteOnline && this.settings.offlineBehavior === 'hide',
      canEnd: isOpen(conversation),
      identity: { name, email },
      restoreOpen: readSession(this.openKey) === '1',
      departments: departments.departmentOptions(t, this.departments),
      offlinePick: pick && { departmentId: pick.departmentId, name: pick.name },
      draft: this.draft,
    });
    const { queue } = conversation;
    this.shell.setWaitNotice(
      queue && queue.conversationId === waitingFor(conversation)
        ? queueNotice(t, queue)
        : undefined,
    );
  }
}

/** A `typing` frame (docs/protocol.md). */
interface TypingFrame {
  readonly conversationId: string;
  readonly actor: { readonly kind: string; readonly name?: string };
  readonly isTyping: boolean;
}

const browserLanguages = (): readonly string[] => navigator.languages ?? [navigator.language];
