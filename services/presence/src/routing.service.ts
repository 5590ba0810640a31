import type {
  AgentPresence,
  ReleaseChat,
  RouteChat,
  RoutingResult,
  RoutingVerdict,
} from '@sapa/contracts';
import type { Redis } from 'ioredis';
import { candidatesOf } from './duty/availability.rules.js';
import type { DutySource } from './duty/duty.cache.js';
import { decideRoute, judge } from './duty/routing.rules.js';
import { DEFAULT_KEY_PREFIX } from './presence.store.js';
import { routingKeys } from './chat-queue.store.js';
import { ASSIGN_LUA, RELEASE_LUA } from './routing.scripts.js';
import { defineScript, redisCall, type ScriptRunner } from './redis-scripts.js';

/**
 * Routes new chats (presence.route-chat). Who may take a chat is decided by the pure rules
 * (status, duty, department); the limit check and the reservation for `least-busy` happen in
 * one Redis script, so concurrent routing never exceeds a limit. Each result carries every
 * candidate's verdict and load: the record of why.
 */
export class RoutingService {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #assign: ScriptRunner;
  readonly #release: ScriptRunner;

  constructor(
    redis: Redis,
    private readonly duty: DutySource,
    private readonly readAgents: (siteId: string) => Promise<AgentPresence[]>,
    keyPrefix = DEFAULT_KEY_PREFIX,
  ) {
    this.#redis = redis;
    this.#prefix = keyPrefix;
    this.#assign = defineScript(redis, 'sapaRoutingAssign', ASSIGN_LUA);
    this.#release = defineScript(redis, 'sapaRoutingRelease', RELEASE_LUA);
  }

  #keys(siteId: string) {
    return routingKeys(siteId, this.#prefix);
  }

  /** Open chats per agent of a site (for availability's limits). */
  async loads(siteId: string): Promise<Record<string, number>> {
    const raw = await redisCall(this.#redis.hgetall(this.#keys(siteId).loads));
    return Object.fromEntries(
      Object.entries(raw).map(([agentId, load]) => [agentId, Number(load)]),
    );
  }

  async route(request: RouteChat): Promise<RoutingResult> {
    const { siteId, departmentId } = request;
    const [duty, agents] = await Promise.all([this.duty.get(siteId), this.readAgents(siteId)]);
    const mode =
      duty.departments.find((entry) => entry.departmentId === departmentId)?.routing ??
      duty.routing;
    const keys = this.#keys(siteId);
    if (mode === 'ring-all') {
      const candidates = candidatesOf({
        duty,
        agents,
        loads: await this.loads(siteId),
        now: Date.now(),
        departmentId,
      });
      const decision = decideRoute({ mode, candidates, departmentId });
      return decision.kind === 'ring'
        ? {
            mode,
            kind: 'ring',
            ring: [...decision.ring],
            verdicts: [...decision.verdicts],
            duplicate: false,
          }
        : { mode, kind: 'queue', verdicts: [...decision.verdicts], duplicate: false };
    }
    // least-busy: judge everything but the limit here; the script reads the loads and checks
    // the limits atomically. A candidate excluded for another reason goes in with limit 0: never
    // chosen, but their load is read for the record, as `decideRoute` (the spec) records it.
    const candidates = candidatesOf({
      duty,
      agents,
      loads: {},
      now: Date.now(),
      departmentId,
    }).sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
    const raw = (await this.#assign(
      [keys.loads, keys.assigned, keys.cursor],
      [
        request.conversationId,
        candidates.length,
        ...candidates.flatMap((candidate) => [
          candidate.agentId,
          judge(candidate, departmentId).excludedBecause === undefined ? candidate.maxChats : 0,
        ]),
      ],
    )) as [string, string, (string | number)[]];
    const [kind, agentId, loadList] = raw;
    const loads: Record<string, number> = {};
    for (let index = 0; index + 1 < loadList.length; index += 2) {
      loads[String(loadList[index])] = Number(loadList[index + 1]);
    }
    const verdicts: RoutingVerdict[] = candidates.map((candidate) =>
      judge({ ...candidate, activeChats: loads[candidate.agentId] ?? 0 }, departmentId),
    );
    if (kind === 'queue') return { mode, kind: 'queue', verdicts, duplicate: false };
    return { mode, kind: 'assign', agentId, verdicts, duplicate: kind === 'existing' };
  }

  /**
   * Who could take a chat right now (online, on duty, in the department, under their limit),
   * per department: one read of the site, then a pure function. For SLA alerts and queue notices.
   */
  async eligibleFor(siteId: string): Promise<(departmentId?: string) => string[]> {
    const [duty, agents, loads] = await Promise.all([
      this.duty.get(siteId),
      this.readAgents(siteId),
      this.loads(siteId),
    ]);
    const now = Date.now();
    return (departmentId) =>
      candidatesOf({ duty, agents, loads, now, departmentId })
        .filter((candidate) => judge(candidate, departmentId).excludedBecause === undefined)
        .map((candidate) => candidate.agentId)
        .sort();
  }

  async release(request: ReleaseChat): Promise<{ agentId: string | null }> {
    const keys = this.#keys(request.siteId);
    const agent = await this.#release([keys.loads, keys.assigned], [request.conversationId]);
    return { agentId: typeof agent === 'string' ? agent : null };
  }
}
