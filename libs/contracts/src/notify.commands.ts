import { z } from 'zod';
import { Id } from './ids.js';
import { AgentPublic } from './directory.commands.js';
import { rpc } from './rpc.js';

/** Queries and commands of services/notify and the directory query it needs. */

/** What notify tells admins about a mail it could not deliver. */
export const MailJobSummary = z.object({
  mailId: z.string(),
  siteId: Id,
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'bounced', 'dead']),
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MailJobSummary = z.infer<typeof MailJobSummary>;

export const ListDeadLetters = z.object({
  siteId: Id,
  limit: z.number().int().min(1).max(500).default(100),
});
export const DeadLettersResult = z.object({ mails: z.array(MailJobSummary) });
export const RetryDeadLetter = z.object({ siteId: Id, mailId: z.string().min(1).max(300) });
export const MailJobResult = z.object({ mail: MailJobSummary });

/** An inbound mail that was not posted (unknown sender for the reply address). */
export const QuarantinedMail = z.object({
  mailId: z.string(),
  siteId: Id,
  ticketId: Id,
  from: z.string(),
  subject: z.string(),
  text: z.string(),
  reason: z.string(),
  receivedAt: z.string(),
});
export type QuarantinedMail = z.infer<typeof QuarantinedMail>;
export const ListQuarantine = ListDeadLetters;
export const QuarantineResult = z.object({ mails: z.array(QuarantinedMail) });

/** Every agent of a site, for notify's "new ticket in your department" mails. */
export const ListSiteAgents = z.object({ siteId: Id });
export const SiteAgentsResult = z.object({
  agents: z.array(AgentPublic.extend({ departments: z.array(Id).optional() })),
});

/** The notify RPCs (and `directory.list-agents`), spread into the RPC map in subjects.ts. */
export const NOTIFY_RPC = {
  'notify.list-dead-letters': rpc(ListDeadLetters, DeadLettersResult),
  'notify.retry-dead-letter': rpc(RetryDeadLetter, MailJobResult),
  'notify.list-quarantine': rpc(ListQuarantine, QuarantineResult),
  'directory.list-agents': rpc(ListSiteAgents, SiteAgentsResult),
} as const;
