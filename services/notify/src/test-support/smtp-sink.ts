import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from '@sapa/testkit';

/** One mail the sink accepted. */
export interface ReceivedMail {
  readonly envelopeFrom: string;
  readonly rcptTo: readonly string[];
  readonly raw: string;
  readonly parsed: ParsedMail;
}

/** What the sink answers at RCPT TO for one address, attempt by attempt (then 250). */
export type RcptScript = readonly number[];

/**
 * A real SMTP server on loopback for tests (smtp-server), parsing every accepted mail with
 * mailparser. Per-address scripts make it answer 451 or 550 at RCPT; `delayMs` slows each
 * DATA down so that a burst takes a while. It can be stopped and started on the same port.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** RCPT TO attempts per (lower-cased) address, accepted or not. */
  readonly rcptAttempts = new Map<string, number>();
  private readonly scripts = new Map<string, RcptScript>();
  private server: SMTPServer | null = null;
  delayMs = 0;
  port = 0;

  /** Answers `codes[n]` to the n-th RCPT TO of `address` (250 once the script runs out). */
  script(address: string, codes: RcptScript): void {
    this.scripts.set(address.toLowerCase(), codes);
  }

  async start(port = this.port): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const key = address.address.toLowerCase();
        const attempt = this.rcptAttempts.get(key) ?? 0;
        this.rcptAttempts.set(key, attempt + 1);
        const code = this.scripts.get(key)?.[attempt];
        if (code === undefined || code < 400) {
          callback();
          return;
        }
        callback(Object.assign(new Error(`${code} scripted refusal`), { responseCode: code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then(async (parsed) => {
            if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
            this.mails.push({
              envelopeFrom:
                session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
              raw,
              parsed,
            });
            callback();
          }, callback);
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Mails delivered to an address. */
  to(address: string): ReceivedMail[] {
    const key = address.toLowerCase();
    return this.mails.filter((mail) => mail.rcptTo.includes(key));
  }

  /** Waits until `address` has at least `count` mails, and returns them. */
  async waitForMails(address: string, count = 1, timeoutMs = 30_000): Promise<ReceivedMail[]> {
    await waitFor(() => this.to(address).length >= count, {
      timeoutMs,
      description: `${count} mail(s) to ${address} (have ${this.to(address).length})`,
    });
    return this.to(address);
  }
}
