import type { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX, presenceKeys } from './presence.store.js';
import {
  CLAIM_LUA,
  FORGET_LUA,
  REQUEUE_LUA,
  TAKE_DUE_LUA,
  TRACK_LUA,
} from './chat-queue.scripts.js';
import { defineScript, redisCall, type ScriptRunner } from './redis-scripts.js';
import type { QueuedChat } from './chat-queue.rules.js';

/** The routing keys of one site (see chat-queue.scripts.ts for what each holds). */
export function routingKeys(siteId: string, prefix = DEFAULT_KEY_PREFIX) {
  const { site } = presenceKeys(siteId, prefix);
  return {
    loads: `${site}loads`,
    assigned: `${site}assigned`,
    cursor: `${site}round-robin`,
    chats: `${site}chats`,
    queue: `${site}queue`,
    parked: `${site}parked`,
    sla: `${site}sla`,
    slaLevel: `${site}sla-level`,
  };
}

/** Global index of sites with chats being routed (for the sweeper's SLA and queue work). */
export const routingSitesKey = (prefix = DEFAULT_KEY_PREFIX): string => `${prefix}:routing-sites`;

/**
 * Global set of sites whose routing state this Redis holds (rebuilt from the conversation
 * list since it last started empty). A Redis restarted empty has none, so each site is
 * rebuilt once, by the replica that adds it.
 */
export const routingRebuiltKey = (prefix = DEFAULT_KEY_PREFIX): string =>
  `${prefix}:routing-rebuilt`;

/** An escalation that fell due, taken by this replica. */
export interface DueEscalation {
  readonly chat: QueuedChat;
  readonly level: 'agents' | 'supervisors';
}

/**
 * The chats presence routes, in Redis: which wait (and in what order), which are parked for
 * lack of an agent, and their first-response SLA timers. Every change is one script.
 */
