import type { Collection, Db } from 'mongodb';

/** Ticket numbers start here, so the first ticket of a site reads #1001, not #1. */
export const FIRST_TICKET_NUMBER = 1001;
const DUPLICATE_KEY = 11000;
/** Racing openers retry; each lost race means another ticket got a number, so this bounds the burst. */
const MAX_ATTEMPTS = 200;

interface AssignedDocument {
  _id: string;
  siteId: string;
  number: number;
}

/**
 * Readable ticket numbers per site, one record per ticket in `ticket_numbers`: `_id` = ticket
 * id (so opening a ticket again reuses its number) and a unique (siteId, number) index (so two
 * tickets never share one). A new number is the site's highest plus one; when two openers race
 * for it, the index lets one win and the other takes the next.
 *
 * Why not a counter document raised with findOneAndUpdate({$inc})? On MongoDB that is atomic;
 * on FerretDB 1.24 it is not: 40 concurrent increments of one counter left it at 3 and handed
 * out the same value several times (measured; see docs/tickets-and-email.md). The unique index
 * is the guard both servers honour.
 */
export class TicketNumbers {
  private constructor(private readonly assigned: Collection<AssignedDocument>) {}

  static async open(db: Db): Promise<TicketNumbers> {
    const assigned = db.collection<AssignedDocument>('ticket_numbers');
    await assigned.createIndex(
      { siteId: 1, number: 1 },
      { unique: true, name: 'site_number_unique' },
    );
    return new TicketNumbers(assigned);
  }

  /** The number of a ticket: the one it already has, or the next one of its site. */
  async numberFor(siteId: string, ticketId: string): Promise<number> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const existing = await this.assigned.findOne({ _id: ticketId });
      if (existing) return existing.number;
      const [highest] = await this.assigned
        .find({ siteId }, { projection: { number: 1 } })
        .sort({ number: -1 })
        .limit(1)
        .toArray();
      const number = Math.max(FIRST_TICKET_NUMBER, (highest?.number ?? 0) + 1);
      try {
        await this.assigned.insertOne({ _id: ticketId, siteId, number });
        return number;
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
        // Lost a race (for the number, or this ticket was numbered meanwhile): look again.
      }
    }
    throw new Error(`could not number ticket ${ticketId}`);
  }
}
