import {
  NotFoundError,
  ValidationError,
  newId,
  ticketStream,
  type Actor,
  type EventMetadata,
  type OfflineEvent,
  type RpcName,
  type RpcRequest,
  type RpcResponse,
  type StoredEvent,
} from '@sapa/contracts';
import type { Bus, RpcContext } from '@sapa/bus';
import type { EventStore } from '@sapa/event-store';
import type { Logger } from '@sapa/platform';
import { ticketAggregate } from './aggregates.js';
import type { CommandHandler } from '@sapa/event-store';
import { decideTicket, type TicketCommand } from './ticket.decider.js';
import { postedKey } from './ticket.state.js';
import type { TicketListProjection } from './ticket-list.projection.js';
import type { TicketNumbers } from './ticket-numbers.js';
import { buildTicketView } from './ticket-view.js';
import {
  mailLanguage,
  subjectFrom,
  ticketIdForConversation,
  ticketIdForOfflineMessage,
} from './ticket-ids.js';
import { digestChat, requesterOf } from './transcript.js';

/** Event metadata from the command's context: who, and which request caused it. */
const metadataFor = (actor: Actor, context: RpcContext): EventMetadata => ({
  actor,
  correlationId: context.correlationId,
  causationId: context.causationId ?? context.correlationId,
  ...(context.traceparent ? { traceparent: context.traceparent } : {}),
  ...(context.tracestate ? { tracestate: context.tracestate } : {}),
});

type OfflineMessage = Extract<OfflineEvent, { type: 'OfflineMessageLeft' }>['data'];

/** The tickets service's command and query handlers, one per RPC, plus offline intake. */
export class TicketsHandlers {
  constructor(
    private readonly commands: CommandHandler,
    private readonly store: EventStore,
    private readonly list: TicketListProjection,
    private readonly numbers: TicketNumbers,
    private readonly bus: Bus,
    private readonly logger: Logger,
  ) {}

  /** Serves every `tickets.*` RPC (queue group `tickets`, so replicas share the load). */
  serve(): Array<{ stop(): Promise<void> }> {
    const serve = <N extends RpcName>(
      name: N,
      handler: (request: RpcRequest<N>, context: RpcContext) => Promise<RpcResponse<N>>,
    ) => this.bus.serve(name, handler);
    return [
      serve('tickets.list', (request) => this.list.list(request)),
      serve('tickets.get', (request) => this.get(request)),
      serve('tickets.reply', (request, context) => this.reply(request, context)),
      serve('tickets.add-note', (request, context) => this.addNote(request, context)),
      serve('tickets.set-status', (request, context) =>
        this.run(request, context, request.by, { type: 'SetTicketStatus', data: request }),
      ),
      serve('tickets.assign', (request, context) =>
        this.run(request, context, request.by, {
          type: 'AssignTicket',
          data: { assignee: request.assignee, by: request.by },
        }),
      ),
      serve('tickets.set-priority', (request, context) =>
        this.run(request, context, request.by, { type: 'SetTicketPriority', data: request }),
      ),
      serve('tickets.convert-chat', (request, context) => this.convertChat(request, context)),
      serve('tickets.customer-reply', (request, context) => this.customerReply(request, context)),
      serve('tickets.mark-bounced', (request, context) =>
        this.run(
          request,
          context,
          { kind: 'system', id: 'notify' },
          {
            type: 'MarkEmailBounced',
            data: { email: request.email, reason: request.reason },
          },
        ),
      ),
    ];
  }

  /** The whole ticket, read from its stream (so it reflects every acknowledged command). */
  async get(request: RpcRequest<'tickets.get'>): Promise<RpcResponse<'tickets.get'>> {
    const events = await this.store.readStream(ticketStream(request.ticketId));
    const view = events[0]?.siteId === request.siteId ? buildTicketView(events) : null;
    if (view === null) throw new NotFoundError('ticket not found');
    return { ticket: view };
  }

  async reply(
    request: RpcRequest<'tickets.reply'>,
    context: RpcContext,
  ): Promise<RpcResponse<'tickets.reply'>> {
    const { author, clientMessageId, text } = request;
    return this.post(request, context, author, postedKey('reply', author.id, clientMessageId), {
      type: 'ReplyToTicket',
      data: { messageId: newId(), clientMessageId, author, text },
    });
  }

  async addNote(
    request: RpcRequest<'tickets.add-note'>,
    context: RpcContext,
  ): Promise<RpcResponse<'tickets.add-note'>> {
    const { author, clientMessageId, text } = request;
    return this.post(request, context, author, postedKey('note', author.id, clientMessageId), {
      type: 'AddTicketNote',
      data: { noteId: newId(), clientMessageId, author, text },
    });
  }

  async customerReply(
    request: RpcRequest<'tickets.customer-reply'>,
    context: RpcContext,
  ): Promise<RpcResponse<'tickets.customer-reply'>> {
    const { from, text, emailMessageId } = request;
    return this.post(
      request,
      context,
      { kind: 'system', id: 'inbound-mail' },
      postedKey('email', '-', emailMessageId),
      { type: 'AddCustomerReply', data: { messageId: newId(), from, text, emailMessageId } },
    );
  }

