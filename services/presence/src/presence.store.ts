import { AgentStatus } from '@sapa/contracts';
import type { Redis } from 'ioredis';
import { defineScript, redisCall, type ScriptRunner } from './redis-scripts.js';
import type { AgentRecord, ConnectionLease } from './presence.rules.js';
import {
  DISCONNECT_LUA,
  HEARTBEAT_LUA,
  READ_SITE_LUA,
  SET_STATUS_LUA,
} from './presence.scripts.js';

/** Default root of every presence key; tests pass their own to stay isolated. */
export const DEFAULT_KEY_PREFIX = 'sapa:presence';

/**
 * The Redis keys of one site. The site id is wrapped in `{}` (a hash tag) so a Redis
 * Cluster keeps all of a site's keys in one slot and the Lua scripts may touch them together.
 */
export function presenceKeys(siteId: string, prefix = DEFAULT_KEY_PREFIX) {
  const site = `${prefix}:{${siteId}}:`;
  return {
    /** Prefix of every key of the site (handed to the site-wide script). */
    site,
    /** zset: member agentId, score = the agent's latest lease expiry (ms). */
    agents: `${site}agents`,
    /** hash: name, status (chosen), lastSeenAt (ms). */
    agent: (agentId: string) => `${site}agent:${agentId}`,
    /** zset: member connectionId, score = lease expiry (ms). */
    connections: (agentId: string) => `${site}agent:${agentId}:connections`,
  };
}

/** Global index of sites with recent activity (member siteId, score = latest expiry ms). */
export const sitesIndexKey = (prefix = DEFAULT_KEY_PREFIX): string => `${prefix}:sites`;

export interface PresenceStoreOptions {
  /** How long one heartbeat keeps a connection alive (PRESENCE_TTL_MS). */
  readonly leaseTtlMs: number;
  /**
   * How long the keys themselves live after the last heartbeat. Longer than the lease so a
   * sweep can still read who lapsed and announce it; short enough that a crashed gateway's
   * agents vanish from Redis by themselves.
   */
  readonly keyTtlMs: number;
  readonly keyPrefix?: string;
}

/** An agent's stored state before and after one operation, at Redis time `now`. */
export interface AgentChange {
  readonly now: number;
  /** undefined: nothing was stored for the agent. */
  readonly before: AgentRecord | undefined;
  readonly after: AgentRecord | undefined;
}

/** A site read at Redis time `now`. */
export interface SiteSnapshot {
  readonly now: number;
  /** Agents that still have a lease (the rules decide their effective status). */
  readonly agents: readonly AgentRecord[];
  /** Agents whose last lease lapsed since the previous read; reported once, to one reader. */
  readonly lapsed: readonly AgentRecord[];
}

/**
 * Who is online, in Redis. Every operation is one Lua script, atomic across replicas;
 * reads prune lapsed leases. The store returns raw records: meaning is the rules' job.
 */
export class PresenceStore {
  readonly #redis: Redis;
  readonly #options: PresenceStoreOptions;
  readonly #prefix: string;
  readonly #heartbeat: ScriptRunner;
  readonly #disconnect: ScriptRunner;
  readonly #setStatus: ScriptRunner;
  readonly #readSite: ScriptRunner;

  constructor(redis: Redis, options: PresenceStoreOptions) {
    if (options.keyTtlMs <= options.leaseTtlMs) {
      throw new RangeError('presence keyTtlMs must be longer than leaseTtlMs');
    }
    this.#redis = redis;
    this.#options = options;
    this.#prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.#heartbeat = defineScript(redis, 'sapaPresenceHeartbeat', HEARTBEAT_LUA);
    this.#disconnect = defineScript(redis, 'sapaPresenceDisconnect', DISCONNECT_LUA);
    this.#setStatus = defineScript(redis, 'sapaPresenceSetStatus', SET_STATUS_LUA);
    this.#readSite = defineScript(redis, 'sapaPresenceReadSite', READ_SITE_LUA);
  }

  /** Registers or refreshes one connection's lease; a new agent starts `online`. */
  async heartbeat(input: {
    siteId: string;
    agentId: string;
    agentName: string;
    connectionId: string;
  }): Promise<AgentChange> {
    const keys = presenceKeys(input.siteId, this.#prefix);
    const { leaseTtlMs, keyTtlMs } = this.#options;
    const raw = await this.#heartbeat(
      [keys.agent(input.agentId), keys.connections(input.agentId), keys.agents],
      [input.agentId, input.agentName, input.connectionId, leaseTtlMs, keyTtlMs],
    );
    const change = parseChange(input.agentId, raw);
    // The sites index lives in its own slot, so it cannot join the script; GT keeps the
    // latest expiry, and a late write only makes the sweeper look at the site once more.
    await redisCall(
      this.#redis.zadd(sitesIndexKey(this.#prefix), 'GT', change.now + leaseTtlMs, input.siteId),
    );
    return change;
  }

