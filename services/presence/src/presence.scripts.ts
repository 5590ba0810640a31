/**
 * Lua scripts behind the presence store. Each runs atomically in Redis, so replicas of the
 * presence service never interleave a read-modify-write on the same agent. Time comes from
 * Redis (`TIME`), not from the replica, so replicas with skewed clocks still agree on which
 * leases have lapsed.
 *
 * Every script returns the Redis time it used and the agent state(s) it saw, as
 * `{name, chosenStatus, lastSeenAt, {connectionId, expiresAt, ...}}` (or nil when nothing is
 * stored); the TypeScript side turns that into an `AgentRecord` and applies the pure rules.
 * See docs/presence.md for the key layout.
 */

/** Helpers shared by every script (prepended to each body). */
const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Drops the agent's lapsed leases, then returns its stored state, or false if none.
local function load_agent(agent_key, connections_key, now)
  redis.call('ZREMRANGEBYSCORE', connections_key, '-inf', now)
  local fields = redis.call('HMGET', agent_key, 'name', 'status', 'lastSeenAt')
  if not fields[1] then return false end
  return {fields[1], fields[2], fields[3], redis.call('ZRANGE', connections_key, 0, -1, 'WITHSCORES')}
end

-- Lengthens a key's TTL to ttl ms, never shortens it (another replica may have set a longer one).
local function extend(key, ttl)
  local current = redis.call('PTTL', key)
  if current ~= -2 and current < ttl then redis.call('PEXPIRE', key, ttl) end
end

-- Sets the agent's score in the site index to its latest lease expiry, or removes it.
local function index_agent(site_key, connections_key, agent_id)
  local latest = redis.call('ZRANGE', connections_key, -1, -1, 'WITHSCORES')
  if latest[2] then
    redis.call('ZADD', site_key, latest[2], agent_id)
  else
    redis.call('ZREM', site_key, agent_id)
  end
end
`;

/**
 * Registers or refreshes one connection.
 * KEYS: agent hash, agent connections zset, site agents zset.
 * ARGV: agentId, agentName, connectionId, leaseTtlMs, keyTtlMs.
 * Returns {now, before, after}. A new agent starts with chosen status `online`.
 */
export const HEARTBEAT_LUA = `${PRELUDE}
local now = now_ms()
local before = load_agent(KEYS[1], KEYS[2], now)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
redis.call('HSET', KEYS[1], 'name', ARGV[2], 'lastSeenAt', now)
redis.call('HSETNX', KEYS[1], 'status', 'online')
index_agent(KEYS[3], KEYS[2], ARGV[1])
local key_ttl = tonumber(ARGV[5])
extend(KEYS[1], key_ttl)
extend(KEYS[2], key_ttl)
extend(KEYS[3], key_ttl)
return {now, before, load_agent(KEYS[1], KEYS[2], now)}
`;

/**
 * Ends one connection: removes its lease at once (graceMs = 0) or lets it run for at most
 * graceMs more (never lengthens it), so a quick reconnect keeps the agent online.
 * KEYS: agent hash, agent connections zset, site agents zset.
 * ARGV: agentId, connectionId, graceMs.
 * Returns {now, before, after}; before and after are nil for an unknown agent.
 */
export const DISCONNECT_LUA = `${PRELUDE}
local now = now_ms()
local before = load_agent(KEYS[1], KEYS[2], now)
if not before then return {now, false, false} end
local grace = tonumber(ARGV[3])
if grace > 0 then
  redis.call('ZADD', KEYS[2], 'XX', 'LT', now + grace, ARGV[2])
else
  redis.call('ZREM', KEYS[2], ARGV[2])
end
index_agent(KEYS[3], KEYS[2], ARGV[1])
return {now, before, load_agent(KEYS[1], KEYS[2], now)}
`;

/**
 * Stores the agent's chosen status. Leases and TTLs are untouched: choosing a status is not
 * a sign of life, only a heartbeat is.
 * KEYS: agent hash, agent connections zset. ARGV: status.
 * Returns {now, before, after}; before and after are nil for an unknown agent.
 */
export const SET_STATUS_LUA = `${PRELUDE}
local now = now_ms()
local before = load_agent(KEYS[1], KEYS[2], now)
if not before then return {now, false, false} end
redis.call('HSET', KEYS[1], 'status', ARGV[1])
return {now, before, load_agent(KEYS[1], KEYS[2], now)}
`;

/**
 * Reads a whole site, pruning as it goes. Agents whose latest lease lapsed are removed from
 * the site index and returned separately, exactly once across all replicas, so whoever
 * prunes them can announce that they went offline.
 * KEYS: site agents zset. ARGV: the site's key prefix (`<prefix>:{<siteId>}:`).
 * The agent keys are derived inside the script; they share the site's hash tag, so on a
 * Redis Cluster they live in the same slot as KEYS[1].
 * Returns {now, {agentId, state, ...lapsed}, {agentId, state, ...live}}.
 */
export const READ_SITE_LUA = `${PRELUDE}
local now = now_ms()
local prefix = ARGV[1]
local function collect(agent_ids)
  local out = {}
  for _, agent_id in ipairs(agent_ids) do
    local agent_key = prefix .. 'agent:' .. agent_id
    local state = load_agent(agent_key, agent_key .. ':connections', now)
    if state then
      table.insert(out, agent_id)
      table.insert(out, state)
    end
  end
  return out
end
local lapsed_ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local lapsed = collect(lapsed_ids)
local live = collect(redis.call('ZRANGE', KEYS[1], 0, -1))
return {now, lapsed, live}
`;
