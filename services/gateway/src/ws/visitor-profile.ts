import {
  type LiveVisitorInfo,
  type PageInfo,
  type SitePublic,
  type VisitorActor,
  type VisitorAttributes,
  type VisitorFrame,
  type VisitorInfo,
} from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { LiveEvent } from '../fanout-hub.js';
import type { LiveVisitorRegistration } from './live-visitor.js';
import type { SessionDeps } from './session-deps.js';

type Frame<T extends VisitorFrame['type']> = Extract<VisitorFrame, { type: T }>;

interface Identity {
  readonly name?: string;
  readonly email?: string;
  readonly verified: boolean;
  readonly attributes?: VisitorAttributes;
}

/**
 * What a visitor socket knows of its visitor: where they are (the page, from navigation),
 * who they are (identity, verified by the site's HMAC when given) and their conversation
 * (including one a proactive invite opened, seen on the visitor's own stream). VisitorSession
 * owns the socket and the conversation feed; this class owns what the visitor told us.
 */
export class VisitorProfile {
  /** The conversation this socket is in (open or last known); null before the first chat. */
  conversationId: string | null = null;
  /** The page the visitor is on, as last told. */
  page: PageInfo | undefined;
  private identity: Identity | undefined;

  constructor(
    private readonly deps: SessionDeps,
    private readonly site: SitePublic,
    private readonly actor: () => VisitorActor,
    private readonly live: LiveVisitorRegistration,
    private readonly browser: LiveVisitorInfo,
    private readonly logger: Logger,
  ) {}

  /**
   * An event of the visitor's own stream: a chat opened for them (a proactive invite, or
   * their own start from another tab). Returns that conversation's id, else undefined.
   */
  onVisitorEvent(live: LiveEvent): string | undefined {
    const { event } = live;
    // SiteVisitors hands over only this site's events of this visitor's stream.
    if (event.type !== 'VisitorConversationOpened') return undefined;
    const { conversationId } = event.data as { conversationId: string };
    this.conversationId = conversationId;
    return conversationId;
  }

  /** Extra fields of chat.start-conversation: department and what we know of the browser. */
  startFields(data: Frame<'conversation.start'>['data']): {
    department?: string;
    visitorInfo: VisitorInfo;
  } {
    if (data.page) this.page = data.page;
    const { userAgent, language, device } = this.browser;
    const visitorInfo: VisitorInfo = {
      ...(userAgent ? { userAgent } : {}),
      ...(language ? { language } : {}),
      ...(device ? { device } : {}),
      ...(data.page?.referrer ? { referrer: data.page.referrer } : {}),
      ...(data.visitorInfo ?? {}),
    };
    return data.department ? { department: data.department, visitorInfo } : { visitorInfo };
  }

  /** After a start: a fresh conversation learns the identity the page gave before it. */
  async started(conversationId: string, created: boolean): Promise<void> {
    this.conversationId = conversationId;
    if (!created || !this.identity) return;
    // The chat itself started; a failed identity record must not turn that into an error.
    await this.recordIdentity(conversationId, this.identity).catch((error: unknown) =>
      this.logger.warn({ err: error, conversationId }, 'identity not recorded at start'),
    );
  }

  /** Handlers of the navigation and identity frames (merged into the session's table). */
  handlers() {
    const { bus, rpcTimeoutMs } = this.deps;
    const siteId = this.site.siteId;
    const timeout = { timeoutMs: rpcTimeoutMs };
    return {
      'visitor.navigate': async (frame: Frame<'visitor.navigate'>) => {
        this.page = frame.data;
        void this.live.update({ page: frame.data });
        const conversationId = this.conversationId;
        if (conversationId !== null) {
          const { url, title } = frame.data;
          // Best effort: a closed or foreign conversation just records nothing.
          await bus
            .request(
              'chat.record-navigation',
              { siteId, conversationId, visitor: this.actor(), url, title },
              timeout,
            )
            .catch((error: unknown) =>
              this.logger.debug({ err: error }, 'navigation not recorded'),
            );
        }
        return {};
      },
      'visitor.identify': async (frame: Frame<'visitor.identify'>) => {
        const { name, email, attributes, hash } = frame.data;
        const verified =
          email !== undefined && hash !== undefined
            ? (await bus.request('directory.verify-identity', { siteId, email, hash }, timeout))
                .verified
            : false;
        const identity: Identity = {
          ...(name ? { name } : {}),
          ...(email ? { email } : {}),
          verified,
          ...(attributes ? { attributes } : {}),
        };
        this.identity = identity;
        void this.live.update({ name, email });
        if (this.conversationId !== null) {
          await this.recordIdentity(this.conversationId, identity).catch((error: unknown) =>
            this.logger.debug({ err: error }, 'identity not recorded'),
          );
        }
        return { verified };
      },
    };
  }

  private async recordIdentity(conversationId: string, identity: Identity): Promise<void> {
    await this.deps.bus.request(
      'chat.identify-visitor',
      { siteId: this.site.siteId, conversationId, visitor: this.actor(), ...identity },
      { timeoutMs: this.deps.rpcTimeoutMs },
    );
  }
}
