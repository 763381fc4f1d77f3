import { redisScript } from "./redis-script.ts";

/**
 * JobStore.pruneJobs, one batch at a time so no script holds Redis for long: deletes up to ARGV[3]
 * jobs created before ARGV[2] (ms), with their index entries. Answers how many went.
 */
export const pruneJobsScript = redisScript(
  "imaginePruneJobs",
  `
local members = redis.call("ZRANGEBYSCORE", key_jobs_created, "-inf", "(" .. ARGV[2], "LIMIT", 0, tonumber(ARGV[3]))
for _, member in ipairs(members) do delete_job(member) end
return #members
`,
);
