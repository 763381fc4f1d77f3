import { luaHoldMoves } from "./lua-hold-moves.ts";
import { redisScript } from "./redis-script.ts";

/**
 * SharedJobStore.withdrawQueuedJob: a job waiting in the shared queue (or still this instance's,
 * queued) is this instance's again, its person's place held moving back. ARGV: prefix, the job's
 * id, instance id, the queue's owner id, lease ms. Answers 1, or 0 when it is not waiting.
 */
export const withdrawQueuedJobScript = redisScript(
  "imagineWithdrawQueuedJob",
  `${luaHoldMoves}
local job_key, me, queue = key_job(ARGV[2]), ARGV[3], ARGV[4]
local f = redis.call("HMGET", job_key, "status", "owner")
if f[1] ~= "queued" or (f[2] ~= queue and f[2] ~= me) then return 0 end
hold_lease(me, tonumber(ARGV[5]), now_ms())
move_hold(job_key, f[2], me)
redis.call("HSET", job_key, "owner", me)
return 1
`,
);
