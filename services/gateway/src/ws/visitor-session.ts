import type { WebSocket } from 'ws';
import {
  NotFoundError,
  PROTOCOL_VERSION,
  QueueChanged,
  queueSubject,
  VisitorFrame,
  conversationEventsSubject,
  isVisibleToVisitor,
  typingSubject,
  TypingSignal,
  type AvailabilityChanged,
  type LiveVisitorInfo,
  type RpcResponse,
  type SiteSettingsChanged,
  type SitePublic,
  type VisitorActor,
} from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { LiveEvent } from '../fanout-hub.js';
import type { ClientSocket } from './client-socket.js';
import { ConversationFeed } from './conversation-feed.js';
import { FramePipeline } from './frame-pipeline.js';
import { LiveVisitorRegistration } from './live-visitor.js';
import { readConversationAfter, type SessionDeps } from './session-deps.js';
import type { SiteVisitor } from './site-visitors.js';
import { sessionFrameHandlers } from './session-frames.js';
import { VisitorProfile } from './visitor-profile.js';
import { widgetRequestHandlers } from './widget-requests.js';

/**
 * How old the gateway's knowledge of a site's availability may be for a welcome. Presence
 * announces every change, and the gateway keeps the last one per site; asking presence on
 * every connect cost one request per page view (docs/performance.md, "Third pass"). The age
 * bounds how long a lost announcement can mislead a new socket.
 */
const SITE_ONLINE_MAX_AGE_MS = 10_000;

/** What chat answers for a visitor who never started a conversation. */
const NO_CONVERSATION: RpcResponse<'chat.find-visitor-conversation'> = {
  conversationId: null,
  version: 0,
  status: null,
};

/** One child logger for every visitor session of a gateway, not one per socket. */
const sessionLoggers = new WeakMap<Logger, Logger>();
function visitorSessionLogger(root: Logger): Logger {
  let logger = sessionLoggers.get(root);
  if (!logger) {
    logger = root.child({ module: 'visitor-session' });
    sessionLoggers.set(root, logger);
  }
  return logger;
}

/**
 * A visitor's socket: they can start, write into, close and resume only their own
 * conversation. The site and the visitor id come from the verified upgrade, never from frames.
 *
 * Most visitor sockets are idle page views that never chat, so what only a chat needs (the
 * conversation feed, its subscriptions, the queue listener) is created at the first
 * conversation, and site-wide pushes arrive through one `SiteVisitors` entry
 * (docs/performance.md, "Third pass").
 */
export class VisitorSession implements SiteVisitor {
  private readonly logger: Logger;
  private feedOfChats: ConversationFeed | undefined;
  private readonly pipeline: FramePipeline<VisitorFrame>;
  /** Per followed conversation: stops its subscriptions. */
  private stopListening: Map<string, () => void> | undefined;
  private visitorName: string | undefined;
  /**
   * This socket's entry in the live-visitor list (presence registry). Handlers report what
   * they learn with `live.update(...)`: `visitor.navigate` → `{ page }`, `visitor.identify` →
   * `{ name, email }`; the gateway's presence tick calls `live.refresh()`.
   */
  readonly live: LiveVisitorRegistration;
  /** What the visitor told us: page, identity, their conversation. */
  private readonly profile: VisitorProfile;
  /** What the upgrade request said about the browser. */
  private readonly browser: LiveVisitorInfo;
  /** Listens to the site's queue while this visitor follows a conversation. */
  private stopQueue: (() => void) | undefined;
  /** The last place in line sent per conversation, so an unchanged one is not sent again. */
  private queueSent: Map<string, string> | undefined;

  constructor(
    private readonly deps: SessionDeps,
    readonly socket: ClientSocket,
    private readonly site: SitePublic,
    readonly visitorId: string,
    /** What the upgrade request said about the browser (user agent, device, language). */
    info: LiveVisitorInfo,
    /** Called once when the socket has closed and the session let go of everything. */
    private readonly onClosed: (session: VisitorSession) => void,
  ) {
    const logger = visitorSessionLogger(deps.logger);
    this.logger = logger;
    this.live = new LiveVisitorRegistration(
      deps.bus,
      logger,
      deps.liveVisitors,
      { siteId: site.siteId, visitorId, connectionId: socket.id },
      info,
      deps.rpcTimeoutMs,
    );
    this.browser = info;
    this.profile = new VisitorProfile(deps, site, () => this.actor, this.live, info, logger);
    this.pipeline = new FramePipeline(
      socket,
      VisitorFrame,
      () => this.handlers(),
      deps.limits,
      logger,
    );
  }

