import type { Bus } from '@sapa/bus';
import {
  SpanKind,
  declareCounter,
  isTracing,
  withSpan,
  type Attributes,
  type Logger,
} from '@sapa/platform';
import type { MailJob, MailJobs } from './mail-jobs.store.js';
import { classifyFailure, type SmtpSender } from './smtp-sender.js';

export interface MailWorkerOptions {
  readonly jobs: MailJobs;
  readonly sender: Pick<SmtpSender, 'send'>;
  readonly bus: Bus;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly pollMs: number;
  readonly leaseMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly maxAttempts: number;
}

/** Mails by outcome of one attempt: sent, retried, dead_lettered, bounced. */
const mails = declareCounter({
  name: 'sapa_notify_mails_total',
  help: 'Mail send attempts by outcome (sent, retried, dead_lettered, bounced).',
  labelNames: ['outcome'],
});

/** SMTP span attributes: the kind of mail and the attempt, never an address or a subject. */
function smtpAttributes(job: MailJob): Attributes | undefined {
  if (!isTracing()) return undefined;
  return {
    'network.protocol.name': 'smtp',
    'sapa.mail.kind': job.kind,
    'sapa.mail.attempt': job.attempts + 1,
  };
}

/** Back-off before attempt `attempts + 1`: base * 2^(attempts-1), capped, with ±20 % jitter. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

/**
 * Sends the queued mails: `concurrency` loops each claim a due mail, send it and record the
 * outcome. Temporary failures are retried with back-off until maxAttempts, then the mail is
 * dead (admins see and retry it); a permanent failure is recorded as bounced and reported to
 * its ticket. Stopping lets sends in flight finish.
 */
export class MailWorker {
  private stopping = false;
  private loops: Promise<void>[] = [];
  private wake: (() => void) | null = null;

  constructor(private readonly options: MailWorkerOptions) {}

  start(): void {
    this.stopping = false;
    this.loops = [
      ...Array.from({ length: this.options.concurrency }, () => this.sendLoop()),
      this.maintenanceLoop(),
    ];
  }

  /** Wakes idle loops at once (a mail was just queued). */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await Promise.all(this.loops);
  }

  private async idle(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const previous = this.wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        previous?.();
        done();
      };
    });
    this.wake = null;
  }

  private async sendLoop(): Promise<void> {
    const { jobs, logger } = this.options;
    while (!this.stopping) {
      let job: MailJob | null = null;
      try {
        job = await jobs.claim(this.options.leaseMs);
      } catch (error) {
        logger.warn({ err: error }, 'claiming a mail failed');
      }
      if (job === null) {
        await this.idle(this.options.pollMs);
        continue;
      }
      await this.deliver(job);
    }
  }

  private async deliver(job: MailJob): Promise<void> {
    const { jobs, sender, logger } = this.options;
    const log = logger.child({ mailId: job._id, kind: job.kind, attempt: job.attempts + 1 });
    try {
      await withSpan('smtp send', SpanKind.CLIENT, smtpAttributes(job), () => sender.send(job));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (classifyFailure(error) === 'permanent') {
        mails().labels('bounced').inc();
        log.warn({ err: error }, 'mail refused permanently, address marked bouncing');
        await jobs.markBounced(job, message);
        await this.reportBounces();
        return;
      }
      const attempts = job.attempts + 1;
      const giveUp = attempts >= this.options.maxAttempts;
      const retryAt = giveUp
        ? null
        : new Date(
            Date.now() + retryDelayMs(attempts, this.options.retryBaseMs, this.options.retryMaxMs),
          );
      log[giveUp ? 'error' : 'warn'](
        { err: error, retryAt },
        giveUp ? 'mail dead-lettered' : 'mail failed, will retry',
      );
      mails()
        .labels(giveUp ? 'dead_lettered' : 'retried')
        .inc();
      await jobs.markFailed(job, message, retryAt);
      return;
    }
    mails().labels('sent').inc();
    await jobs.markSent(job);
    log.info({ to: job.to }, 'mail sent');
  }

  /** Releases mails of dead senders and reports bounces, every few polls. */
  private async maintenanceLoop(): Promise<void> {
    const { jobs, logger } = this.options;
    while (!this.stopping) {
      try {
        const released = await jobs.releaseExpired();
        if (released > 0) logger.warn({ released }, 'mails of an interrupted sender queued again');
        await this.reportBounces();
      } catch (error) {
        logger.warn({ err: error }, 'mail maintenance failed');
      }
      await this.idle(Math.max(this.options.pollMs * 5, 1_000));
    }
  }

  private async reportBounces(): Promise<void> {
    const { jobs, bus, logger } = this.options;
    for (const job of await jobs.unreportedBounces()) {
      if (job.ticketId === null) continue;
      try {
        await bus.request('tickets.mark-bounced', {
          siteId: job.siteId,
          ticketId: job.ticketId,
          email: job.to,
          reason: (job.lastError ?? 'refused').slice(0, 500),
        });
        await jobs.markBounceReported(job._id);
      } catch (error) {
        logger.warn({ err: error, mailId: job._id }, 'bounce not reported yet, will retry');
      }
    }
  }
}
