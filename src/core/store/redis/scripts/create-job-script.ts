import { redisScript } from "./redis-script.ts";

/**
 * JobStore.createJob: the job, run by this store instance, whose lease it renews.
 * ARGV: prefix, the job's id, instance id, lease ms, its fields. Answers 0 when the id is taken.
 */
export const createJobScript = redisScript(
  "imagineCreateJob",
  `
local job_key, me = key_job(ARGV[2]), ARGV[3]
if redis.call("EXISTS", job_key) == 1 then return 0 end
hold_lease(me, tonumber(ARGV[4]), now_ms())
insert_job(job_key, ARGV[2], me, 5)
return 1
`,
);
