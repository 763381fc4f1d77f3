import { luaHoldMoves } from "./lua-hold-moves.ts";
import { redisScript } from "./redis-script.ts";

/**
 * SharedJobStore.startQueuedJob: a queued job, whoever holds it, becomes `running` and this
 * instance's, its person's place held moving along, in one step: of two workers handed the same
 * job, one starts it. ARGV: prefix, the job's id, instance id, lease ms, the time.
 * Answers `{outcome, the job's HGETALL pairs}`: `started`, `taken` (running under a live
 * instance), `left` (running under one that is gone) or `ended`.
 */
export const startQueuedJobScript = redisScript(
  "imagineStartQueuedJob",
  `${luaHoldMoves}
local job_key, me = key_job(ARGV[2]), ARGV[3]
local now = now_ms()
local f = redis.call("HMGET", job_key, "status", "owner")
local outcome = "ended"
if f[1] == "queued" then
  hold_lease(me, tonumber(ARGV[4]), now)
  move_hold(job_key, f[2] or "", me)
  redis.call("HSET", job_key, "owner", me, "status", "running", "updatedAt", ARGV[5])
  reindex_job(job_key)
  outcome = "started"
elseif f[1] == "running" then
  outcome = (f[2] == me or instance_alive(f[2], now)) and "taken" or "left"
end
return { outcome, redis.call("HGETALL", job_key) }
`,
);
