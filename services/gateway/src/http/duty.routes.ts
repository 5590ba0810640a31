import express, { type Request } from 'express';
import { z } from 'zod';
import { DutySettings, ForbiddenError, Id, ValidationError } from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import type { AgentClaims } from '../tokens.js';

/** Parses a body or fails with a validation error listing the issues. */
function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError('invalid request', {
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}

const canManage = (agent: AgentClaims): boolean =>
  agent.role === 'admin' || agent.role === 'supervisor';

const SwapRequestBody = z.object({
  date: z.iso.date(),
  /** Defaults to the caller: an agent asks to give away their own shift. */
  fromAgentId: Id.optional(),
  toAgentId: Id,
  returnDate: z.iso.date().optional(),
});

/**
 * Duty REST for the dashboard, mounted under `/api/v1/site` on the authenticated router:
 *
 * - `GET /duty`: any agent (the roster and swaps are visible to the team);
 * - `PUT /duty`: admins and supervisors (departments, hours, limits, roster, SLA, routing);
 * - `GET /availability`: any agent (what widgets are told, with the reasons);
 * - `GET /agents`: any agent: the team (id, name, role; no e-mail), for rosters and swaps;
 * - `POST /duty/swaps`: any agent for their own shift, supervisors and admins for anyone's;
 * - `POST /duty/swaps/:swapId/decision` `{approve}`: supervisors and admins only.
 */
export function dutyRouter(bus: Bus, agentOf: (req: Request) => AgentClaims): express.Router {
  const router = express.Router();
  router.get('/duty', async (req, res) => {
    res.json(await bus.request('directory.get-duty', { siteId: agentOf(req).site }));
  });
  router.get('/availability', async (req, res) => {
    res.json(await bus.request('presence.availability', { siteId: agentOf(req).site }));
  });
  router.get('/agents', async (req, res) => {
    const { agents } = await bus.request('directory.list-agents', { siteId: agentOf(req).site });
    res.json({
      agents: agents.map(({ agentId, name, role }) => ({ agentId, name, role })),
    });
  });
  router.put('/duty', async (req, res) => {
    const agent = agentOf(req);
    if (!canManage(agent))
      throw new ForbiddenError('only admins and supervisors may change duty settings');
    const body = req.body as { duty?: unknown } | undefined;
    const duty = parse(DutySettings.omit({ swaps: true }), body?.duty ?? body);
    res.json(await bus.request('directory.update-duty', { siteId: agent.site, duty }));
  });
  router.post('/duty/swaps', async (req, res) => {
    const agent = agentOf(req);
    const body = parse(SwapRequestBody, req.body);
    const fromAgentId = body.fromAgentId ?? agent.sub;
    if (fromAgentId !== agent.sub && !canManage(agent)) {
      throw new ForbiddenError('agents may only offer their own shifts');
    }
    const swap = await bus.request('directory.request-swap', {
      siteId: agent.site,
      requestedBy: agent.sub,
      date: body.date,
      fromAgentId,
      toAgentId: body.toAgentId,
      ...(body.returnDate === undefined ? {} : { returnDate: body.returnDate }),
    });
    res.status(201).json(swap);
  });
  router.post('/duty/swaps/:swapId/decision', async (req, res) => {
    const agent = agentOf(req);
    if (!canManage(agent)) throw new ForbiddenError('only a supervisor or admin may decide a swap');
    const { swapId, approve } = parse(z.object({ swapId: Id, approve: z.boolean() }), {
      ...(req.body as object),
      swapId: req.params['swapId'],
    });
    res.json(
      await bus.request('directory.decide-swap', {
        siteId: agent.site,
        swapId,
        approve,
        decidedBy: agent.sub,
      }),
    );
  });
  return router;
}
