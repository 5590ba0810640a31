import type { WebSocket } from 'ws';
import {
  AgentFrame,
  PROTOCOL_VERSION,
  TypingSignal,
  siteConversationEventsSubject,
  siteTypingSubject,
  type AgentActor,
  type AgentStatus,
} from '@sapa/contracts';
import type { AgentClaims } from '../tokens.js';
import type { ClientSocket } from './client-socket.js';
import { ConversationFeed } from './conversation-feed.js';
import { FramePipeline } from './frame-pipeline.js';
import { readConversationAfter, type SessionDeps } from './session-deps.js';
import { AgentLiveVisitors } from './agent-live-visitors.js';
import { ringFor } from './ring.js';
import { sessionFrameHandlers } from './session-frames.js';

/**
 * An agent's socket: sees every conversation of their own site, live, and acts as the
 * agent named in the verified token. Nothing of another site reaches it: the only
 * subscriptions it has are its site's subjects, and every command carries its site id.
 */
export class AgentSession {
  private readonly feed: ConversationFeed;
  private readonly pipeline: FramePipeline<AgentFrame>;
  private readonly stops: Array<() => void> = [];
  private status: AgentStatus = 'online';
  /** The site's live visitors (listed, pushed) and invitations to chat. */
  private readonly liveVisitors: AgentLiveVisitors;

  constructor(
    private readonly deps: SessionDeps,
    readonly socket: ClientSocket,
    readonly agent: AgentClaims,
    private readonly onClosed: (session: AgentSession) => void,
  ) {
    const logger = deps.logger.child({ module: 'agent-session' });
    this.feed = new ConversationFeed(
      (text) => socket.sendText(text),
      (conversationId, after) => readConversationAfter(deps, agent.site, conversationId, after),
      logger,
    );
    this.liveVisitors = new AgentLiveVisitors(deps, socket, agent.site, () => this.actor, logger);
    this.pipeline = new FramePipeline(
      socket,
      AgentFrame,
      () => this.handlers(),
      deps.limits,
      logger,
    );
  }

  private get actor(): AgentActor {
    return { kind: 'agent', id: this.agent.sub, name: this.agent.name };
  }

  /** Subscribes to the site, registers presence, and sends the welcome frame. */
  async open(ws: WebSocket): Promise<void> {
    ws.on('message', (raw, isBinary) => void this.pipeline.receive(raw, isBinary));
    ws.once('close', () => void this.dispose());
    const siteId = this.agent.site;
    this.stops.push(
      this.deps.hub.listenEvents(siteConversationEventsSubject(siteId), (event) => {
        this.feed.onLive(event, true);
        const ring = ringFor(event.event, { agentId: this.agent.sub, role: this.agent.role });
        if (ring) this.socket.send({ type: 'ring', data: ring });
      }),
      this.deps.hub.listen(siteTypingSubject(siteId), (payload) => this.relayTyping(payload)),
      this.liveVisitors.listen(),
    );
    const presence = await this.heartbeat();
    this.status = presence;
    this.socket.send({
      type: 'welcome',
      data: {
        protocol: PROTOCOL_VERSION,
        role: 'agent',
        agentId: this.agent.sub,
        siteId,
        name: this.agent.name,
        status: this.status,
      },
    });
  }

  /** Tells presence this connection is alive; called on open and then periodically. */
  async heartbeat(): Promise<AgentStatus> {
    const { agent } = await this.deps.bus.request(
      'presence.agent-heartbeat',
      {
        siteId: this.agent.site,
        agentId: this.agent.sub,
        agentName: this.agent.name,
        connectionId: this.socket.id,
      },
      { timeoutMs: this.deps.rpcTimeoutMs },
    );
    return agent.status;
  }

  private handlers() {
    const { bus, rpcTimeoutMs } = this.deps;
    const siteId = this.agent.site;
    const timeout = { timeoutMs: rpcTimeoutMs };
    return {
      'conversations.list': (frame: Extract<AgentFrame, { type: 'conversations.list' }>) =>
        bus.request('chat.list-conversations', { siteId, status: frame.data.status }, timeout),
      'conversation.resume': async (
        frame: Extract<AgentFrame, { type: 'conversation.resume' }>,
      ) => {
        const { conversationId, afterVersion } = frame.data;
        const result = await this.feed.follow(conversationId, afterVersion);
        return { conversationId, ...result };
      },
      'conversation.join': async (frame: Extract<AgentFrame, { type: 'conversation.join' }>) => {
        const joined = await bus.request(
          'chat.join-conversation',
          { siteId, conversationId: frame.data.conversationId, agent: this.actor },
          timeout,
        );
        return { conversationId: frame.data.conversationId, ...joined };
      },
      'status.set': async (frame: Extract<AgentFrame, { type: 'status.set' }>) => {
        const { agent } = await bus.request(
          'presence.set-agent-status',
          { siteId, agentId: this.agent.sub, status: frame.data.status },
          timeout,
        );
        this.status = agent.status;
        return { status: agent.status };
      },
      ...sessionFrameHandlers({
        deps: this.deps,
        socket: this.socket,
        siteId,
        actor: () => this.actor,
      }),
      'whisper.send': async (frame: Extract<AgentFrame, { type: 'whisper.send' }>) => {
        const posted = await bus.request(
          'chat.post-whisper',
          { siteId, author: this.actor, ...frame.data },
          timeout,
        );
        return { conversationId: frame.data.conversationId, ...posted };
      },
      'conversations.search': (frame: Extract<AgentFrame, { type: 'conversations.search' }>) =>
        bus.request('chat.search-conversations', { siteId, ...frame.data }, timeout),
      ...this.liveVisitors.handlers(),
    };
  }

  /** Relays typing signals of the site, except this agent's own. */
  private relayTyping(payload: unknown): void {
    const signal = TypingSignal.safeParse(payload);
    if (!signal.success) return;
    if (signal.data.actor.kind === 'agent' && signal.data.actor.id === this.agent.sub) return;
    this.socket.send({ type: 'typing', data: signal.data });
  }

  private async dispose(): Promise<void> {
    for (const stop of this.stops.splice(0)) stop();
    this.onClosed(this);
    await this.deps.bus
      .request('presence.agent-disconnected', {
        siteId: this.agent.site,
        agentId: this.agent.sub,
        connectionId: this.socket.id,
      })
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, 'could not report agent disconnect'),
      );
  }
}
