import express, { type Request } from 'express';
import { DutySettings, ForbiddenError, SwapDecisionBody, SwapRequestBody } from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import type { AgentClaims } from '../tokens.js';
import { parseRequest, wrappedBody } from './parse-request.js';

const canManage = (agent: AgentClaims): boolean =>
  agent.role === 'admin' || agent.role === 'supervisor';

const DutyBody = DutySettings.omit({ swaps: true });

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
    const duty = parseRequest(DutyBody, wrappedBody(req, 'duty'));
    res.json(await bus.request('directory.update-duty', { siteId: agent.site, duty }));
  });
  router.post('/duty/swaps', async (req, res) => {
    const agent = agentOf(req);
    const body = parseRequest(SwapRequestBody, req.body);
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
    const { swapId, approve } = parseRequest(SwapDecisionBody, {
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
