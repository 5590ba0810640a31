import nodemailer, { type Transporter } from 'nodemailer';
import type { NotifyConfig } from './config.js';
import type { MailJob } from './mail-jobs.store.js';

/** How a failed send is treated: tried again later, or never again (and the address bounces). */
export type FailureKind = 'temporary' | 'permanent';

/**
 * 5xx replies are permanent (the address or the mail is refused); 4xx replies and anything
 * without an SMTP reply (connection refused or reset, timeout, TLS failure) are temporary.
 * Exception: an authentication failure (EAUTH, 535) is our configuration, not the recipient's,
 * so it is retried (and ends in the dead-letter list) rather than marking the address bouncing.
 */
export function classifyFailure(error: unknown): FailureKind {
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  if (code === 'EAUTH') return 'temporary';
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600
    ? 'permanent'
    : 'temporary';
}

/** Sends stored mails over SMTP with nodemailer (pooled connection). */
export class SmtpSender {
  private readonly transport: Transporter;

  constructor(
    config: Pick<
      NotifyConfig,
      | 'SMTP_HOST'
      | 'SMTP_PORT'
      | 'SMTP_SECURE'
      | 'SMTP_REQUIRE_TLS'
      | 'SMTP_IGNORE_TLS'
      | 'SMTP_TLS_REJECT_UNAUTHORIZED'
      | 'SMTP_USER'
      | 'SMTP_PASS'
      | 'SMTP_TIMEOUT_MS'
      | 'MAIL_FROM'
    >,
  ) {
    this.from = config.MAIL_FROM;
    this.transport = nodemailer.createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      requireTLS: config.SMTP_REQUIRE_TLS,
      ignoreTLS: config.SMTP_IGNORE_TLS,
      tls: { rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED },
      ...(config.SMTP_USER
        ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASS ?? '' } }
        : {}),
      connectionTimeout: config.SMTP_TIMEOUT_MS,
      greetingTimeout: config.SMTP_TIMEOUT_MS,
      socketTimeout: config.SMTP_TIMEOUT_MS,
    });
  }

  private readonly from: string;

  /** Sends one mail; throws nodemailer's error (with responseCode when the server answered). */
  async send(job: MailJob): Promise<void> {
    await this.transport.sendMail({
      // Display names go through nodemailer's address objects: encoded, never raw header text.
      from: { name: job.fromName, address: this.from },
      to: { name: job.toName, address: job.to },
      envelope: { from: this.from, to: [job.to] },
      ...(job.replyTo ? { replyTo: { name: job.fromName, address: job.replyTo } } : {}),
      subject: job.subject,
      text: job.text,
      html: job.html,
      messageId: job.messageId,
      ...(job.inReplyTo ? { inReplyTo: job.inReplyTo, references: [job.inReplyTo] } : {}),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  close(): void {
    this.transport.close();
  }
}
