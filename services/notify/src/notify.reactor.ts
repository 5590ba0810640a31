import { ConversationEvent, TicketEvent, parseStream, type StoredEvent } from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import type { MailJobs, NewMailJob } from './mail-jobs.store.js';
import { headerSafe, safeAddress } from './mail-text.js';
import type { ReplyTokens } from './reply-token.js';
import type { SiteBrands } from './site-brands.js';
import {
  renderMail,
  type MailContent,
  type MailLanguage,
  type TranscriptEntry,
} from './templates.js';

/** Indonesian for Indonesian browsers and tickets, English otherwise. */
export const toMailLanguage = (tag: string | null | undefined): MailLanguage =>
  tag !== null && tag !== undefined && /^(id|in)\b/i.test(tag) ? 'id' : 'en';

interface Recipient {
  readonly address: string;
  readonly name: string;
}

/**
 * Turns domain events into queued mails (never sends itself): each (event, kind, recipient)
 * becomes one MailJob whose id is the idempotency record, so a redelivered event adds nothing.
 * Lookups that fail (directory or tickets down) throw, and the event is redelivered later.
 */
export class NotifyReactor {
  constructor(
    private readonly deps: {
      readonly bus: Bus;
      readonly jobs: MailJobs;
      readonly brands: SiteBrands;
      readonly tokens: ReplyTokens;
      readonly logger: Logger;
      readonly onQueued: () => void;
    },
  ) {}

  /** Handles one event of a ticket stream. */
  async onTicketEvent(stored: StoredEvent): Promise<void> {
    const parsed = TicketEvent.safeParse({ type: stored.type, data: stored.data });
    if (!parsed.success) return;
    const event = parsed.data;
    if (event.type === 'TicketOpened') {
      await this.ticketOpened(stored, event.data);
    } else if (event.type === 'TicketReplied') {
      await this.ticketReplied(stored, event.data);
    }
  }

  /** Handles TranscriptRequested: the visitor gets the chat's public messages. */
  async onConversationEvent(stored: StoredEvent): Promise<void> {
    const parsed = ConversationEvent.safeParse({ type: stored.type, data: stored.data });
    if (!parsed.success || parsed.data.type !== 'TranscriptRequested') return;
    const conversationId = parseStream(stored.stream).id;
    const { events } = await this.deps.bus.request('chat.read-conversation', {
      siteId: stored.siteId,
      conversationId,
      afterVersion: 0,
      // Up to the request: a retry sends the same transcript.
      limit: Math.min(stored.version, 1000),
    });
    const lines: TranscriptEntry[] = [];
    let language: string | undefined;
    for (const raw of events) {
      const event = ConversationEvent.safeParse({ type: raw.type, data: raw.data });
      if (!event.success) continue;
      if (event.data.type === 'ConversationStarted')
        language = event.data.data.visitorInfo?.language;
      if (event.data.type === 'MessagePosted') {
        const { author, text } = event.data.data;
        lines.push({ author: author.kind, name: author.name, text, time: raw.time });
      }
    }
    await this.queue(
      stored,
      'transcript',
      null,
      { address: parsed.data.data.email, name: '' },
      toMailLanguage(language),
      {
        kind: 'transcript',
        lines,
      },
    );
  }

  private async ticketOpened(
    stored: StoredEvent,
    data: Extract<TicketEvent, { type: 'TicketOpened' }>['data'],
  ): Promise<void> {
    const { language: siteLanguage } = await this.deps.brands.get(stored.siteId);
    const visitorLanguage = siteLanguage ?? toMailLanguage(data.language);
    await this.queue(
      stored,
      'ticket-received',
      data.ticketId,
      { address: data.requester.email, name: data.requester.name },
      visitorLanguage,
      {
        kind: 'ticket-received',
        number: data.number,
        requesterName: data.requester.name,
        question: data.question,
      },
    );
    const { agents } = await this.deps.bus.request('directory.list-agents', {
      siteId: stored.siteId,
    });
    // Agents of the ticket's department; everyone when it has none or nobody is in it.
    const inDepartment = data.department
      ? agents.filter((agent) => agent.departments?.includes(data.department ?? ''))
      : [];
    const recipients = (inDepartment.length > 0 ? inDepartment : agents).filter(
      (agent) => agent.agentId !== data.openedBy?.id,
    );
    for (const agent of recipients) {
      await this.queue(
        stored,
        'agent-new-ticket',
        data.ticketId,
        { address: agent.email, name: agent.name },
        siteLanguage ?? 'en',
        {
          kind: 'agent-new-ticket',
          number: data.number,
          requesterName: data.requester.name,
          requesterEmail: data.requester.email,
          question: data.question,
          department: data.department,
          source: data.source,
        },
      );
    }
  }

  private async ticketReplied(
    stored: StoredEvent,
    data: Extract<TicketEvent, { type: 'TicketReplied' }>['data'],
  ): Promise<void> {
    const ticketId = parseStream(stored.stream).id;
    const { ticket } = await this.deps.bus.request('tickets.get', {
      siteId: stored.siteId,
      ticketId,
    });
    const { language: siteLanguage } = await this.deps.brands.get(stored.siteId);
    await this.queue(
      stored,
      'ticket-reply',
      ticketId,
      { address: ticket.requesterEmail, name: ticket.requesterName },
      siteLanguage ?? toMailLanguage(ticket.language),
      {
        kind: 'ticket-reply',
        number: ticket.number,
        subject: ticket.subject,
        agentName: data.author.name,
        text: data.text,
      },
    );
  }

  private async queue(
    stored: StoredEvent,
    kind: MailContent['kind'],
    ticketId: string | null,
    recipient: Recipient,
    language: MailLanguage,
    content: MailContent,
  ): Promise<void> {
    const { jobs, brands, tokens, logger } = this.deps;
    const address = safeAddress(recipient.address);
    if (address === null) {
      logger.warn({ eventId: stored.id, kind }, 'recipient address refused, no mail');
      return;
    }
    const to = address.toLowerCase();
    if (await jobs.isBouncing(to)) {
      logger.info({ eventId: stored.id, kind }, 'recipient is bouncing, no mail');
      return;
    }
    const { brand } = await brands.get(stored.siteId);
    const rendered = renderMail(content, language, brand);
    const job: NewMailJob = {
      _id: `${stored.id}:${kind}:${to}`,
      siteId: stored.siteId,
      ticketId,
      kind,
      to,
      toName: headerSafe(recipient.name, 120),
      fromName: headerSafe(brand.name, 120),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      replyTo: ticketId !== null && kind !== 'agent-new-ticket' ? tokens.address(ticketId) : null,
      inReplyTo: ticketId === null ? null : `<ticket-${ticketId}@${tokens.domain}>`,
    };
    if (await jobs.enqueue(job)) this.deps.onQueued();
  }
}
