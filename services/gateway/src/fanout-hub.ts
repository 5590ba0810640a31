import {
  StoredEventSchema,
  parseStream,
  type ClientEvent,
  type StoredEvent,
} from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import { SpanKind, isTracing, withSpanSync, type Logger } from '@sapa/platform';

/**
 * A live event as handed to sockets: parsed once, and its wire frame serialised once and
 * shared by every socket it goes to (a site with 200 agents costs one JSON.stringify).
 */
export class LiveEvent {
  private frame: string | undefined;

  constructor(readonly event: StoredEvent) {}

  get conversationId(): string {
    return parseStream(this.event.stream).id;
  }

  /** The `event` frame for browsers (no metadata: trace and correlation ids stay inside). */
  frameText(): string {
    this.frame ??= eventFrameText(this.event);
    return this.frame;
  }
}

export function toClientEvent(event: StoredEvent): ClientEvent {
  return {
    id: event.id,
    conversationId: parseStream(event.stream).id,
    version: event.version,
    type: event.type as ClientEvent['type'],
    data: event.data as ClientEvent['data'],
    time: event.time,
  };
}

export const eventFrameText = (event: StoredEvent): string =>
  JSON.stringify({ type: 'event', event: toClientEvent(event) });

const FANOUT_ATTRIBUTES = { 'network.protocol.name': 'websocket' };

interface Topic {
  readonly listeners: Set<(message: never) => void>;
  readonly unsubscribe: () => void;
}

/**
 * One NATS subscription per subject per gateway, however many sockets need it: the first
 * socket that needs a subject subscribes, the last one to leave unsubscribes. A gateway
 * therefore only receives what its connected sockets need (never everything). Each message
 * is decoded once and the same object goes to every listener.
 */
export class FanoutHub {
  private readonly topics = new Map<string, Topic>();
  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
  ) {}

  /** Listens to raw JSON payloads (ephemeral signals); returns the function that stops it. */
  listen(subject: string, listener: (payload: unknown) => void): () => void {
    return this.attach(`raw:${subject}`, subject, (payload) => payload, listener);
  }

  /** Listens to stored events: validated and wrapped once per message. */
  listenEvents(subject: string, listener: (event: LiveEvent) => void): () => void {
    return this.attach(
      `evt:${subject}`,
      subject,
      (payload) => {
        const parsed = StoredEventSchema.safeParse(payload);
        if (parsed.success) return new LiveEvent(parsed.data as StoredEvent);
        this.logger.warn({ subject }, 'ignoring malformed event');
        return undefined;
      },
      listener,
    );
  }

  /**
   * Listens to JSON payloads of one schema: each message is validated once per gateway, not
   * once per socket (an availability change reaches every widget of the site).
   */
  listenParsed<T>(
    subject: string,
    schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
    listener: (message: T) => void,
  ): () => void {
    return this.attach(
      `parsed:${subject}`,
      subject,
      (payload) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) return parsed.data;
        this.logger.warn({ subject }, 'ignoring malformed message');
        return undefined;
      },
      listener,
    );
  }

  get subscriptionCount(): number {
    return this.topics.size;
  }

  private attach<T>(
    key: string,
    subject: string,
    decode: (payload: unknown) => T | undefined,
    listener: (message: T) => void,
  ): () => void {
    let topic = this.topics.get(key);
    if (!topic) {
      const listeners = new Set<(message: T) => void>();
      const subscription = this.bus.subscribe(subject, (payload) => {
        const message = decode(payload);
        if (message === undefined) return;
        if (!isTracing()) {
          for (const each of listeners) each(message);
          return;
        }
        for (const each of listeners) {
          withSpanSync('fanout to socket', SpanKind.INTERNAL, FANOUT_ATTRIBUTES, () =>
            each(message),
          );
        }
      });
      topic = {
        listeners: listeners,
        unsubscribe: () => subscription.unsubscribe(),
      };
      this.topics.set(key, topic);
    }
    const listeners = topic.listeners as unknown as Set<(message: T) => void>;
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.topics.get(key) === topic) {
        topic.unsubscribe();
        this.topics.delete(key);
      }
    };
  }
}
