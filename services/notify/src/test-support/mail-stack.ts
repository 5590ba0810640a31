import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import nodemailer from 'nodemailer';
import { Bus } from '@sapa/bus';
import type { AgentPublic, SitePublic } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import {
  freePort,
  loginAgent,
  startFerretDb,
  startNats,
  startService,
  testInfra,
  uniqueName,
  type RunningService,
  type TestServer,
} from '@sapa/testkit';
import { SmtpSink } from './smtp-sink.js';

export interface MailStack {
  readonly httpUrl: string;
  /** The gateway's public URL (the dashboard's origin). */
  readonly origin: string;
  readonly nats: TestServer;
  readonly bus: Bus;
  readonly sink: SmtpSink;
  readonly inboundPort: number;
  readonly replyDomain: string;
  /** The stack's database (mail_jobs, tickets ...), for assertions. */
  readonly mongoUrl: string;
  readonly mongoDb: string;
  /** That database, on a client the stack opens and closes. */
  readonly db: Db;
  readonly services: Readonly<
    Record<'directory' | 'chat' | 'presence' | 'tickets' | 'notify' | 'gateway', RunningService>
  >;
  createSite(name: string): Promise<SitePublic>;
  createAgent(
    siteId: string,
    name: string,
    role?: 'agent' | 'admin',
  ): Promise<{ agent: AgentPublic; token: string; password: string }>;
  /** Calls the REST API with an agent token; throws on a non-2xx answer. */
  api<T>(token: string, method: string, path: string, body?: unknown): Promise<T>;
  /** Sends a mail to notify's inbound SMTP server (a visitor replying). */
  sendInbound(mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    messageId?: string;
  }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * directory, chat, tickets, notify and gateway as processes (built dist/), on a NATS of their
 * own and a fresh database, with a real SMTP sink on loopback receiving what notify sends.
 */
export async function startMailStack(notifyEnv: Record<string, string> = {}): Promise<MailStack> {
  const infra = testInfra();
  const nats = await startNats({ jetstream: true });
  // A FerretDB of its own: the mail bursts here are the heaviest writes of the e2e run, and
  // FerretDB on PostgreSQL stalls when concurrent updates from several suites fill its pool.
  const store = await startFerretDb();
  const sink = new SmtpSink();
  await sink.start();
  const [port, inboundPort] = [await freePort(), await freePort()];
  const replyDomain = 'reply.test.localhost';
  const env = {
    NATS_URL: nats.url,
    MONGO_URL: store.url,
    MONGO_DB: uniqueName('mail'),
    REDIS_URL: infra.redisUrl,
    OUTBOX_INTERVAL_MS: '200',
    OUTBOX_GRACE_MS: '500',
  };
  const [directory, chat, presence, tickets] = await Promise.all([
    startService({ name: 'directory', env }),
    startService({ name: 'chat', env }),
    startService({ name: 'presence', env }),
    startService({ name: 'tickets', env }),
  ]);
  const notify = await startService({
    name: 'notify',
    env: {
      ...env,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_IGNORE_TLS: 'true',
      SMTP_TIMEOUT_MS: '5000',
      MAIL_FROM: 'help@site.test.localhost',
      MAIL_RETRY_BASE_MS: '100',
      MAIL_RETRY_MAX_MS: '1000',
      MAIL_POLL_MS: '50',
      MAIL_MAX_ATTEMPTS: '5',
      MAIL_LEASE_MS: '3000',
      INBOUND_SMTP_PORT: String(inboundPort),
      REPLY_DOMAIN: replyDomain,
      REPLY_SECRET: randomBytes(24).toString('hex'),
      ...notifyEnv,
    },
  });
  const gateway = await startService({
    name: 'gateway',
    env: {
      ...env,
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      // Every test logs in a few agents from the same address.
      LOGIN_RATE_PER_MIN: '1000',
    },
  });
  const bus = await Bus.connect({
    servers: nats.url,
    name: 'mail-e2e',
    logger: createLogger('mail-e2e', 'warn'),
  });
  const httpUrl = `http://127.0.0.1:${port}`;
  const inboundTransport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: inboundPort,
    ignoreTLS: true,
  });

  const api = async <T>(
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> => {
    const response = await fetch(`${httpUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };

  const mongo = await MongoClient.connect(store.url);
  return {
    httpUrl,
    origin: `http://localhost:${port}`,
    nats,
    bus,
    sink,
    inboundPort,
    replyDomain,
    mongoUrl: store.url,
    mongoDb: env.MONGO_DB,
    db: mongo.db(env.MONGO_DB),
    services: { directory, chat, presence, tickets, notify, gateway },
    async createSite(name) {
      const { site } = await bus.request('directory.create-site', {
        name,
        allowedOrigins: ['https://site.test.localhost'],
        timeZone: 'Asia/Makassar',
      });
      return site;
    },
    async createAgent(siteId, name, role = 'agent') {
      const email = `${uniqueName('agent')}@agents.test.localhost`;
      const password = randomBytes(12).toString('hex');
      const { agent } = await bus.request('directory.create-agent', {
        siteId,
        name,
        email,
        password,
        role,
      });
      const { token } = await loginAgent(httpUrl, { email, password });
      return { agent, token, password };
    },
    api,
    async sendInbound(mail) {
      await inboundTransport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      });
    },
    async stop() {
      inboundTransport.close();
      await mongo.close();
      await bus.drain();
      await Promise.all(
        [gateway, notify, tickets, presence, chat, directory].map((service) => service.stop()),
      );
      await sink.stop();
      await nats.dispose();
      await store.dispose();
    },
  };
}
