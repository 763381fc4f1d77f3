import { redisScript } from "./redis-script.ts";

/** JobStore.createJob: ARGV: prefix, the job's id, its fields. Answers 0 when the id is taken. */
export const createJobScript = redisScript(
  "imagineCreateJob",
  `
local job_key = key_job(ARGV[2])
if redis.call("EXISTS", job_key) == 1 then return 0 end
insert_job(job_key, ARGV[2], 3)
return 1
`,
);