  /**
   * Binds the socket and sends the welcome frame. `returning` is false for a visitor id minted
   * for this socket: such a visitor has no conversation, so chat is not asked (one storage
   * read fewer for every first page view, the most common connect; docs/performance.md).
   */
  async open(ws: WebSocket, visitorToken: string, returning = true): Promise<void> {
    ws.on('message', (raw, isBinary) => void this.pipeline.receive(raw, isBinary));
    ws.once('close', () => {
      this.dispose();
      this.live.gone();
      this.onClosed(this);
    });
    this.deps.visitors.join(this.site.siteId, this);
    const [current, siteOnline] = await Promise.all([
      returning
        ? this.deps.bus.request('chat.find-visitor-conversation', {
            siteId: this.site.siteId,
            visitorId: this.visitorId,
          })
        : Promise.resolve(NO_CONVERSATION),
      this.deps.visitors
        .siteOnline(
          this.site.siteId,
          async () =>
            (
              await this.deps.bus.request(
                'presence.site-availability',
                { siteId: this.site.siteId },
                { timeoutMs: 1000 },
              )
            ).online,
          SITE_ONLINE_MAX_AGE_MS,
        )
        .catch(() => false),
    ]);
    if (current.conversationId !== null) this.profile.conversationId = current.conversationId;
    this.socket.send({
      type: 'welcome',
      data: {
        protocol: PROTOCOL_VERSION,
        role: 'visitor',
        visitorId: this.visitorId,
        visitorToken,
        siteName: this.site.name,
        siteOnline,
        conversation:
          current.status === 'open' && current.conversationId !== null
            ? { conversationId: current.conversationId, version: current.version }
            : null,
      },
    });
    this.live.seen(
      current.status === 'open' && current.conversationId !== null
        ? { conversationId: current.conversationId }
        : {},
    );
  }

  /** Presence announces each change of the site's availability once; every widget hears it. */
  onAvailability(change: AvailabilityChanged): void {
    this.socket.send({
      type: 'availability',
      data: { online: change.online, departments: change.departments },
    });
  }

  onSettings(change: SiteSettingsChanged): void {
    this.socket.send({ type: 'settings', data: { settings: change.settings } });
  }

  /** A chat opened for this visitor elsewhere (an invitation, another tab): follow it here. */
  onVisitorEvent(live: LiveEvent): void {
    const conversationId = this.profile.onVisitorEvent(live);
    if (conversationId === undefined || this.isFollowing(conversationId)) return;
    this.follow(conversationId, 0).catch((error: unknown) =>
      this.logger.warn({ err: error, conversationId }, 'could not follow new conversation'),
    );
  }

  private isFollowing(conversationId: string): boolean {
    return this.feedOfChats?.isFollowing(conversationId) ?? false;
  }

  /** The feed of this socket's conversations, created with the first one. */
  private get feed(): ConversationFeed {
    this.feedOfChats ??= new ConversationFeed(
      (text) => this.socket.sendText(text),
      (conversationId, after) =>
        readConversationAfter(this.deps, this.site.siteId, conversationId, after),
      this.logger,
      // Whispers and agent-only signals never reach a visitor, not even on resume.
      (type) => isVisibleToVisitor(type as Parameters<typeof isVisibleToVisitor>[0]),
    );
    return this.feedOfChats;
  }

  private get actor(): VisitorActor {
    return this.visitorName === undefined
      ? { kind: 'visitor', id: this.visitorId }
      : { kind: 'visitor', id: this.visitorId, name: this.visitorName };
  }

