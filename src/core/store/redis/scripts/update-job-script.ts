import { redisScript } from "./redis-script.ts";

/**
 * JobStore.updateJob: writes the changed fields (messageRefs merge, as each ref is a field of its
 * own), except the status of a deleted job, which stays deleted: its result may still be landing
 * when someone deletes it. A job pruned meanwhile stays gone.
 * ARGV: prefix, the job's id, then field/value pairs (changeFields, job-fields.ts).
 */
export const updateJobScript = redisScript(
  "imagineUpdateJob",
  `
local job_key = key_job(ARGV[2])
local status = redis.call("HGET", job_key, "status")
if not status then return 0 end
for j = 3, #ARGV, 2 do
  if ARGV[j] ~= "status" or status ~= "deleted" then redis.call("HSET", job_key, ARGV[j], ARGV[j + 1]) end
end
reindex_job(job_key)
return 1
`,
);
