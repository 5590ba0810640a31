import { liveVisitorsSubject, newId, type AgentActor, type AgentFrame } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { ClientSocket } from './client-socket.js';
import type { SessionDeps } from './session-deps.js';

type Frame<T extends AgentFrame['type']> = Extract<AgentFrame, { type: T }>;

/** The live list is pushed at most this often per socket, however busy the site. */
export const VISITORS_PUSH_INTERVAL_MS = 1000;

/**
 * The live visitors of an agent's site: the list (on request, and pushed when presence
 * announces a change, throttled) and proactive invitations of a visitor to chat.
 */
export class AgentLiveVisitors {
  private pushTimer: NodeJS.Timeout | undefined;
  private lastPush = 0;
  private stopped = false;

  constructor(
    private readonly deps: SessionDeps,
    private readonly socket: ClientSocket,
    private readonly siteId: string,
    private readonly actor: () => AgentActor,
    private readonly logger: Logger,
  ) {}

  /** Pushes the site's live visitors whenever presence announces a change (≤ 1/s). */
  listen(): () => void {
    const stop = this.deps.hub.listen(liveVisitorsSubject(this.siteId), () => this.schedulePush());
    return () => {
      this.stopped = true;
      stop();
      if (this.pushTimer) clearTimeout(this.pushTimer);
    };
  }

  /** Handlers of the live-visitor frames (merged into the session's handler table). */
  handlers() {
    const { bus, rpcTimeoutMs } = this.deps;
    const siteId = this.siteId;
    const timeout = { timeoutMs: rpcTimeoutMs };
    return {
      'visitors.live': () => bus.request('presence.live-visitors', { siteId }, timeout),
      'visitor.invite': async (frame: Frame<'visitor.invite'>) => {
        // Proactive chat: the conversation is the visitor's (their stream serialises it, so an
        // invite racing the visitor's own start yields one conversation), started by the agent.
        const agent = this.actor();
        const started = await bus.request(
          'chat.start-conversation',
          { siteId, visitor: { kind: 'visitor', id: frame.data.visitorId }, startedBy: agent },
          timeout,
        );
        // The greeting is the agent's first reply, so it claims the chat like any reply.
        const posted = await bus.request(
          'chat.post-message',
          {
            siteId,
            conversationId: started.conversationId,
            author: agent,
            clientMessageId: `invite-${newId()}`,
            text: frame.data.text,
          },
          timeout,
        );
        return { conversationId: started.conversationId, version: posted.version };
      },
    };
  }

  private schedulePush(): void {
    if (this.pushTimer || this.stopped) return;
    const wait = Math.max(0, this.lastPush + VISITORS_PUSH_INTERVAL_MS - Date.now());
    this.pushTimer = setTimeout(() => {
      this.lastPush = Date.now();
      this.pushTimer = undefined;
      this.push().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not push live visitors'),
      );
    }, wait);
    this.pushTimer.unref();
  }

  private async push(): Promise<void> {
    if (this.stopped) return;
    const { visitors } = await this.deps.bus.request(
      'presence.live-visitors',
      { siteId: this.siteId },
      { timeoutMs: this.deps.rpcTimeoutMs },
    );
    if (!this.stopped) this.socket.send({ type: 'visitors', data: { visitors } });
  }
}
