import type { Collection, Db } from 'mongodb';

/** Ticket numbers start here, so the first ticket of a site reads #1001, not #1. */
export const FIRST_TICKET_NUMBER = 1001;
const DUPLICATE_KEY = 11000;
const MAX_ATTEMPTS = 5;

interface CounterDocument {
  _id: string;
  seq: number;
}
interface AssignedDocument {
  _id: string;
  siteId: string;
  number: number;
}

/**
 * Readable ticket numbers per site: a counter document per site raised with
 * findOneAndUpdate({$inc}) (atomic on MongoDB and FerretDB alike), and one record per ticket
 * id (unique _id) so that opening the same ticket twice reuses its number. A number burnt by
 * a lost race leaves a gap, never a duplicate.
 */
export class TicketNumbers {
  private constructor(
    private readonly counters: Collection<CounterDocument>,
    private readonly assigned: Collection<AssignedDocument>,
  ) {}

  static async open(db: Db): Promise<TicketNumbers> {
    const assigned = db.collection<AssignedDocument>('ticket_numbers');
    await assigned.createIndex(
      { siteId: 1, number: 1 },
      { unique: true, name: 'site_number_unique' },
    );
    return new TicketNumbers(db.collection<CounterDocument>('ticket_counters'), assigned);
  }

  /** The number of a ticket: the one it already has, or the next one of its site. */
  async numberFor(siteId: string, ticketId: string): Promise<number> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const existing = await this.assigned.findOne({ _id: ticketId });
      if (existing) return existing.number;
      const number = await this.next(siteId);
      try {
        await this.assigned.insertOne({ _id: ticketId, siteId, number });
        return number;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another replica numbered this ticket meanwhile: the loop reads its number.
      }
    }
    throw new Error(`could not number ticket ${ticketId}`);
  }

  private async next(siteId: string): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const counter = await this.counters.findOneAndUpdate(
          { _id: siteId },
          { $inc: { seq: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        if (!counter) throw new Error('counter upsert returned nothing');
        return FIRST_TICKET_NUMBER - 1 + counter.seq;
      } catch (error) {
        // Two first-ever upserts of a site race on _id: the loser simply increments again.
        if (!isDuplicateKey(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === DUPLICATE_KEY;
}
