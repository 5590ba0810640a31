import { readStorage, removeStorage, writeStorage } from './connection.js';

/** A visitor message not yet acknowledged as stored. */
export interface Outgoing {
  readonly clientMessageId: string;
  readonly text: string;
  /** Unset while the conversation is not started yet (the first message starts it). */
  conversationId?: string;
}

/**
 * Messages typed but not yet stored, kept in localStorage so that neither a reconnect nor a
 * page navigation loses them. Each keeps its clientMessageId for good: a resend after a lost
 * ack is recognised by the server and stored once.
 */
export class Outbox {
  private items: Outgoing[];
  private readonly key: string;

  constructor(siteKey: string) {
    this.key = `sapa:${siteKey}:outbox`;
    this.items = this.read();
  }

  /** A snapshot, oldest first. */
  get entries(): readonly Outgoing[] {
    return [...this.items];
  }

  add(entry: Outgoing): void {
    this.items.push(entry);
    this.save();
  }

  /** Removes a message once it is stored (or refused for good). */
  drop(clientMessageId: string): void {
    const before = this.items.length;
    this.items = this.items.filter((each) => each.clientMessageId !== clientMessageId);
    if (this.items.length !== before) this.save();
  }

  /** Persists changes made to entries (a conversation id assigned). */
  save(): void {
    if (this.items.length === 0) removeStorage(this.key);
    else writeStorage(this.key, JSON.stringify(this.items));
  }

  private read(): Outgoing[] {
    try {
      const parsed = JSON.parse(readStorage(this.key) ?? '[]') as unknown;
      return Array.isArray(parsed)
        ? (parsed as Outgoing[]).filter(
            (each) => typeof each?.clientMessageId === 'string' && typeof each.text === 'string',
          )
        : [];
    } catch {
      return [];
    }
  }
}
