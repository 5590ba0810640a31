import express, { type Request } from 'express';
import {
  ConversationParams,
  ConvertChatBody,
  ForbiddenError,
  MailParams,
  TicketAssigneeBody,
  TicketParams,
  TicketPostBody,
  TicketPriorityBody,
  TicketStatusBody,
  TicketsQuery,
} from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import type { AgentClaims } from '../tokens.js';
import { parseRequest as parse } from './parse-request.js';

/**
 * Tickets and mail administration under /api/v1 (agent token; see docs/tickets-and-email.md):
 *
 *   GET  /tickets?status=&assignee=<agentId|none|me>&department=&text=&limit=
 *   GET  /tickets/:ticketId                      the whole ticket with its thread
 *   POST /tickets/:ticketId/replies  {clientMessageId, text}   public, e-mailed to the requester
 *   POST /tickets/:ticketId/notes    {clientMessageId, text}   internal
 *   PUT  /tickets/:ticketId/status   {status}
 *   PUT  /tickets/:ticketId/assignee {assignee: {id, name} | null}   ("me": {id: <own id>})
 *   PUT  /tickets/:ticketId/priority {priority}
 *   POST /conversations/:conversationId/ticket {subject?, requester?, department?}
 *   GET  /mail/dead-letters, POST /mail/dead-letters/:mailId/retry, GET /mail/quarantine
 *        (admins and supervisors)
 *
 * The site and the acting agent always come from the token, never from the body.
 */
export function ticketsRouter(bus: Bus, agentOf: (req: Request) => AgentClaims): express.Router {
  const router = express.Router();
  const actor = (req: Request) => {
    const agent = agentOf(req);
    return { siteId: agent.site, by: { kind: 'agent' as const, id: agent.sub, name: agent.name } };
  };

  router.get('/tickets', async (req, res) => {
    const query = parse(TicketsQuery, req.query);
    const { siteId, by } = actor(req);
    const assigneeId = query.assignee === 'me' ? by.id : query.assignee;
    res.json(
      await bus.request('tickets.list', {
        siteId,
        limit: query.limit,
        ...(query.status ? { status: query.status } : {}),
        ...(assigneeId ? { assigneeId } : {}),
        ...(query.department ? { department: query.department } : {}),
        ...(query.text ? { text: query.text } : {}),
      }),
    );
  });

  router.get('/tickets/:ticketId', async (req, res) => {
    const { ticketId } = parse(TicketParams, req.params);
    res.json(await bus.request('tickets.get', { siteId: actor(req).siteId, ticketId }));
  });

  // A public reply (e-mailed to the requester) and an internal note take the same body.
  for (const [path, subject] of [
    ['replies', 'tickets.reply'],
    ['notes', 'tickets.add-note'],
  ] as const) {
    router.post(`/tickets/:ticketId/${path}`, async (req, res) => {
      const { ticketId } = parse(TicketParams, req.params);
      const body = parse(TicketPostBody, req.body);
      const { siteId, by } = actor(req);
      res.json(await bus.request(subject, { siteId, ticketId, author: by, ...body }));
    });
  }

  router.put('/tickets/:ticketId/status', async (req, res) => {
    const { ticketId } = parse(TicketParams, req.params);
    const { status } = parse(TicketStatusBody, req.body);
    res.json(await bus.request('tickets.set-status', { ...actor(req), ticketId, status }));
  });

  router.put('/tickets/:ticketId/assignee', async (req, res) => {
    const { ticketId } = parse(TicketParams, req.params);
    const { assignee } = parse(TicketAssigneeBody, req.body);
    res.json(await bus.request('tickets.assign', { ...actor(req), ticketId, assignee }));
  });

  router.put('/tickets/:ticketId/priority', async (req, res) => {
    const { ticketId } = parse(TicketParams, req.params);
    const { priority } = parse(TicketPriorityBody, req.body);
    res.json(await bus.request('tickets.set-priority', { ...actor(req), ticketId, priority }));
  });

  router.post('/conversations/:conversationId/ticket', async (req, res) => {
    const { conversationId } = parse(ConversationParams, req.params);
    const body = parse(ConvertChatBody, req.body ?? {});
    const { siteId, by } = actor(req);
    res.json(
      await bus.request('tickets.convert-chat', {
        siteId,
        conversationId,
        agent: by,
        ...(body.subject ? { subject: body.subject } : {}),
        ...(body.requester ? { requester: dropUndefined(body.requester) } : {}),
        ...(body.department ? { department: body.department } : {}),
      }),
    );
  });

  router.use(mailRouter(bus, agentOf));
  return router;
}

/** Mail administration (dead letters, quarantine): admins and supervisors only. */
function mailRouter(bus: Bus, agentOf: (req: Request) => AgentClaims): express.Router {
  const router = express.Router();
  const mailAdmin = (req: Request) => {
    const agent = agentOf(req);
    if (agent.role !== 'admin' && agent.role !== 'supervisor') {
      throw new ForbiddenError('only admins and supervisors manage mail');
    }
    return agent.site;
  };

  router.get('/mail/dead-letters', async (req, res) => {
    res.json(await bus.request('notify.list-dead-letters', { siteId: mailAdmin(req) }));
  });

  router.post('/mail/dead-letters/:mailId/retry', async (req, res) => {
    const { mailId } = parse(MailParams, req.params);
    res.json(await bus.request('notify.retry-dead-letter', { siteId: mailAdmin(req), mailId }));
  });

  router.get('/mail/quarantine', async (req, res) => {
    res.json(await bus.request('notify.list-quarantine', { siteId: mailAdmin(req) }));
  });

  return router;
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
