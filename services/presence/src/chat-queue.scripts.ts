import { releaseSlotLua } from './routing.scripts.js';

/**
 * Lua scripts of the chat queue: the open chats presence routes, the ones still
 * waiting for an agent, and their first-response SLA timers. Each script works on one site's
 * keys (one hash slot), so every step is atomic across presence replicas.
 *
 * Keys of a site (all under `<prefix>:{<siteId>}:`):
 *   chats      hash  conversationId → "<startedAtMs>|<departmentId or empty>"
 *   queue      zset  unclaimed chats, score = startedAt (the line visitors wait in)
 *   parked     set   queued chats nobody could be rung or assigned for (routed again later)
 *   sla        zset  unanswered chats, score = when the next escalation is due
 *   sla-level  hash  conversationId → next escalation level (agents | supervisors)
 *   loads, assigned  routing's (routing.scripts.ts)
 */

/**
 * A new chat to route. KEYS: chats, queue, sla, sla-level. ARGV: conversationId, startedAt,
 * departmentId ('' for none), slaMs. Returns 1 when new, 0 when already tracked (redelivery).
 */
export const TRACK_LUA = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], tonumber(ARGV[2]) + tonumber(ARGV[4]), ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], 'agents')
return 1
`;

/**
 * An agent claimed (or was assigned) a chat: it leaves the line and counts on their load; a
 * chat that moves from one agent to another moves its load too. KEYS: queue, parked, loads,
 * assigned. ARGV: conversationId, agentId. Returns 1 when the load changed.
 */
export const CLAIM_LUA = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
local previous = redis.call('HGET', KEYS[4], ARGV[1])
if previous == ARGV[2] then return 0 end
if previous then
  local load = redis.call('HINCRBY', KEYS[3], previous, -1)
  if load <= 0 then redis.call('HDEL', KEYS[3], previous) end
end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
return 1
`;

/**
 * A chat closed: forget it everywhere and free its agent's slot. KEYS: chats, queue, parked,
 * sla, sla-level, loads, assigned. ARGV: conversationId. Returns the agent freed, or false.
 */
export const FORGET_LUA = `
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
${releaseSlotLua(6, 7)}`;

/**
 * An agent went offline: every chat assigned to them goes back in line (at its original
 * place) and their load is dropped. KEYS: chats, queue, loads, assigned. ARGV: agentId.
 * Returns {conversationId, "<startedAt>|<departmentId>", ...}.
 */
export const REQUEUE_LUA = `
local taken = {}
local assigned = redis.call('HGETALL', KEYS[4])
for i = 1, #assigned, 2 do
  if assigned[i + 1] == ARGV[1] then
    local conversation = assigned[i]
    local info = redis.call('HGET', KEYS[1], conversation) or ''
    redis.call('HDEL', KEYS[4], conversation)
    local startedAt = tonumber(string.match(info, '^(%d+)|')) or 0
    redis.call('ZADD', KEYS[2], startedAt, conversation)
    table.insert(taken, conversation)
    table.insert(taken, info)
  end
end
redis.call('HDEL', KEYS[3], ARGV[1])
return taken
`;

/**
 * Takes the escalations due by now, so each fires on exactly one replica: an `agents`
 * escalation re-arms as `supervisors` one SLA later; a `supervisors` one ends the timer.
 * KEYS: sla, sla-level, chats. ARGV: now, slaMs.
 * Returns {conversationId, level, "<startedAt>|<departmentId>", ...}.
 */
export const TAKE_DUE_LUA = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
local taken = {}
for _, conversation in ipairs(due) do
  local level = redis.call('HGET', KEYS[2], conversation) or 'supervisors'
  if level == 'agents' then
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), conversation)
    redis.call('HSET', KEYS[2], conversation, 'supervisors')
  else
    redis.call('ZREM', KEYS[1], conversation)
    redis.call('HDEL', KEYS[2], conversation)
  end
  table.insert(taken, conversation)
  table.insert(taken, level)
  table.insert(taken, redis.call('HGET', KEYS[3], conversation) or '')
end
return taken
`;
