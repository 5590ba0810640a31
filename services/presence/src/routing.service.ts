import type {
  AgentPresence,
  ReleaseChat,
  RouteChat,
  RoutingResult,
  RoutingVerdict,
} from '@sapa/contracts';
import { UnavailableError } from '@sapa/contracts';
import type { Redis } from 'ioredis';
import { candidatesOf } from './duty/availability.rules.js';
import type { DutySource } from './duty/duty.cache.js';
import { decideRoute, judge } from './duty/routing.rules.js';
import { presenceKeys, DEFAULT_KEY_PREFIX } from './presence.store.js';
import { ASSIGN_LUA, RELEASE_LUA } from './routing.scripts.js';

type Runner = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/**
 * Routes new chats (presence.route-chat). Who may take a chat is decided by the pure rules
 * (status, duty, department); the limit check and the reservation for `least-busy` happen in
 * one Redis script, so concurrent routing never exceeds a limit. Each result carries every
 * candidate's verdict and load: the record of why.
 */
export class RoutingService {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #assign: Runner;
  readonly #release: Runner;

  constructor(
    redis: Redis,
    private readonly duty: DutySource,
    private readonly readAgents: (siteId: string) => Promise<AgentPresence[]>,
    keyPrefix = DEFAULT_KEY_PREFIX,
  ) {
    this.#redis = redis;
    this.#prefix = keyPrefix;
    this.#assign = define(redis, 'sapaRoutingAssign', ASSIGN_LUA);
    this.#release = define(redis, 'sapaRoutingRelease', RELEASE_LUA);
  }

  #keys(siteId: string) {
    const { site } = presenceKeys(siteId, this.#prefix);
    return { loads: `${site}loads`, assigned: `${site}assigned`, cursor: `${site}round-robin` };
  }

  /** Open chats per agent of a site (for availability's limits). */
  async loads(siteId: string): Promise<Record<string, number>> {
    const raw = await guard(this.#redis.hgetall(this.#keys(siteId).loads));
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
    // least-busy: filter by everything but the limit here; the script checks limits atomically.
    const candidates = candidatesOf({
      duty,
      agents,
      loads: {},
      now: Date.now(),
      departmentId,
    }).sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
    const open = candidates.filter(
      (candidate) => judge(candidate, departmentId).excludedBecause === undefined,
    );
    const raw = (await this.#assign(
      [keys.loads, keys.assigned, keys.cursor],
      [
        request.conversationId,
        open.length,
        ...open.flatMap((candidate) => [candidate.agentId, candidate.maxChats]),
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

  async release(request: ReleaseChat): Promise<{ agentId: string | null }> {
    const keys = this.#keys(request.siteId);
    const agent = await this.#release([keys.loads, keys.assigned], [request.conversationId]);
    return { agentId: typeof agent === 'string' ? agent : null };
  }
}

function define(redis: Redis, name: string, lua: string): Runner {
  redis.defineCommand(name, { lua });
  const command = (
    redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>
  )[name];
  if (typeof command !== 'function') throw new Error(`ioredis did not define ${name}`);
  return (keys, args) => guard(command.call(redis, keys.length, ...keys, ...args));
}

async function guard<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof Error && error.name === 'ReplyError') throw error;
    throw new UnavailableError('presence store (redis) is unavailable', { cause: error });
  }
}
