import type { Collection, Db } from 'mongodb';
import {
  ConversationEvent,
  conversationStream,
  type ConversationSummary,
  type RpcRequest,
  type RpcResponse,
  type StoredEvent,
} from '@sapa/contracts';
import type { EventStore } from '@sapa/event-store';
import type { Logger } from '@sapa/platform';
import { summarizeConversation } from './conversation-summary.js';
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
      const row = await this.rows.findOne({ _id: conversationId });
      const known = row?.version ?? 0;
      if (known >= event.version) return;
      const missing = await this.store.readStream(conversationStream(conversationId), {
        afterVersion: known,
      });
      const folded = this.fold(
        row ? { summary: stripId(row), searchText: row.searchText ?? '' } : null,
        missing,
      );
      if (folded === null) return;
      if (await this.save(folded, row === null ? null : known)) return;
      this.logger.debug({ conversationId, attempt }, 'list row changed meanwhile, retrying');
    }
    throw new Error(`conversation list row ${conversationId} kept changing`);
  }

  /** Drops every row and folds the whole event history again. Returns the number of rows. */
  async rebuild(): Promise<number> {
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
