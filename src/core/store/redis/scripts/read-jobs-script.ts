import { redisScript } from "./redis-script.ts";

/**
 * Reads the jobs of one index in one step, so none is seen half-written: `unfinished` and `untold`
 * oldest first, `of` (ARGV[3] platform, ARGV[4] user) newest first, at most ARGV[5].
 * Answers each job's HGETALL pairs.
 */
export const readJobsScript = redisScript(
  "imagineReadJobs",
  `
local members
if ARGV[2] == "unfinished" then
  members = redis.call("ZRANGE", key_jobs_unfinished, 0, -1)
elseif ARGV[2] == "untold" then
  members = redis.call("ZRANGE", key_jobs_untold, 0, -1)
else
  members = redis.call("ZREVRANGE", key_jobs_of(ARGV[3], ARGV[4]), 0, tonumber(ARGV[5]) - 1)
end
local jobs = {}
for _, member in ipairs(members) do
  local fields = redis.call("HGETALL", key_job(id_of_member(member)))
  if #fields > 0 then jobs[#jobs + 1] = fields end
end
return jobs
`,
);