  /**
   * Ends one connection's lease: at once when `graceMs` is 0, else after at most `graceMs`
   * (the seam for the reconnect grace period; the sweeper announces the lapse).
   */
  async disconnect(input: {
    siteId: string;
    agentId: string;
    connectionId: string;
    graceMs: number;
  }): Promise<AgentChange> {
    const keys = presenceKeys(input.siteId, this.#prefix);
    const raw = await this.#disconnect(
      [keys.agent(input.agentId), keys.connections(input.agentId), keys.agents],
      [input.agentId, input.connectionId, input.graceMs],
    );
    return parseChange(input.agentId, raw);
  }

  /** Stores the agent's chosen status; `after` is undefined when the agent is unknown. */
  async setStatus(input: {
    siteId: string;
    agentId: string;
    status: AgentStatus;
  }): Promise<AgentChange> {
    const keys = presenceKeys(input.siteId, this.#prefix);
    const raw = await this.#setStatus(
      [keys.agent(input.agentId), keys.connections(input.agentId)],
      [input.status],
    );
    return parseChange(input.agentId, raw);
  }

  /** Every agent of a site that still holds a lease, plus those that just lapsed. */
  async readSite(siteId: string): Promise<SiteSnapshot> {
    const keys = presenceKeys(siteId, this.#prefix);
    const raw = await this.#readSite([keys.agents], [keys.site]);
    const [now, lapsed, live] = tuple(raw, 3);
    return {
      now: toNumber(now),
      lapsed: parseAgentList(lapsed),
      agents: parseAgentList(live),
    };
  }

  /** Sites that may still have agents (or lapsed agents not yet announced). */
  async activeSites(): Promise<string[]> {
    return redisCall(this.#redis.zrange(sitesIndexKey(this.#prefix), 0, '-1'));
  }

  /**
   * Drops sites whose every lease ended at or before `until` (Redis time). Call only after
   * reading those sites, so their lapsed agents were announced first.
   */
  async forgetSitesIdleSince(until: number): Promise<void> {
    await redisCall(
      this.#redis.zremrangebyscore(sitesIndexKey(this.#prefix), '-inf', String(until)),
    );
  }

  /**
   * Stores the site's last announced availability and returns the previous one (null when
   * none), in one command: of two replicas seeing the same change, only one sees it as new.
   */
  async swapAvailability(siteId: string, value: string, ttlMs: number): Promise<string | null> {
    const key = `${presenceKeys(siteId, this.#prefix).site}availability`;
    return redisCall(this.#redis.set(key, value, 'PX', ttlMs, 'GET'));
  }

  /** Redis's clock in ms (the clock every lease is measured against). */
  async now(): Promise<number> {
    const [seconds, micros] = await redisCall(this.#redis.time());
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }
}

function parseChange(agentId: string, raw: unknown): AgentChange {
  const [now, before, after] = tuple(raw, 3);
  return {
    now: toNumber(now),
    before: parseAgent(agentId, before),
    after: parseAgent(agentId, after),
  };
}

function parseAgentList(raw: unknown): AgentRecord[] {
  if (!Array.isArray(raw)) throw corrupt('agent list', raw);
  const records: AgentRecord[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const agentId: unknown = raw[index];
    if (typeof agentId !== 'string') throw corrupt('agent id', agentId);
    const record = parseAgent(agentId, raw[index + 1]);
    if (record) records.push(record);
  }
  return records;
}

function parseAgent(agentId: string, raw: unknown): AgentRecord | undefined {
  // Lua `false` arrives as null over RESP2 and may arrive as false over RESP3.
  if (raw === null || raw === undefined || raw === false) return undefined;
  const [name, status, lastSeenAt, leases] = tuple(raw, 4);
  const chosen = AgentStatus.safeParse(status);
  if (typeof name !== 'string' || !chosen.success) throw corrupt(`agent ${agentId}`, raw);
  return {
    agentId,
    name,
    chosenStatus: chosen.data,
    lastSeenAt: toNumber(lastSeenAt),
    connections: parseLeases(leases),
  };
}

function parseLeases(raw: unknown): ConnectionLease[] {
  if (!Array.isArray(raw)) throw corrupt('connection list', raw);
  const leases: ConnectionLease[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const connectionId: unknown = raw[index];
    if (typeof connectionId !== 'string') throw corrupt('connection id', connectionId);
    leases.push({ connectionId, expiresAt: toNumber(raw[index + 1]) });
  }
  return leases;
}

function tuple(raw: unknown, length: number): unknown[] {
  if (!Array.isArray(raw) || raw.length < length) throw corrupt('script reply', raw);
  return raw as unknown[];
}

function toNumber(raw: unknown): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) throw corrupt('number', raw);
  return value;
}

/** Our own scripts wrote what we read; a mismatch is a bug or a foreign writer, never input. */
const corrupt = (what: string, raw: unknown): Error =>
  new Error(`unexpected presence data in redis (${what}): ${JSON.stringify(raw)}`);
