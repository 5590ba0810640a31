import type { StoredEvent } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import { eventFrameText, type LiveEvent } from '../fanout-hub.js';

interface Followed {
  /** Highest version this socket has been sent. */
  last: number;
  /** Work on one conversation runs in order, one step at a time. */
  chain: Promise<void>;
}

/**
 * Delivers one socket's conversation events in version order, each exactly once.
 *
 * Live events can arrive twice (JetStream redelivery, outbox re-publish) or out of order
 * (two chat replicas publishing concurrently), and a reconnecting client names the last
 * version it saw. So every conversation keeps the highest version sent: anything at or
 * below it is dropped, the next one is sent, and a gap is filled from storage first.
 */
export class ConversationFeed {
  private readonly followed = new Map<string, Followed>();

  constructor(
    private readonly sendText: (text: string) => boolean,
    private readonly readAfter: (
      conversationId: string,
      afterVersion: number,
    ) => Promise<readonly StoredEvent[]>,
    private readonly logger: Logger,
    /**
     * Which events this socket may see (a visitor never gets whispers or agent-only signals).
     * An invisible event still advances the version, so resume and gap-filling keep working.
     */
    private readonly isVisible: (type: string) => boolean = () => true,
  ) {}

  isFollowing(conversationId: string): boolean {
    return this.followed.has(conversationId);
  }

  /**
   * (Re)starts following from the version the client has: sends what came after it, then
   * keeps the conversation live. Resolves once the catch-up was sent.
   */
  follow(
    conversationId: string,
    afterVersion: number,
  ): Promise<{ delivered: number; version: number }> {
    const entry = this.entry(conversationId, afterVersion);
    let delivered = 0;
    const step = entry.chain.then(async () => {
      entry.last = afterVersion;
      delivered = await this.fill(conversationId, entry);
    });
    entry.chain = step.catch(() => undefined);
    return step.then(() => ({ delivered, version: entry.last }));
  }

  /**
   * A live event for this socket. With `autoFollow` (agents see every conversation of their
   * site) an unknown conversation is followed from this event on; otherwise it is ignored.
   */
  onLive(event: LiveEvent, autoFollow: boolean): void {
    const conversationId = event.conversationId;
    if (!autoFollow && !this.followed.has(conversationId)) return;
    const entry = this.entry(conversationId, event.event.version - 1);
    entry.chain = entry.chain
      .then(async () => {
        const { version } = event.event;
        if (version <= entry.last) return;
        if (version > entry.last + 1) await this.fill(conversationId, entry);
        if (version !== entry.last + 1) return;
        if (!this.isVisible(event.event.type) || this.sendText(event.frameText())) {
          entry.last = version;
        }
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error, conversationId }, 'could not deliver conversation event');
      });
  }

  private entry(conversationId: string, last: number): Followed {
    let entry = this.followed.get(conversationId);
    if (!entry) {
      entry = { last, chain: Promise.resolve() };
      this.followed.set(conversationId, entry);
    }
    return entry;
  }

  /** Sends stored events after `entry.last`, in order; returns how many were sent. */
  private async fill(conversationId: string, entry: Followed): Promise<number> {
    const events = await this.readAfter(conversationId, entry.last);
    let sent = 0;
    for (const event of events) {
      if (event.version !== entry.last + 1) continue;
      if (!this.isVisible(event.type)) {
        entry.last = event.version;
        continue;
      }
      if (!this.sendText(eventFrameText(event))) break;
      entry.last = event.version;
      sent++;
    }
    return sent;
  }
}