export class ChatQueueStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #track: ScriptRunner;
  readonly #claim: ScriptRunner;
  readonly #forget: ScriptRunner;
  readonly #requeue: ScriptRunner;
  readonly #takeDue: ScriptRunner;

  constructor(redis: Redis, keyPrefix = DEFAULT_KEY_PREFIX) {
    this.#redis = redis;
    this.#prefix = keyPrefix;
    this.#track = defineScript(redis, 'sapaQueueTrack', TRACK_LUA);
    this.#claim = defineScript(redis, 'sapaQueueClaim', CLAIM_LUA);
    this.#forget = defineScript(redis, 'sapaQueueForget', FORGET_LUA);
    this.#requeue = defineScript(redis, 'sapaQueueRequeue', REQUEUE_LUA);
    this.#takeDue = defineScript(redis, 'sapaQueueTakeDue', TAKE_DUE_LUA);
  }

  #keys(siteId: string) {
    return routingKeys(siteId, this.#prefix);
  }

  /** Puts a new chat in line with its SLA timer; false when it was already tracked. */
  async track(chat: QueuedChat, slaMs: number): Promise<boolean> {
    const keys = this.#keys(chat.siteId);
    const added = await this.#track(
      [keys.chats, keys.queue, keys.sla, keys.slaLevel],
      [chat.conversationId, chat.startedAt, chat.departmentId ?? '', slaMs],
    );
    await redisCall(this.#redis.sadd(routingSitesKey(this.#prefix), chat.siteId));
    return added === 1;
  }

  /** The chat is an agent's now (claimed or assigned): out of the line, on their load. */
  async claimed(siteId: string, conversationId: string, agentId: string): Promise<boolean> {
    const keys = this.#keys(siteId);
    const changed = await this.#claim(
      [keys.queue, keys.parked, keys.loads, keys.assigned],
      [conversationId, agentId],
    );
    return changed === 1;
  }

  /** An agent wrote to the visitor: the SLA is met, the timer stops. */
  async answered(siteId: string, conversationId: string): Promise<void> {
    const keys = this.#keys(siteId);
    await redisCall(
      this.#redis.multi().zrem(keys.sla, conversationId).hdel(keys.slaLevel, conversationId).exec(),
    );
  }

  /** The chat closed: gone from every key; returns the agent whose slot it freed. */
  async forget(siteId: string, conversationId: string): Promise<string | null> {
    const k = this.#keys(siteId);
    const agent = await this.#forget(
      [k.chats, k.queue, k.parked, k.sla, k.slaLevel, k.loads, k.assigned],
      [conversationId],
    );
    return typeof agent === 'string' ? agent : null;
  }

  /** Nobody could be rung or assigned: routed again when an agent becomes free. */
  async park(siteId: string, conversationId: string, parked: boolean): Promise<void> {
    const key = this.#keys(siteId).parked;
    await redisCall(
      parked ? this.#redis.sadd(key, conversationId) : this.#redis.srem(key, conversationId),
    );
  }

  /** Every chat assigned to the agent goes back in line; returns them. */
  async requeue(siteId: string, agentId: string): Promise<QueuedChat[]> {
    const keys = this.#keys(siteId);
    const raw = (await this.#requeue(
      [keys.chats, keys.queue, keys.loads, keys.assigned],
      [agentId],
    )) as string[];
    const chats: QueuedChat[] = [];
    for (let index = 0; index + 1 < raw.length; index += 2) {
      chats.push(parseChat(siteId, String(raw[index]), String(raw[index + 1])));
    }
    return chats;
  }

  /** The escalations due by `now`; each is handed to exactly one caller. */
  async takeDue(siteId: string, now: number, slaMs: number): Promise<DueEscalation[]> {
    const keys = this.#keys(siteId);
    const raw = (await this.#takeDue(
      [keys.sla, keys.slaLevel, keys.chats],
      [now, slaMs],
    )) as string[];
    const due: DueEscalation[] = [];
    for (let index = 0; index + 2 < raw.length; index += 3) {
      due.push({
        chat: parseChat(siteId, String(raw[index]), String(raw[index + 2])),
        level: raw[index + 1] === 'agents' ? 'agents' : 'supervisors',
      });
    }
    return due;
  }

  /** The chats waiting for an agent, first in line first. */
  async waiting(siteId: string): Promise<QueuedChat[]> {
    const members = await redisCall(this.#redis.zrange(this.#keys(siteId).queue, '0', '-1'));
    return this.#inOrder(siteId, members);
  }

  /** The parked chats, first in line first. */
  async parked(siteId: string): Promise<QueuedChat[]> {
    const members = await redisCall(this.#redis.smembers(this.#keys(siteId).parked));
    const chats = await this.#inOrder(siteId, members);
    return chats.sort((a, b) => a.startedAt - b.startedAt);
  }

  /**
   * Claims the rebuild of a site's routing state: true for exactly one caller after Redis
   * started empty (or before the site was ever rebuilt), false once it is claimed.
   */
  async claimRebuild(siteId: string): Promise<boolean> {
    return (await redisCall(this.#redis.sadd(routingRebuiltKey(this.#prefix), siteId))) === 1;
  }

  /** A rebuild failed: let the next sweep try again. */
  async releaseRebuild(siteId: string): Promise<void> {
    await redisCall(this.#redis.srem(routingRebuiltKey(this.#prefix), siteId));
  }

  /** Sites with chats being routed. Sites without any are dropped from the index. */
  async activeSites(): Promise<string[]> {
    const sites = await redisCall(this.#redis.smembers(routingSitesKey(this.#prefix)));
    const active: string[] = [];
    for (const siteId of sites) {
      if ((await redisCall(this.#redis.hlen(this.#keys(siteId).chats))) > 0) {
        active.push(siteId);
        continue;
      }
      await redisCall(this.#redis.srem(routingSitesKey(this.#prefix), siteId));
      // A chat tracked between the two calls puts the site back (track adds after writing).
      if ((await redisCall(this.#redis.hlen(this.#keys(siteId).chats))) > 0) {
        await redisCall(this.#redis.sadd(routingSitesKey(this.#prefix), siteId));
        active.push(siteId);
      }
    }
    return active;
  }

  async #inOrder(siteId: string, conversationIds: readonly string[]): Promise<QueuedChat[]> {
    if (conversationIds.length === 0) return [];
    const infos = await redisCall(this.#redis.hmget(this.#keys(siteId).chats, ...conversationIds));
    return conversationIds.map((conversationId, index) =>
      parseChat(siteId, conversationId, infos[index] ?? ''),
    );
  }
}

/** `"<startedAt>|<departmentId>"` → a QueuedChat (a chat routing never saw starts at 0). */
function parseChat(siteId: string, conversationId: string, info: string): QueuedChat {
  const bar = info.indexOf('|');
  const startedAt = Number(bar < 0 ? 0 : info.slice(0, bar)) || 0;
  const departmentId = bar < 0 ? '' : info.slice(bar + 1);
  return departmentId
    ? { siteId, conversationId, startedAt, departmentId }
    : { siteId, conversationId, startedAt };
}
