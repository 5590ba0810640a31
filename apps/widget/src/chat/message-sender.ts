import { newClientId } from './browser-context.js';
import { RequestError, type VisitorConnection } from './connection.js';
import type { MessageLog } from './message-log.js';
import { Outbox } from './outbox.js';

const RETRY_MS = 2_000;
/** Failures after which the same message (same clientMessageId) is simply sent again. */
const RETRIABLE = ['disconnected', 'timeout', 'unavailable', 'rate_limited', 'internal'];

/** What the sender needs from the widget. */
export interface SenderDeps {
  readonly connection: VisitorConnection;
  readonly log: MessageLog;
  /** The open conversation's id, starting one if there is none. */
  ensureConversation(): Promise<string>;
  /** The open conversation, if any (a message typed now belongs to it). */
  currentConversation(): string | undefined;
  /** True once an agent is in the chat: a stored message is then shown as delivered. */
  agentPresent(): boolean;
}

/**
 * Sends the visitor's messages in order through the {@link Outbox}: shown at once as
 * "sending", marked "sent" on the ack (= stored), resent with the same clientMessageId after
 * any failure that a retry may cure. The server stores a resend once, so nothing is doubled.
 */
export class MessageSender {
  private readonly outbox: Outbox;
  private flushing = false;
  private flushAgain = false;

  constructor(
    siteKey: string,
    private readonly deps: SenderDeps,
  ) {
    this.outbox = new Outbox(siteKey);
  }

  send(text: string): void {
    if (text.trim() === '') return;
    const conversationId = this.deps.currentConversation();
    const entry = {
      clientMessageId: newClientId(),
      text,
      ...(conversationId ? { conversationId } : {}),
    };
    this.outbox.add(entry);
    this.deps.log.put({
      kind: 'mine',
      key: `c:${entry.clientMessageId}`,
      text,
      time: new Date().toISOString(),
      state: 'sending',
    });
    void this.flush();
  }

  /** The message is known to be stored (its event arrived): never send it again. */
  stored(clientMessageId: string): void {
    this.outbox.drop(clientMessageId);
  }

  /** Sends what is waiting, in order; stops at the first failure a reconnect may cure. */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    const { connection, log } = this.deps;
    try {
      do {
        this.flushAgain = false;
        for (const entry of this.outbox.entries) {
          if (!connection.online) return;
          entry.conversationId ??= await this.deps.ensureConversation();
          this.outbox.save();
          const key = `c:${entry.clientMessageId}`;
          // Left unsent by a previous page: show it again before it is resent.
          if (!log.has(key)) {
            log.put({
              kind: 'mine',
              key,
              text: entry.text,
              time: new Date().toISOString(),
              state: 'sending',
            });
          }
          try {
            await connection.request('message.send', {
              conversationId: entry.conversationId,
              clientMessageId: entry.clientMessageId,
              text: entry.text,
            });
            log.setState(key, this.deps.agentPresent() ? 'delivered' : 'sent');
            this.outbox.drop(entry.clientMessageId);
          } catch (error) {
            const code = error instanceof RequestError ? error.code : 'internal';
            if (RETRIABLE.includes(code)) {
              // Still connected (a slow or busy server): try again soon; else the next welcome flushes.
              if (connection.online) setTimeout(() => void this.flush(), RETRY_MS);
              return;
            }
            // Refused for good (conversation closed, invalid): it will never be stored.
            this.outbox.drop(entry.clientMessageId);
          }
        }
      } while (this.flushAgain);
    } catch {
      // Starting the conversation failed (offline): the outbox waits for the next welcome.
    } finally {
      this.flushing = false;
    }
  }
}