  /**
   * Opens the ticket of an offline message, once: the ticket id is derived from the message
   * id, so a redelivered event finds the ticket already open and stores nothing.
   */
  async openFromOfflineMessage(message: OfflineMessage, source: StoredEvent): Promise<void> {
    const ticketId = ticketIdForOfflineMessage(message.siteId, message.offlineMessageId);
    const number = await this.numbers.numberFor(message.siteId, ticketId);
    const outcome = await this.commands.handle({
      aggregate: ticketAggregate,
      stream: ticketStream(ticketId),
      siteId: message.siteId,
      metadata: {
        actor: { kind: 'visitor', id: message.visitorId, name: message.name },
        correlationId: source.metadata.correlationId ?? source.id,
        causationId: source.id,
        ...(source.metadata.traceparent ? { traceparent: source.metadata.traceparent } : {}),
      },
      decide: (state) =>
        decideTicket(
          {
            type: 'OpenTicket',
            data: {
              ticketId,
              siteId: message.siteId,
              number,
              source: 'offline',
              offlineMessageId: message.offlineMessageId,
              requester: { name: message.name, email: message.email },
              subject: subjectFrom(message.question),
              question: message.question,
              ...(message.department ? { department: message.department } : {}),
              ...(message.page ? { page: message.page } : {}),
              language: mailLanguage(message.language),
            },
          },
          state,
        ),
    });
    if (outcome.stored.length > 0) {
      this.logger.info(
        { ticketId, number, siteId: message.siteId },
        'ticket opened from offline message',
      );
    }
  }

  /** Converts a chat into a ticket with its transcript; the same chat always gives the same ticket. */
  async convertChat(
    request: RpcRequest<'tickets.convert-chat'>,
    context: RpcContext,
  ): Promise<RpcResponse<'tickets.convert-chat'>> {
    const { siteId, conversationId, agent } = request;
    const ticketId = ticketIdForConversation(siteId, conversationId);
    const existing = await this.commands.load(ticketAggregate, ticketStream(ticketId), siteId);
    if (existing.state.number !== null) {
      return { ticketId, number: existing.state.number, created: false };
    }
    const { events } = await this.bus.request(
      'chat.read-conversation',
      { siteId, conversationId, afterVersion: 0, limit: 1000 },
      { correlationId: context.correlationId, causationId: context.correlationId },
    );
    const digest = digestChat(events as StoredEvent[]);
    const requester = requesterOf(digest, request.requester);
    if (requester.email === null) {
      throw new ValidationError('the visitor left no e-mail address: give requester.email', {
        field: 'requester.email',
      });
    }
    const question = digest.firstQuestion ?? '';
    const number = await this.numbers.numberFor(siteId, ticketId);
    const outcome = await this.commands.handle({
      aggregate: ticketAggregate,
      stream: ticketStream(ticketId),
      siteId,
      metadata: metadataFor(agent, context),
      decide: (state) =>
        decideTicket(
          {
            type: 'OpenTicket',
            data: {
              ticketId,
              siteId,
              number,
              source: 'chat',
              conversationId,
              requester: { name: requester.name, email: requester.email ?? '' },
              subject:
                request.subject ?? (subjectFrom(question) || `Chat ${conversationId.slice(0, 8)}`),
              question,
              ...((request.department ?? digest.department)
                ? { department: request.department ?? digest.department ?? undefined }
                : {}),
              ...(digest.page ? { page: digest.page } : {}),
              language: mailLanguage(digest.language ?? undefined),
              transcript: digest.transcript,
              openedBy: agent,
            },
          },
          state,
        ),
    });
    return { ticketId, number: outcome.state.number ?? number, created: outcome.stored.length > 0 };
  }

  private async post(
    request: { siteId: string; ticketId: string },
    context: RpcContext,
    actor: Actor,
    key: string,
    command: TicketCommand,
  ): Promise<RpcResponse<'tickets.reply'>> {
    const outcome = await this.commands.handle({
      aggregate: ticketAggregate,
      stream: ticketStream(request.ticketId),
      siteId: request.siteId,
      metadata: metadataFor(actor, context),
      decide: (state) => decideTicket(command, state),
    });
    const posted = outcome.state.posted.get(key);
    if (!posted) throw new Error('entry missing after post');
    return {
      messageId: posted.messageId,
      version: posted.version,
      duplicate: outcome.stored.length === 0,
    };
  }

  private async run(
    request: { siteId: string; ticketId: string },
    context: RpcContext,
    actor: Actor,
    command: TicketCommand,
  ): Promise<{ version: number }> {
    const outcome = await this.commands.handle({
      aggregate: ticketAggregate,
      stream: ticketStream(request.ticketId),
      siteId: request.siteId,
      metadata: metadataFor(actor, context),
      decide: (state) => decideTicket(command, state),
    });
    return { version: outcome.version };
  }
}
