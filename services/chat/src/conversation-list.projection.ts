import type { Collection, Db } from 'mongodb';
import {
  ConversationEvent,
  conversationStream,
  type ConversationSummary,
  type RpcRequest,
  type RpcResponse,
  type StoredEvent,
} from '@sapa/contracts';
import { LruCache, type EventStore } from '@sapa/event-store';
import type { Logger } from '@sapa/platform';
import { summarizeConversation } from '@sapa/domain';
import { appendSearchText, searchFilter, visitorSearchText } from './conversation-search.js';

/** A stored row: the summary plus the search helper fields (conversation-search.ts). */
type SummaryDocument = ConversationSummary & {
  _id: string;
  searchText?: string;
  searchVisitor?: string;
};
interface Folded {
  readonly summary: ConversationSummary;
  readonly searchText: string;
}

const MAX_ATTEMPTS = 5;
const DUPLICATE_KEY = 11000;
/** Rows remembered after a save (a few KB each): the conversations being written right now. */
const REMEMBERED_ROWS = 5_000;

/** A row as this process last saw it: its fold and version (null and 0 when there is none). */
interface KnownRow {
  readonly folded: Folded | null;
  readonly version: number;
}

/**
 * The conversation list read model (`conversations` collection), kept up to date from
 * JetStream and rebuildable from the event history at any time.
 *
 * Delivery may repeat or reorder events (redelivery, outbox re-publish, several writers),
 * so an event is only a signal: the projection reads the stream from the version it
 * already has and folds whatever is new. A guarded replace (`version` unchanged) makes
 * two replicas projecting the same conversation safe.
 */
export class ConversationListProjection {
  /**
   * Rows this process saved last. Rows only move forward, so a remembered row can be behind
   * the stored one, never ahead: the guarded replace then fails, and the row is read again.
   * With it, the next event of a conversation costs one write instead of a read of the row,
   * a read of the stream and a write (docs/performance.md, "Fourth pass").
   */
  private readonly remembered = new LruCache<string, KnownRow>(REMEMBERED_ROWS);

  private constructor(
    private readonly rows: Collection<SummaryDocument>,
    private readonly store: EventStore,
    private readonly logger: Logger,
  ) {}

  static async open(
    db: Db,
    store: EventStore,
    logger: Logger,
  ): Promise<ConversationListProjection> {
    const rows = db.collection<SummaryDocument>('conversations');
    await rows.createIndex({ siteId: 1, status: 1, startedAt: -1 });
    await rows.createIndex({ siteId: 1, startedAt: -1 });
    return new ConversationListProjection(rows, store, logger);
  }

  /** Brings one conversation's row up to date with its stream. Idempotent. */
  async apply(event: StoredEvent): Promise<void> {
    if (!event.stream.startsWith('conversation-')) return;
    const conversationId = event.stream.slice('conversation-'.length);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const known = this.remembered.get(conversationId) ?? (await this.readRow(conversationId));
      if (known.version >= event.version) return;
      // The next event in order is folded as delivered (it is the stored event); after a gap
      // (a redelivery, another replica's events) the stream says what is missing.
      const missing =
        event.version === known.version + 1
          ? [event]
          : await this.store.readStream(conversationStream(conversationId), {
              afterVersion: known.version,
            });
      const folded = this.fold(known.folded, missing);
      if (folded === null) return;
      if (await this.save(folded, known.folded === null ? null : known.version)) {
        this.remembered.set(conversationId, { folded, version: folded.summary.version });
        return;
      }
      this.remembered.delete(conversationId);
      this.logger.debug({ conversationId, attempt }, 'list row changed meanwhile, retrying');
    }
    throw new Error(`conversation list row ${conversationId} kept changing`);
  }

  /** Drops every row and folds the whole event history again. Returns the number of rows. */
  async rebuild(): Promise<number> {
    this.remembered.clear();
    await this.rows.deleteMany({});
    let stream: string | null = null;
    let summary: Folded | null = null;
    let count = 0;
    const flush = async () => {
      if (summary === null) return;
      await this.rows.insertOne(toDocument(summary));
      count++;
    };
    // readCategory yields events ordered by (stream, version): one stream after the other.
    for await (const event of this.store.readCategory('conversation')) {
      if (event.stream !== stream) {
        await flush();
        stream = event.stream;
        summary = null;
      }
      summary = this.fold(summary, [event]);
    }
    await flush();
    return count;
  }

  /** The list for one site, newest first. */
  async list(
    request: RpcRequest<'chat.list-conversations'>,
  ): Promise<RpcResponse<'chat.list-conversations'>> {
    const filter = request.status
      ? { siteId: request.siteId, status: request.status }
      : { siteId: request.siteId };
    const docs = await this.rows
      .find(filter)
      .sort({ startedAt: -1 })
      .limit(request.limit)
      .toArray();
    return { conversations: docs.map(stripId) };
  }

  /** History search by message text, visitor name/e-mail and start date, newest first. */
  async search(
    request: RpcRequest<'chat.search-conversations'>,
  ): Promise<RpcResponse<'chat.search-conversations'>> {
    const docs = await this.rows
      .find(searchFilter(request))
      .sort({ startedAt: -1 })
      .limit(request.limit)
      .toArray();
    return { conversations: docs.map(stripId) };
  }

  private async readRow(conversationId: string): Promise<KnownRow> {
    const row = await this.rows.findOne({ _id: conversationId });
    return row === null
      ? { folded: null, version: 0 }
      : {
          folded: { summary: stripId(row), searchText: row.searchText ?? '' },
          version: row.version,
        };
  }

  private fold(start: Folded | null, events: readonly StoredEvent[]): Folded | null {
    let summary = start?.summary ?? null;
    let searchText = start?.searchText ?? '';
    for (const event of events) {
      const parsed = ConversationEvent.parse({ type: event.type, data: event.data });
      summary = summarizeConversation(summary, {
        ...parsed,
        version: event.version,
        time: event.time,
      });
      searchText = appendSearchText(searchText, parsed);
    }
    return summary === null ? null : { summary, searchText };
  }

  /** Inserts a new row or replaces one still at `expectedVersion`; false when someone was faster. */
  private async save(folded: Folded, expectedVersion: number | null): Promise<boolean> {
    const { summary } = folded;
    const document = toDocument(folded);
    if (expectedVersion === null) {
      try {
        await this.rows.insertOne(document);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
        throw error;
      }
    }
    const result = await this.rows.replaceOne(
      { _id: summary.conversationId, version: expectedVersion },
      document,
    );
    return result.matchedCount === 1;
  }
}

function toDocument({ summary, searchText }: Folded): SummaryDocument {
  return {
    _id: summary.conversationId,
    ...summary,
    searchText,
    searchVisitor: visitorSearchText(summary),
  };
}

function stripId(document: SummaryDocument): ConversationSummary {
  const summary: Partial<SummaryDocument> = { ...document };
  delete summary._id;
  delete summary.searchText;
  delete summary.searchVisitor;
  return summary as ConversationSummary;
}
