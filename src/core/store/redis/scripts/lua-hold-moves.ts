/**
 * Moving a job's place among its person's jobs held (`held:<userKey>`, counted per store instance:
 * see lua-claims.ts) from one instance to another, as the job changes hands in the shared queue.
 * A job whose claim was given back holds no place; a place the `from` instance no longer counts
 * (its lease ran out, and a take dropped it) is simply taken up by `to`.
 */
export const luaHoldMoves = `
local function move_hold(job_key, from, to)
  local user = redis.call("HGET", job_key, "claim.userKey")
  if not user or from == to then return end
  local key = key_held(user)
  local held = tonumber(redis.call("HGET", key, from)) or 0
  if held > 1 then redis.call("HINCRBY", key, from, -1) elseif held == 1 then redis.call("HDEL", key, from) end
  redis.call("HINCRBY", key, to, 1)
  redis.call("PEXPIRE", key, int(KEEP_HELD_MS))
end
`;
