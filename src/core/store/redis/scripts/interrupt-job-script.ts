import { redisScript } from "./redis-script.ts";

/**
 * JobStore.interruptJob: a job still queued or running becomes interrupted, and the claim it
 * holds is given back in the same step, unless another live instance runs it (one may have
 * started it between a sweep's reading and this step). ARGV: prefix, the job's id, the time, the
 * error code, this instance's id. Answers 1, or 0 when the job was unknown, no longer unfinished,
 * or another live instance's.
 */
export const interruptJobScript = redisScript(
  "imagineInterruptJob",
  `
local job_key = key_job(ARGV[2])
local status = redis.call("HGET", job_key, "status")
if status ~= "queued" and status ~= "running" then return 0 end
local owner = redis.call("HGET", job_key, "owner")
if owner and owner ~= ARGV[5] and instance_alive(owner, now_ms()) then return 0 end
local claim = claim_of_job(job_key)
if claim then
  give_back(claim)
  drop_claim(job_key)
end
redis.call("HSET", job_key, "status", "interrupted", "errorCode", ARGV[4], "updatedAt", ARGV[3])
reindex_job(job_key)
return 1
`,
);
