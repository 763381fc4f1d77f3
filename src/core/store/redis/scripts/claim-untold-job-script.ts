import { redisScript } from "./redis-script.ts";

/**
 * JobStore.claimUntoldJob: an interrupted job whose person was not told (`restarted`), or whose
 * telling was claimed by an instance that is gone, becomes `telling`, claimed by this instance.
 * ARGV: prefix, the job's id, instance id, lease ms. Answers 1, or 0 when it is not this
 * instance's to tell (told, being told by a live instance, not interrupted, unknown).
 */
export const claimUntoldJobScript = redisScript(
  "imagineClaimUntoldJob",
  `
local job_key, me = key_job(ARGV[2]), ARGV[3]
local now = now_ms()
local f = redis.call("HMGET", job_key, "status", "errorCode", "teller")
if f[1] ~= "interrupted" then return 0 end
if f[2] == "telling" then
  if instance_alive(f[3], now) then return 0 end
elseif f[2] ~= "restarted" then
  return 0
end
hold_lease(me, tonumber(ARGV[4]), now)
redis.call("HSET", job_key, "errorCode", "telling", "teller", me)
reindex_job(job_key)
return 1
`,
);
