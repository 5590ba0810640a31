import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Collection, Db } from 'mongodb';
import { SapaError, type QuarantinedMail } from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import type { MailJobs } from './mail-jobs.store.js';
import { headerSafe, stripQuotedReply } from './mail-text.js';
import type { ReplyTokens } from './reply-token.js';

type QuarantineDocument = Omit<QuarantinedMail, 'mailId'> & { _id: string };

/** SMTP errors carry their reply code for smtp-server. */
const smtpError = (code: number, message: string): Error =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * Inbound mail: replies to ticket mails. Only genuine reply addresses (reply+<ticket>-<mac>@
 * REPLY_DOMAIN) are accepted at RCPT time; the reply's text, stripped of quoted history, is
 * posted to the ticket when the sender is the ticket's requester. Anything else addressed to a
 * genuine reply address (another sender, a closed ticket) is quarantined, not posted. A
 * failure of the tickets service answers 451, so the sending server tries again later.
 */
export class InboundMail {
  private server: SMTPServer | null = null;

  private constructor(
    private readonly quarantine: Collection<QuarantineDocument>,
    private readonly deps: {
      readonly bus: Bus;
      readonly jobs: MailJobs;
      readonly tokens: ReplyTokens;
      readonly logger: Logger;
      readonly maxBytes: number;
    },
  ) {}

  static async open(db: Db, deps: InboundMail['deps']): Promise<InboundMail> {
    const quarantine = db.collection<QuarantineDocument>('mail_quarantine');
    await quarantine.createIndex({ siteId: 1, receivedAt: -1 });
    return new InboundMail(quarantine, deps);
  }

  /** Starts listening; resolves with the port (useful when asked for port 0). */
  async listen(port: number, host: string): Promise<number> {
    const server = new SMTPServer({
      name: this.deps.tokens.domain,
      banner: 'replies only',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: this.deps.maxBytes,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        callback(
          this.deps.tokens.ticketOf(address.address) === null
            ? smtpError(550, 'no such mailbox')
            : undefined,
        );
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    server.on('error', (error) => this.deps.logger.warn({ err: error }, 'inbound smtp error'));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async quarantined(siteId: string, limit: number): Promise<QuarantinedMail[]> {
    const docs = await this.quarantine
      .find({ siteId })
      .sort({ receivedAt: -1 })
      .limit(limit)
      .toArray();
    return docs.map(({ _id, ...rest }) => ({ mailId: _id, ...rest }));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const mail = await simpleParser(stream);
    if (stream.sizeExceeded) throw smtpError(552, 'message too large');
    const from = mail.from?.value[0]?.address?.trim().toLowerCase() ?? '';
    const raw = mail.text ?? '';
    const text = stripQuotedReply(raw).slice(0, 10_000);
    const emailMessageId =
      mail.messageId ??
      `<${createHash('sha256')
        .update(`${from}\n${mail.subject ?? ''}\n${raw}`)
        .digest('hex')}@inbound>`;
    for (const recipient of session.envelope.rcptTo) {
      const ticketId = this.deps.tokens.ticketOf(recipient.address);
      if (ticketId === null) continue;
      const siteId = await this.deps.jobs.siteOfTicket(ticketId);
      if (siteId === null) {
        this.deps.logger.warn({ ticketId }, 'reply for a ticket notify never wrote about, dropped');
        continue;
      }
      await this.post({
        siteId,
        ticketId,
        from,
        text,
        emailMessageId,
        subject: mail.subject ?? '',
      });
    }
  }

  private async post(mail: {
    siteId: string;
    ticketId: string;
    from: string;
    text: string;
    emailMessageId: string;
    subject: string;
  }): Promise<void> {
    const { logger } = this.deps;
    try {
      const result = await this.deps.bus.request('tickets.customer-reply', {
        siteId: mail.siteId,
        ticketId: mail.ticketId,
        from: mail.from,
        text: mail.text.trim().length > 0 ? mail.text : '(empty)',
        emailMessageId: mail.emailMessageId.slice(0, 998),
      });
      logger.info({ ticketId: mail.ticketId, duplicate: result.duplicate }, 'e-mail reply posted');
    } catch (error) {
      const refused =
        error instanceof SapaError &&
        (error.code === 'forbidden' ||
          error.code === 'conflict' ||
          error.code === 'not_found' ||
          error.code === 'validation_failed');
      if (!refused) {
        logger.warn({ err: error, ticketId: mail.ticketId }, 'reply not posted, sender will retry');
        throw smtpError(451, 'temporarily unable to accept the reply, try again later');
      }
      await this.quarantine.updateOne(
        { _id: `${mail.ticketId}:${mail.emailMessageId}`.slice(0, 1000) },
        {
          $setOnInsert: {
            siteId: mail.siteId,
            ticketId: mail.ticketId,
            from: headerSafe(mail.from, 254),
            subject: headerSafe(mail.subject, 250),
            text: mail.text,
            reason: `${error.code}: ${error.message}`.slice(0, 500),
            receivedAt: new Date().toISOString(),
          },
        },
        { upsert: true },
      );
      logger.warn({ ticketId: mail.ticketId, reason: error.code }, 'e-mail reply quarantined');
    }
  }
}
