import { LANGUAGE_MAX, RATING_COMMENT_MAX } from '@sapa/contracts';
import { currentPage } from './browser-context.js';
import type { VisitorConnection } from './connection.js';

/** What the host page told us about the visitor (Sapa.setName / setEmail / setAttributes). */
export interface Identity {
  name?: string;
  email?: string;
  attributes?: Record<string, string>;
  /** hex HMAC-SHA256(site identity secret, email), from the host site's server. */
  hash?: string;
}

const ignore = () => undefined;

/**
 * The visitor frames beyond messages (docs/protocol.md). Signals (typing, navigation, window,
 * identity) are fire-and-forget: losing one while offline is harmless and the next page load or
 * reconnect sends the current state again. Form actions (rate, transcript, offline message)
 * return the request so the form can show an error and let the visitor retry.
 */
export class VisitorRequests {
  private lastNavigated = '';

  constructor(private readonly connection: VisitorConnection) {}

  /** Resolves true when the gateway accepted the signal. */
  typing(conversationId: string, isTyping: boolean): Promise<boolean> {
    if (!this.connection.online) return Promise.resolve(false);
    return this.connection.request('typing', { conversationId, isTyping }).then(
      () => true,
      () => false,
    );
  }

  window(conversationId: string, minimized: boolean): void {
    if (!this.connection.online) return;
    this.connection.request('chat.window', { conversationId, minimized }).catch(ignore);
  }

  identify(identity: Identity): void {
    const { name, email, attributes, hash } = identity;
    if (!this.connection.online) return;
    if (name === undefined && email === undefined && attributes === undefined) return;
    this.connection
      .request('visitor.identify', {
        ...(name ? { name } : {}),
        ...(email ? { email } : {}),
        ...(attributes ? { attributes } : {}),
        ...(hash ? { hash } : {}),
      })
      .catch(ignore);
  }

  /** The page the visitor is on: after each page load (welcome) and each history change. */
  navigate(): void {
    if (!this.connection.online || location.href === this.lastNavigated) return;
    this.lastNavigated = location.href;
    this.connection.request('visitor.navigate', currentPage()).catch(ignore);
  }

  async close(conversationId: string): Promise<void> {
    await this.connection.request('conversation.close', { conversationId });
  }

  async rate(conversationId: string, rating: 'good' | 'bad', comment: string): Promise<void> {
    await this.connection.request('conversation.rate', {
      conversationId,
      rating,
      ...(comment ? { comment: comment.slice(0, RATING_COMMENT_MAX) } : {}),
    });
  }

  async transcript(conversationId: string, email: string): Promise<void> {
    await this.connection.request('transcript.request', { conversationId, email });
  }

  /** `department`: the site's department the message is for (docs/protocol.md). */
  async leaveOffline(values: Record<string, string>, department?: string): Promise<void> {
    await this.connection.request('offline.leave', {
      name: values.name ?? '',
      email: values.email ?? '',
      question: values.question ?? '',
      ...(department ? { department } : {}),
      page: currentPage(),
      language: navigator.language.slice(0, LANGUAGE_MAX),
    });
  }
}
