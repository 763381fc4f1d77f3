import { redisScript } from "./redis-script.ts";

/**
 * Reads the jobs of one index in one step, so none is seen half-written: `unfinished` (only those
 * whose instance's lease ran out, or that name none) and `untold` (those not being told by a live
 * instance) oldest first, `of` (ARGV[3] platform, ARGV[4] user) newest first, at most ARGV[5].
 * Answers each job's HGETALL pairs.
 */
export const readJobsScript = redisScript(
  "imagineReadJobs",
  `
local now = now_ms()
local members
local keep = function(_) return true end
if ARGV[2] == "unfinished" then
  members = redis.call("ZRANGE", key_jobs_unfinished, 0, -1)
  keep = function(job_key) return not instance_alive(redis.call("HGET", job_key, "owner"), now) end
elseif ARGV[2] == "untold" then
  members = redis.call("ZRANGE", key_jobs_untold, 0, -1)
  keep = function(job_key)
    local f = redis.call("HMGET", job_key, "errorCode", "teller")
    return f[1] ~= "telling" or not instance_alive(f[2], now)
  end
else
  members = redis.call("ZREVRANGE", key_jobs_of(ARGV[3], ARGV[4]), 0, tonumber(ARGV[5]) - 1)
end
local jobs = {}
for _, member in ipairs(members) do
  local job_key = key_job(id_of_member(member))
  if keep(job_key) then
    local fields = redis.call("HGETALL", job_key)
    if #fields > 0 then jobs[#jobs + 1] = fields end
  end
end
return jobs
`,
);