  private handlers() {
    const { bus, rpcTimeoutMs } = this.deps;
    const siteId = this.site.siteId;
    const timeout = { timeoutMs: rpcTimeoutMs };
    return {
      'conversation.start': async (
        frame: Extract<VisitorFrame, { type: 'conversation.start' }>,
      ) => {
        if (frame.data.preChat?.name) this.visitorName = frame.data.preChat.name;
        const started = await bus.request(
          'chat.start-conversation',
          {
            siteId,
            visitor: this.actor,
            page: frame.data.page,
            preChat: frame.data.preChat,
            ...this.profile.startFields(frame.data),
          },
          timeout,
        );
        await this.profile.started(started.conversationId, started.created);
        if (!this.isFollowing(started.conversationId)) await this.follow(started.conversationId, 0);
        void this.live.update({
          page: frame.data.page,
          name: frame.data.preChat?.name,
          email: frame.data.preChat?.email,
          conversationId: started.conversationId,
        });
        return started;
      },
      'conversation.resume': async (
        frame: Extract<VisitorFrame, { type: 'conversation.resume' }>,
      ) => {
        const { conversationId, afterVersion } = frame.data;
        await this.assertOwnConversation(conversationId);
        const result = await this.follow(conversationId, afterVersion);
        return { conversationId, ...result };
      },
      ...sessionFrameHandlers({
        deps: this.deps,
        socket: this.socket,
        siteId,
        actor: () => this.actor,
        assertMayType: (conversationId) => {
          if (!this.isFollowing(conversationId)) {
            throw new NotFoundError('not in this conversation');
          }
        },
        onClosed: () => void this.live.update({ conversationId: null }),
      }),
      ...this.profile.handlers(),
      ...widgetRequestHandlers({
        deps: this.deps,
        site: this.site,
        visitorId: this.visitorId,
        actor: () => this.actor,
        browser: this.browser,
        profile: this.profile,
      }),
    };
  }

  /** A visitor may only resume a conversation they started. */
  private async assertOwnConversation(conversationId: string): Promise<void> {
    const { events } = await this.deps.bus.request('chat.read-conversation', {
      siteId: this.site.siteId,
      conversationId,
      afterVersion: 0,
      limit: 1,
    });
    const started = events[0];
    const visitorId = (started?.data as { visitorId?: unknown } | undefined)?.visitorId;
    if (started?.type !== 'ConversationStarted' || visitorId !== this.visitorId) {
      throw new NotFoundError('conversation not found');
    }
  }

  /** Subscribes first, then catches up, so nothing published in between is missed. */
  private async follow(conversationId: string, afterVersion: number) {
    this.stopListening ??= new Map();
    if (!this.stopListening.has(conversationId)) {
      const siteId = this.site.siteId;
      const stopEvents = this.deps.hub.listenEvents(
        conversationEventsSubject(siteId, conversationId),
        (event) => this.feed.onLive(event, false),
      );
      const stopTyping = this.deps.hub.listen(typingSubject(siteId, conversationId), (payload) =>
        this.relayTyping(payload),
      );
      this.stopListening.set(conversationId, () => {
        stopEvents();
        stopTyping();
      });
      this.stopQueue ??= this.deps.hub.listenParsed(queueSubject(siteId), QueueChanged, (notice) =>
        this.relayQueue(notice),
      );
    }
    return this.feed.follow(conversationId, afterVersion);
  }

  /** Tells the visitor their own place in line (never anything about other chats). */
  private relayQueue(notice: QueueChanged): void {
    this.queueSent ??= new Map();
    for (const conversationId of this.stopListening?.keys() ?? []) {
      const position = notice.positions[conversationId];
      if (position === undefined) continue;
      const eligibleAgents = notice.eligibleAgents[conversationId] ?? 0;
      const sent = `${position}|${eligibleAgents}|${notice.slaSeconds}`;
      if (this.queueSent.get(conversationId) === sent) continue;
      this.queueSent.set(conversationId, sent);
      this.socket.send({
        type: 'queue',
        data: { conversationId, position, eligibleAgents, slaSeconds: notice.slaSeconds },
      });
    }
  }

  /** Relays an agent's typing signal; the visitor's own echo is not sent back. */
  private relayTyping(payload: unknown): void {
    const signal = TypingSignal.safeParse(payload);
    if (!signal.success || signal.data.actor.kind === 'visitor') return;
    this.socket.send({ type: 'typing', data: signal.data });
  }

  private dispose(): void {
    this.deps.visitors.leave(this.site.siteId, this);
    this.stopQueue?.();
    for (const stop of this.stopListening?.values() ?? []) stop();
    this.stopListening = undefined;
  }
}
