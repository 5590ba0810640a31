import type { Db } from 'mongodb';
import { NotFoundError, SUBJECT_PREFIX } from '@sapa/contracts';
import { consumeEvents, ensureEventsStream, type BusServiceOptions } from '@sapa/bus';
import type { NotifyConfig } from './config.js';
import { InboundMail } from './inbound-mail.js';
import { MailJobs } from './mail-jobs.store.js';
import { MailWorker } from './mail-worker.js';
import { NotifyReactor } from './notify.reactor.js';
import { ReplyTokens } from './reply-token.js';
import { SiteBrands } from './site-brands.js';
import { SmtpSender } from './smtp-sender.js';

export interface NotifyService {
  readonly jobs: MailJobs;
  readonly tokens: ReplyTokens;
  /** Port of the inbound SMTP server, or null when it is off. */
  readonly inboundPort: number | null;
  stop(): Promise<void>;
}

/**
 * Starts notify on an open database and bus: two durable consumers (ticket events, transcript
 * requests; nats-server 2.9 takes one filter per consumer) that queue mails, the mail worker
 * that sends them, the inbound SMTP server for replies, and the admin RPCs.
 */
// eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
export async function startNotifyService(
  options: BusServiceOptions<NotifyConfig> & { readonly db: Db },
): Promise<NotifyService> {
  const { db, bus, logger, config } = options;
  await ensureEventsStream(bus);
  const jobs = await MailJobs.open(db, config.REPLY_DOMAIN);
  const tokens = new ReplyTokens(config.REPLY_SECRET, config.REPLY_DOMAIN);
  const sender = new SmtpSender(config);
  const worker = new MailWorker({
    jobs,
    sender,
    bus,
    logger: logger.child({ module: 'mail-worker' }),
    concurrency: config.MAIL_CONCURRENCY,
    pollMs: config.MAIL_POLL_MS,
    leaseMs: config.MAIL_LEASE_MS,
    retryBaseMs: config.MAIL_RETRY_BASE_MS,
    retryMaxMs: config.MAIL_RETRY_MAX_MS,
    maxAttempts: config.MAIL_MAX_ATTEMPTS,
  });
  const reactor = new NotifyReactor({
    bus,
    jobs,
    brands: new SiteBrands(bus, logger.child({ module: 'site-brands' })),
    tokens,
    logger: logger.child({ module: 'reactor' }),
    onQueued: () => worker.nudge(),
  });

  const inbound = await InboundMail.open(db, {
    bus,
    jobs,
    tokens,
    logger: logger.child({ module: 'inbound-mail' }),
    maxBytes: config.INBOUND_MAX_BYTES,
  });
  const inboundPort =
    config.INBOUND_SMTP_PORT < 0
      ? null
      : await inbound.listen(config.INBOUND_SMTP_PORT, config.INBOUND_SMTP_HOST);

  worker.start();
  const ticketConsumer = await consumeEvents({
    bus,
    durable: `${config.CONSUMER_PREFIX}-tickets`,
    filterSubjects: [`${SUBJECT_PREFIX}.evt.*.ticket.>`],
    logger: logger.child({ module: 'ticket-mails' }),
    handle: (event) => reactor.onTicketEvent(event),
  });
  const transcriptConsumer = await consumeEvents({
    bus,
    durable: `${config.CONSUMER_PREFIX}-transcripts`,
    filterSubjects: [`${SUBJECT_PREFIX}.evt.*.conversation.*.TranscriptRequested`],
    logger: logger.child({ module: 'transcript-mails' }),
    handle: (event) => reactor.onConversationEvent(event),
  });

  const served = [
    bus.serve('notify.list-dead-letters', async ({ siteId, limit }) => ({
      mails: await jobs.deadLetters(siteId, limit),
    })),
    bus.serve('notify.retry-dead-letter', async ({ siteId, mailId }) => {
      const mail = await jobs.retry(siteId, mailId);
      if (mail === null) throw new NotFoundError('no such dead letter');
      worker.nudge();
      return { mail };
    }),
    bus.serve('notify.list-quarantine', async ({ siteId, limit }) => ({
      mails: await inbound.quarantined(siteId, limit),
    })),
  ];

  return {
    jobs,
    tokens,
    inboundPort,
    async stop() {
      await Promise.all(served.map((server) => server.stop()));
      await inbound.close();
      await transcriptConsumer.stop();
      await ticketConsumer.stop();
      await worker.stop();
      sender.close();
    },
  };
}
