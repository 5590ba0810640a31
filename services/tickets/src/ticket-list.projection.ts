import type { Collection, Db, Filter } from 'mongodb';
import {
  ticketStream,
  type RpcRequest,
  type RpcResponse,
  type StoredEvent,
  type TicketSummary,
  streamIdOf,
} from '@sapa/contracts';
import type { EventStore } from '@sapa/event-store';
import { buildTicketView, toSummary } from './ticket-view.js';

type TicketRow = TicketSummary & { _id: string };

const DUPLICATE_KEY = 11000;

/**
 * The ticket list read model (`tickets` collection), fed from JetStream and rebuildable from
 * the event history. An event is only a signal: the row is recomputed from the whole stream
 * (tickets are short) and replaced only if it is newer than the stored one, so repeated,
 * late or reordered deliveries and several replicas are all harmless.
 */
export class TicketListProjection {
  private constructor(
    private readonly rows: Collection<TicketRow>,
    private readonly store: EventStore,
  ) {}

  static async open(db: Db, store: EventStore): Promise<TicketListProjection> {
    const rows = db.collection<TicketRow>('tickets');
    await rows.createIndex({ siteId: 1, status: 1, lastActivityAt: -1 });
    await rows.createIndex({ siteId: 1, lastActivityAt: -1 });
    return new TicketListProjection(rows, store);
  }

  /** Brings one ticket's row up to date with its stream. Idempotent. */
  async apply(event: StoredEvent): Promise<void> {
    const ticketId = streamIdOf('ticket', event.stream);
    if (ticketId !== undefined) await this.refresh(ticketId);
  }

  /** Recomputes one row from the stream. */
  async refresh(ticketId: string): Promise<void> {
    const view = buildTicketView(await this.store.readStream(ticketStream(ticketId)));
    if (view === null) return;
    const row: TicketRow = { _id: ticketId, ...toSummary(view) };
    try {
      await this.rows.replaceOne({ _id: ticketId, version: { $lt: view.version } }, row, {
        upsert: true,
      });
    } catch (error) {
      // The upsert collided with a row at this version or newer: it is already up to date.
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  /** Drops every row and projects the whole ticket history again. Returns the number of rows. */
  async rebuild(): Promise<number> {
    await this.rows.deleteMany({});
    let stream: string | null = null;
    let events: StoredEvent[] = [];
    let count = 0;
    const flush = async () => {
      const view = buildTicketView(events);
      if (view === null) return;
      await this.rows.insertOne({ _id: view.ticketId, ...toSummary(view) });
      count++;
    };
    for await (const event of this.store.readCategory('ticket')) {
      if (event.stream !== stream) {
        await flush();
        stream = event.stream;
        events = [];
      }
      events.push(event);
    }
    await flush();
    return count;
  }

  /** One site's tickets, most recently active first, filtered as asked. */
  async list(request: RpcRequest<'tickets.list'>): Promise<RpcResponse<'tickets.list'>> {
    const filter: Filter<TicketRow> = { siteId: request.siteId };
    if (request.status) filter.status = request.status;
    if (request.department) filter.department = request.department;
    if (request.assigneeId)
      filter.assigneeId = request.assigneeId === 'none' ? null : request.assigneeId;
    if (request.text) {
      const number = /^#?(\d{1,9})$/.exec(request.text)?.[1];
      const pattern = { $regex: escapeRegex(request.text), $options: 'i' };
      filter.$or = [
        { subject: pattern },
        { requesterName: pattern },
        { requesterEmail: pattern },
        ...(number === undefined ? [] : [{ number: Number(number) }]),
      ];
    }
    const rows = await this.rows
      .find(filter)
      .sort({ lastActivityAt: -1 })
      .limit(request.limit)
      .toArray();
    return { tickets: rows.map(({ _id, ...summary }) => summary) };
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
