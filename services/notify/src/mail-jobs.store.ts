import { createHash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { MailJobSummary } from '@sapa/contracts';

/** pending → sending → sent | bounced (5xx) | dead (too many temporary failures). */
export type MailStatus = 'pending' | 'sending' | 'sent' | 'bounced' | 'dead';

/**
 * One mail to one recipient, stored before it is sent. Its _id is `<eventId>:<kind>:<to>`:
 * the idempotency record, so a redelivered event finds it and adds nothing. The content is
 * rendered once, at enqueue time, so a retry sends exactly the same mail.
 */
export interface MailJob {
  _id: string;
  siteId: string;
  ticketId: string | null;
  kind: string;
  to: string;
  toName: string;
  fromName: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  replyTo: string | null;
  /** Message-ID this mail answers, so mail clients thread a ticket's mails. */
  inReplyTo: string | null;
  status: MailStatus;
  /**
   * Raised every time the mail goes back to pending. A sender owns attempt `generation` by
   * inserting the claim `<_id>#<generation>` (unique _id): the only guard that is atomic on
   * FerretDB too, whose findAndModify is not (two workers could otherwise send one mail twice).
   */
  generation: number;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  /** For bounces: has the ticket been told? */
  bounceReported: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewMailJob = Omit<
  MailJob,
  | 'status'
  | 'generation'
  | 'attempts'
  | 'nextAttemptAt'
  | 'leaseUntil'
  | 'lastError'
  | 'bounceReported'
  | 'createdAt'
  | 'updatedAt'
  | 'messageId'
>;

const DUPLICATE_KEY = 11000;
/**
 * Due mails fetched per query and handed out to this process's send loops one claim at a time.
 * One query per batch instead of one per mail: the query sorts every pending mail (FerretDB
 * does it in memory), so with hundreds queued it costs more than the send.
 */
const CLAIM_BATCH = 32;

/** A deterministic Message-ID: the same mail always has the same id, whoever sends it when. */
export const messageIdFor = (jobId: string, domain: string): string =>
  `<${createHash('sha256').update(jobId).digest('hex').slice(0, 40)}@${domain}>`;

/** The `mail_jobs` collection: queue, idempotency records and dead-letter list in one. */
export class MailJobs {
  /** Due mails fetched but not yet tried by a claim of this process (oldest first). */
  private candidates: MailJob[] = [];
  /** The fetch in progress, shared by send loops that found `candidates` empty. */
  private refilling: Promise<void> | null = null;

  private constructor(
    private readonly jobs: Collection<MailJob>,
    private readonly claims: Collection<{ _id: string; at: Date }>,
    private readonly domain: string,
  ) {}

  static async open(db: Db, messageIdDomain: string): Promise<MailJobs> {
    const jobs = db.collection<MailJob>('mail_jobs');
    await jobs.createIndex({ status: 1, nextAttemptAt: 1 });
    await jobs.createIndex({ siteId: 1, status: 1, updatedAt: -1 });
    await jobs.createIndex({ ticketId: 1 });
    await jobs.createIndex({ to: 1, status: 1 });
    return new MailJobs(jobs, db.collection('mail_claims'), messageIdDomain);
  }

  /** Stores a mail to send; false when this (event, recipient) mail is already known. */
  async enqueue(job: NewMailJob, now = new Date()): Promise<boolean> {
    try {
      await this.jobs.insertOne({
        ...job,
        messageId: messageIdFor(job._id, this.domain),
        status: 'pending',
        generation: 0,
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        lastError: null,
        bounceReported: false,
        createdAt: now,
        updatedAt: now,
      });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  /**
   * Takes the next due mail for sending (a lease, so another worker or replica skips it).
   * Candidates may be stale by the time they are tried (sent, failed or released meanwhile):
   * the claim record `<_id>#<generation>` and the generation check make a stale one a no-op.
   */
  async claim(leaseMs: number, now = new Date()): Promise<MailJob | null> {
    for (let fetched = false; ; fetched = true) {
      for (let job = this.candidates.shift(); job !== undefined; job = this.candidates.shift()) {
        if (job.nextAttemptAt > now) continue; // fetched by a claim with a later clock
        const claimed = await this.tryClaim(job, leaseMs, now);
        if (claimed !== null) return claimed;
      }
      if (fetched) return null;
      await this.refillCandidates(now);
    }
  }

  private async refillCandidates(now: Date): Promise<void> {
    this.refilling ??= (async () => {
      try {
        this.candidates = await this.jobs
          .find({ status: 'pending', nextAttemptAt: { $lte: now } })
          .sort({ nextAttemptAt: 1 })
          .limit(CLAIM_BATCH)
          .toArray();
      } finally {
        this.refilling = null;
      }
    })();
    await this.refilling;
  }

  private async tryClaim(job: MailJob, leaseMs: number, now: Date): Promise<MailJob | null> {
    const claimId = `${job._id}#${job.generation}`;
    try {
      await this.claims.insertOne({ _id: claimId, at: now });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      // Another sender has this attempt, or had it and died before marking it sending.
      await this.reopenOrphanedAttempt(job, claimId, leaseMs, now);
      return null;
    }
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const taken = await this.jobs.updateOne(
      { _id: job._id, generation: job.generation, status: 'pending' },
      { $set: { status: 'sending', leaseUntil, updatedAt: now } },
    );
    return taken.modifiedCount === 1 ? { ...job, status: 'sending', leaseUntil } : null;
  }

  /**
   * A sender killed between its claim and marking the mail `sending` leaves the mail pending
   * with its attempt claimed for good: releaseExpired never sees it (it is not `sending`) and
   * every later claim of that generation is refused. Once the claim is older than a lease, the
   * mail gets a new generation, so the next claim can take it. A live sender that slow has its
   * own update refused by the generation check, so the mail is still sent once.
   */
  private async reopenOrphanedAttempt(
    job: MailJob,
    claimId: string,
    leaseMs: number,
    now: Date,
  ): Promise<void> {
    const claim = await this.claims.findOne({ _id: claimId });
    if (claim === null || claim.at.getTime() + leaseMs > now.getTime()) return;
    await this.jobs.updateOne(
      { _id: job._id, generation: job.generation, status: 'pending' },
      { $inc: { generation: 1 }, $set: { updatedAt: now } },
    );
  }

  /**
   * Mails whose sender died mid-send (lease expired) go back to pending. The one window where a
   * mail can go out twice: the server accepted it and the process died before markSent; the
   * second copy has the same Message-ID, by which receivers recognise it.
   */
  async releaseExpired(now = new Date()): Promise<number> {
    const expired = await this.jobs
      .find({ status: 'sending', leaseUntil: { $lt: now } })
      .limit(500)
      .toArray();
    let released = 0;
    for (const job of expired) {
      const result = await this.jobs.updateOne(
        { _id: job._id, generation: job.generation, status: 'sending' },
        { $set: { status: 'pending', leaseUntil: null, updatedAt: now }, $inc: { generation: 1 } },
      );
      released += result.modifiedCount;
    }
    return released;
  }

  async markSent(job: Pick<MailJob, '_id' | 'generation'>): Promise<void> {
    const now = new Date();
    await this.jobs.updateOne(
      { _id: job._id, generation: job.generation },
      { $set: { status: 'sent', leaseUntil: null, updatedAt: now }, $inc: { attempts: 1 } },
    );
  }

  /** A temporary failure: try again at `retryAt`, or give up into the dead-letter list. */
  async markFailed(
    job: Pick<MailJob, '_id' | 'generation'>,
    error: string,
    retryAt: Date | null,
  ): Promise<void> {
    const now = new Date();
    await this.jobs.updateOne(
      { _id: job._id, generation: job.generation },
      {
        $set: {
          status: retryAt === null ? 'dead' : 'pending',
          nextAttemptAt: retryAt ?? now,
          leaseUntil: null,
          lastError: error.slice(0, 1000),
          updatedAt: now,
        },
        $inc: { attempts: 1, generation: 1 },
      },
    );
  }

  async markBounced(job: Pick<MailJob, '_id' | 'generation'>, error: string): Promise<void> {
    const now = new Date();
    await this.jobs.updateOne(
      { _id: job._id, generation: job.generation },
      {
        $set: {
          status: 'bounced',
          leaseUntil: null,
          lastError: error.slice(0, 1000),
          updatedAt: now,
        },
        $inc: { attempts: 1 },
      },
    );
  }

  /** Bounces not yet reported to their ticket. */
  unreportedBounces(limit = 50): Promise<MailJob[]> {
    return this.jobs
      .find({ status: 'bounced', bounceReported: false, ticketId: { $ne: null } })
      .limit(limit)
      .toArray();
  }

  async markBounceReported(id: string): Promise<void> {
    await this.jobs.updateOne({ _id: id }, { $set: { bounceReported: true } });
  }

  /** Has this address bounced before (any site)? Then it is not written to again. */
  async isBouncing(address: string): Promise<boolean> {
    return (await this.jobs.findOne({ to: address.toLowerCase(), status: 'bounced' })) !== null;
  }

  async deadLetters(siteId: string, limit: number): Promise<MailJobSummary[]> {
    const jobs = await this.jobs
      .find({ siteId, status: 'dead' })
      .sort({ updatedAt: -1 })
      .limit(limit)
      .toArray();
    return jobs.map(toSummary);
  }

  /** Puts a dead letter back in the queue with a fresh attempt count. */
  async retry(siteId: string, id: string): Promise<MailJobSummary | null> {
    const now = new Date();
    const job = await this.jobs.findOneAndUpdate(
      { _id: id, siteId, status: 'dead' },
      {
        $set: { status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now },
        $inc: { generation: 1 },
      },
      { returnDocument: 'after' },
    );
    return job ? toSummary(job) : null;
  }

  /** The site of a ticket notify has written about (inbound replies carry only the ticket id). */
  async siteOfTicket(ticketId: string): Promise<string | null> {
    return (await this.jobs.findOne({ ticketId }, { projection: { siteId: 1 } }))?.siteId ?? null;
  }

  /** For tests and admin views. */
  find(filter: Partial<Pick<MailJob, 'status' | 'siteId' | 'to'>>): Promise<MailJob[]> {
    return this.jobs.find(filter).toArray();
  }
}

export function toSummary(job: MailJob): MailJobSummary {
  return {
    mailId: job._id,
    siteId: job.siteId,
    kind: job.kind,
    to: job.to,
    subject: job.subject,
    status: job.status,
    attempts: job.attempts,
    lastError: job.lastError,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}
