import { LiveVisitor, type LiveVisitorInfo, type LiveVisitorPage } from '@sapa/contracts';
import type { Redis } from 'ioredis';
import { defineScript, redisCall, type ScriptRunner } from './redis-scripts.js';
import { DEFAULT_KEY_PREFIX, presenceKeys, sitesIndexKey } from './presence.store.js';
import { READ_VISITORS_LUA, VISITOR_GONE_LUA, VISITOR_SEEN_LUA } from './visitors.scripts.js';

/** The Redis keys of a site's live visitors (same hash-tagged site prefix as the agents). */
export function visitorKeys(siteId: string, prefix = DEFAULT_KEY_PREFIX) {
  const { site } = presenceKeys(siteId, prefix);
  return {
    site,
    /** zset: member visitorId, score = the visitor's latest lease expiry (ms). */
    visitors: `${site}visitors`,
    /** hash: doc (JSON), connectedAt, lastSeenAt (ms). */
    visitor: (visitorId: string) => `${site}visitor:${visitorId}`,
    /** zset: member connectionId, score = lease expiry (ms). */
    connections: (visitorId: string) => `${site}visitor:${visitorId}:connections`,
  };
}

export interface VisitorStoreOptions {
  readonly leaseTtlMs: number;
  readonly keyTtlMs: number;
  readonly keyPrefix?: string;
}

/** What one write did to a visitor, at Redis time `now`. */
export interface VisitorChange {
  readonly now: number;
  readonly change: 'arrived' | 'updated' | 'left' | 'none';
  /** The visitor as stored after the write; undefined when they left or were unknown. */
  readonly visitor: LiveVisitor | undefined;
}

/** A site's visitors read at Redis time `now`. */
export interface VisitorSnapshot {
  readonly now: number;
  readonly visitors: readonly LiveVisitor[];
  /** Visitors whose last lease lapsed since the previous read; reported once, to one reader. */
  readonly lapsed: readonly string[];
}

/** The stored part of a LiveVisitor (everything but the id and the times). */
type VisitorDoc = Omit<LiveVisitor, 'visitorId' | 'connectedAt' | 'lastSeenAt'>;

/**
 * The live-visitor registry in Redis: one lease per widget socket, expiring by itself, so a
 * crashed gateway's visitors vanish without cleanup. Every operation is one Lua script.
 */
export class VisitorStore {
  readonly #redis: Redis;
  readonly #options: VisitorStoreOptions;
  readonly #prefix: string;
  readonly #seen: ScriptRunner;
  readonly #gone: ScriptRunner;
  readonly #read: ScriptRunner;

  constructor(redis: Redis, options: VisitorStoreOptions) {
    if (options.keyTtlMs <= options.leaseTtlMs) {
      throw new RangeError('visitor keyTtlMs must be longer than leaseTtlMs');
    }
    this.#redis = redis;
    this.#options = options;
    this.#prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.#seen = defineScript(redis, 'sapaVisitorSeen', VISITOR_SEEN_LUA);
    this.#gone = defineScript(redis, 'sapaVisitorGone', VISITOR_GONE_LUA);
    this.#read = defineScript(redis, 'sapaVisitorsRead', READ_VISITORS_LUA);
  }

  /**
   * Registers or refreshes one socket. `set` stores the page and info (connect, navigation);
   * `touch` only renews the lease unless nothing is stored (see VISITOR_SEEN_LUA).
   */
  async seen(
    input: {
      siteId: string;
      visitorId: string;
      connectionId: string;
      page: LiveVisitorPage;
      info: LiveVisitorInfo;
    },
    mode: 'set' | 'touch' = 'set',
  ): Promise<VisitorChange> {
    const keys = visitorKeys(input.siteId, this.#prefix);
    const { leaseTtlMs, keyTtlMs } = this.#options;
    const raw = await this.#seen(
      [keys.visitor(input.visitorId), keys.connections(input.visitorId), keys.visitors],
      [
        input.visitorId,
        input.connectionId,
        JSON.stringify(toDoc(input.page, input.info)),
        leaseTtlMs,
        keyTtlMs,
        mode,
      ],
    );
    const result = parseChange(input.visitorId, raw);
    // Same index as the agents: the sweeper then finds visitors of crashed gateways too.
    await redisCall(
      this.#redis.zadd(sitesIndexKey(this.#prefix), 'GT', result.now + leaseTtlMs, input.siteId),
    );
    return result;
  }

