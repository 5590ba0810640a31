/**
 * Lua scripts behind the live-visitor registry (see docs/presence.md, "Live visitors"). Like
 * the agent scripts, each is atomic and takes its time from Redis, so replicas agree on which
 * visitor sockets have lapsed.
 *
 * A visitor is stored as a hash (`doc`: the LiveVisitor fields as JSON, `connectedAt`,
 * `lastSeenAt`), a zset of socket leases, and a member of the site's `visitors` zset scored
 * with their latest lease expiry. A visit begins when a visitor with no live lease is seen.
 */

const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function extend(key, ttl)
  local current = redis.call('PTTL', key)
  if current ~= -2 and current < ttl then redis.call('PEXPIRE', key, ttl) end
end

local function index_visitor(site_key, connections_key, visitor_id)
  local latest = redis.call('ZRANGE', connections_key, -1, -1, 'WITHSCORES')
  if latest[2] then
    redis.call('ZADD', site_key, latest[2], visitor_id)
  else
    redis.call('ZREM', site_key, visitor_id)
  end
end
`;

/**
 * Registers or refreshes one visitor socket.
 * KEYS: visitor hash, visitor connections zset, site visitors zset.
 * ARGV: visitorId, connectionId, doc (JSON), leaseTtlMs, keyTtlMs, mode.
 * mode `set` stores doc (a connect or a navigation: the latest report wins); mode `touch` (the
 * heartbeat tick) only renews the lease, and stores doc only when nothing is stored (a new
 * visit, or Redis lost its data), so two tabs beating in turn do not flip the page back and forth.
 * Returns {now, change, doc, connectedAt, lastSeenAt}; change is arrived | updated | none.
 */
export const VISITOR_SEEN_LUA = `${PRELUDE}
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local old = false
if redis.call('ZCARD', KEYS[2]) > 0 then
  old = redis.call('HGET', KEYS[1], 'doc')
end
if not old then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'connectedAt', now)
end
local doc = ARGV[3]
if old and ARGV[6] == 'touch' then doc = old end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[2])
redis.call('HSET', KEYS[1], 'doc', doc, 'lastSeenAt', now)
index_visitor(KEYS[3], KEYS[2], ARGV[1])
local key_ttl = tonumber(ARGV[5])
extend(KEYS[1], key_ttl)
extend(KEYS[2], key_ttl)
extend(KEYS[3], key_ttl)
local change = 'none'
if not old then change = 'arrived' elseif old ~= doc then change = 'updated' end
return {now, change, doc, redis.call('HGET', KEYS[1], 'connectedAt'), now}
`;

/**
 * Ends one visitor socket; the visitor leaves when it was their last live one.
 * KEYS: visitor hash, visitor connections zset, site visitors zset.
 * ARGV: visitorId, connectionId.
 * Returns {now, change, doc, connectedAt, lastSeenAt}: change `left` (doc false) when the
 * visitor left, else `none` with the visitor as stored (or false when unknown).
 */
export const VISITOR_GONE_LUA = `${PRELUDE}
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local known = redis.call('ZCARD', KEYS[2]) > 0
redis.call('ZREM', KEYS[2], ARGV[2])
if redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('ZREM', KEYS[3], ARGV[1])
  if known then return {now, 'left', false, false, false} end
  return {now, 'none', false, false, false}
end
index_visitor(KEYS[3], KEYS[2], ARGV[1])
local fields = redis.call('HMGET', KEYS[1], 'doc', 'connectedAt', 'lastSeenAt')
return {now, 'none', fields[1], fields[2], fields[3]}
`;

/**
 * Reads a site's live visitors and prunes the lapsed ones (each lapsed visitor is handed to
 * exactly one reader, which announces that they left).
 * KEYS: site visitors zset. ARGV: the site's key prefix (`<prefix>:{<siteId>}:`).
 * Returns {now, {lapsedId...}, {visitorId, doc, connectedAt, lastSeenAt, ...}}.
 */
export const READ_VISITORS_LUA = `${PRELUDE}
local now = now_ms()
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
if #lapsed > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  for _, id in ipairs(lapsed) do
    redis.call('DEL', ARGV[1] .. 'visitor:' .. id, ARGV[1] .. 'visitor:' .. id .. ':connections')
  end
end
local live = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local fields = redis.call('HMGET', ARGV[1] .. 'visitor:' .. id, 'doc', 'connectedAt', 'lastSeenAt')
  if fields[1] then
    table.insert(live, id)
    table.insert(live, fields[1])
    table.insert(live, fields[2])
    table.insert(live, fields[3])
  end
end
return {now, lapsed, live}
`;
