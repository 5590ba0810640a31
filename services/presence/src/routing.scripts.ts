/**
 * Lua scripts of chat routing. Reserving a slot is one script, so the limit check and the
 * increment of an agent's load are atomic: any number of presence replicas routing any number
 * of chats at once never push an agent over their limit.
 */

/**
 * Assigns a chat to the least busy candidate under their limit, ties round-robin: the Redis
 * twin of `decideRoute`'s least-busy branch (`duty/routing.rules.ts`, the specification), which
 * `routing.model.int.test.ts` proves it agrees with on generated inputs.
 * KEYS: loads hash (agentId → open chats), assigned hash (conversationId → agentId), cursor.
 * ARGV: conversationId, n, then n pairs (agentId, maxChats), sorted by agentId; maxChats 0 for
 * a candidate excluded for another reason (their load is read and returned, never chosen).
 * Returns {kind, agentId, {agentId, load, ...}}: kind assign | queue | existing.
 */
export const ASSIGN_LUA = `
local existing = redis.call('HGET', KEYS[2], ARGV[1])
local n = tonumber(ARGV[2])
local loads = {}
local best = nil
local tied = {}
for i = 0, n - 1 do
  local id = ARGV[3 + i * 2]
  local max = tonumber(ARGV[4 + i * 2])
  local load = tonumber(redis.call('HGET', KEYS[1], id) or '0')
  table.insert(loads, id)
  table.insert(loads, load)
  if load < max then
    if best == nil or load < best then
      best = load
      tied = {id}
    elseif load == best then
      table.insert(tied, id)
    end
  end
end
if existing then return {'existing', existing, loads} end
if #tied == 0 then return {'queue', '', loads} end
local last = redis.call('GET', KEYS[3])
local pick = tied[1]
if last then
  for _, id in ipairs(tied) do
    if id > last then
      pick = id
      break
    end
  end
end
redis.call('HINCRBY', KEYS[1], pick, 1)
redis.call('HSET', KEYS[2], ARGV[1], pick)
redis.call('SET', KEYS[3], pick)
return {'assign', pick, loads}
`;

/**
 * Lua that frees the slot of the chat in ARGV[1]: forgets its agent in the `assigned` hash and
 * takes one off their load (never below zero), then returns the agent, or false when the chat
 * had none. The arguments are the KEYS indexes of the loads and assigned hashes.
 */
export const releaseSlotLua = (loads: number, assigned: number): string => `
local agent = redis.call('HGET', KEYS[${assigned}], ARGV[1])
if not agent then return false end
redis.call('HDEL', KEYS[${assigned}], ARGV[1])
local load = redis.call('HINCRBY', KEYS[${loads}], agent, -1)
if load <= 0 then redis.call('HDEL', KEYS[${loads}], agent) end
return agent
`;

/**
 * Ends a routed chat: its agent's load goes down by one (never below zero).
 * KEYS: loads hash, assigned hash. ARGV: conversationId. Returns the agent id or false.
 */
export const RELEASE_LUA = releaseSlotLua(1, 2);
