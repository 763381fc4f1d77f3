import { luaHoldMoves } from "./lua-hold-moves.ts";
import { redisScript } from "./redis-script.ts";

/**
 * SharedJobStore.queueJob: a job this instance accepted and still holds queued now waits in the
 * shared queue, and belongs to the queue's own owner (whose lease every live instance renews).
 * ARGV: prefix, the job's id, instance id, the queue's owner id, lease ms. Answers 1, or 0 when
 * it is no longer this instance's queued job.
 */
export const queueJobScript = redisScript(
  "imagineQueueJob",
  `${luaHoldMoves}
local job_key, me, queue = key_job(ARGV[2]), ARGV[3], ARGV[4]
local f = redis.call("HMGET", job_key, "status", "owner")
if f[1] ~= "queued" or f[2] ~= me then return 0 end
hold_lease(queue, tonumber(ARGV[5]), now_ms())
move_hold(job_key, me, queue)
redis.call("HSET", job_key, "owner", queue)
return 1
`,
);