  /** Ends one socket; the visitor leaves with their last one. Unknown sockets change nothing. */
  async gone(input: {
    siteId: string;
    visitorId: string;
    connectionId: string;
  }): Promise<VisitorChange> {
    const keys = visitorKeys(input.siteId, this.#prefix);
    const raw = await this.#gone(
      [keys.visitor(input.visitorId), keys.connections(input.visitorId), keys.visitors],
      [input.visitorId, input.connectionId],
    );
    return parseChange(input.visitorId, raw);
  }

  /** The site's visitors with a live socket (oldest visit first), and those who just lapsed. */
  async readSite(siteId: string): Promise<VisitorSnapshot> {
    const keys = visitorKeys(siteId, this.#prefix);
    const raw = await this.#read([keys.visitors], [keys.site]);
    if (!Array.isArray(raw) || raw.length < 3) throw corrupt('visitor read', raw);
    const [now, lapsed, live] = raw as [unknown, unknown, unknown];
    if (!Array.isArray(lapsed) || !Array.isArray(live)) throw corrupt('visitor read', raw);
    const visitors: LiveVisitor[] = [];
    for (let index = 0; index + 3 < live.length; index += 4) {
      const visitorId: unknown = live[index];
      if (typeof visitorId !== 'string') throw corrupt('visitor id', visitorId);
      visitors.push(parseVisitor(visitorId, live[index + 1], live[index + 2], live[index + 3]));
    }
    visitors.sort(
      (a, b) => a.connectedAt - b.connectedAt || a.visitorId.localeCompare(b.visitorId),
    );
    return { now: toNumber(now), visitors, lapsed: lapsed.map(String) };
  }
}

/** Drops empty optional fields so a page report without a title does not store `""`. */
function toDoc(page: LiveVisitorPage, info: LiveVisitorInfo): VisitorDoc {
  const doc: Record<string, string> = { url: page.url };
  const optional = { title: page.title, referrer: page.referrer, ...info };
  for (const [key, value] of Object.entries(optional)) {
    if (typeof value === 'string' && value !== '') doc[key] = value;
  }
  return doc as VisitorDoc;
}

function parseChange(visitorId: string, raw: unknown): VisitorChange {
  if (!Array.isArray(raw) || raw.length < 5) throw corrupt('visitor change', raw);
  const [now, change, doc, connectedAt, lastSeenAt] = raw as unknown[];
  if (change !== 'arrived' && change !== 'updated' && change !== 'left' && change !== 'none') {
    throw corrupt('visitor change kind', change);
  }
  const present = doc !== null && doc !== undefined && doc !== false;
  return {
    now: toNumber(now),
    change,
    visitor: present ? parseVisitor(visitorId, doc, connectedAt, lastSeenAt) : undefined,
  };
}

function parseVisitor(
  visitorId: string,
  doc: unknown,
  connectedAt: unknown,
  lastSeenAt: unknown,
): LiveVisitor {
  if (typeof doc !== 'string') throw corrupt(`visitor ${visitorId}`, doc);
  const parsed = LiveVisitor.safeParse({
    ...(JSON.parse(doc) as object),
    visitorId,
    connectedAt: toNumber(connectedAt),
    lastSeenAt: toNumber(lastSeenAt),
  });
  if (!parsed.success) throw corrupt(`visitor ${visitorId}`, doc);
  return parsed.data;
}

function toNumber(raw: unknown): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) throw corrupt('number', raw);
  return value;
}

const corrupt = (what: string, raw: unknown): Error =>
  new Error(`unexpected live-visitor data in redis (${what}): ${JSON.stringify(raw)}`);
