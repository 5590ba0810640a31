import { z } from 'zod';
import { commonEnv, loadConfig, mongoEnv } from '@sapa/platform';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const NotifyEnv = z.object({
  ...commonEnv,
  ...mongoEnv,
  // ---- SMTP out ----
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  /** true = TLS from the first byte (port 465); false = plain, upgraded with STARTTLS when offered. */
  SMTP_SECURE: flag.default(false),
  /** Refuse to send unless STARTTLS succeeds. */
  SMTP_REQUIRE_TLS: flag.default(false),
  /** Never try STARTTLS (a local relay without TLS). */
  SMTP_IGNORE_TLS: flag.default(false),
  /** Accept self-signed certificates (only for a relay you trust on a private network). */
  SMTP_TLS_REJECT_UNAUTHORIZED: flag.default(true),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** The envelope and From address; the From display name is the site's name. */
  MAIL_FROM: z.email().default('no-reply@sapa.localhost'),
  // ---- delivery ----
  /** Back-off after a temporary failure: base * 2^(attempt-1), capped. */
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).default(2_000),
  MAIL_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(15 * 60_000),
  /** After this many failed attempts a mail goes to the dead-letter list. */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  MAIL_POLL_MS: z.coerce.number().int().min(10).default(1_000),
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** A mail being sent by a process that died is tried again after this. */
  MAIL_LEASE_MS: z.coerce.number().int().min(1_000).default(120_000),
  /** Durable consumer names start with this (one deployment = one prefix). */
  CONSUMER_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('notify'),
  // ---- SMTP in (replies) ----
  /** Port of the inbound SMTP server for replies; 0 = a free port (tests); -1 = off. */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(-1).max(65535).default(2525),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Domain of reply addresses: reply+<token>@REPLY_DOMAIN must reach the inbound server (MX). */
  REPLY_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/)
    .default('reply.sapa.localhost'),
  /** Key of the reply-token HMAC: a token cannot be guessed without it. */
  REPLY_SECRET: z.string().min(16).default('dev-only-reply-secret-change-me'),
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
});
export type NotifyConfig = z.output<typeof NotifyEnv>;

/** The notify service's configuration, parsed once from the environment. */
export const loadNotifyConfig = (env?: Record<string, string | undefined>): NotifyConfig =>
  loadConfig(NotifyEnv, env);

const MailSinkEnv = z.object({
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  MAIL_SINK_PORT: z.coerce.number().int().min(0).max(65535).default(2526),
  MAIL_SINK_HOST: z.string().min(1).default('127.0.0.1'),
  /** Where every received mail is written as <time>-<n>.eml. */
  MAIL_SINK_DIR: z.string().min(1).default('.data/mail'),
});
export type MailSinkConfig = z.output<typeof MailSinkEnv>;

/** Configuration of the development mail sink (scripts/run.sh), parsed once from the environment. */
export const loadMailSinkConfig = (env?: Record<string, string | undefined>): MailSinkConfig =>
  loadConfig(MailSinkEnv, env);
