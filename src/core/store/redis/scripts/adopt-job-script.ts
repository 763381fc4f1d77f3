import { redisScript } from "./redis-script.ts";

/**
 * JobStore.adoptJob: an unfinished job whose instance is gone (or that names none) becomes this
 * instance's, so no other instance's recovery closes it too. ARGV: prefix, the job's id, instance
 * id, lease ms. Answers 1, or 0 when it is finished, unknown, or a live instance's.
 */
export const adoptJobScript = redisScript(
  "imagineAdoptJob",
  `
local job_key, me = key_job(ARGV[2]), ARGV[3]
local now = now_ms()
local f = redis.call("HMGET", job_key, "status", "owner")
if f[1] ~= "queued" and f[1] ~= "running" then return 0 end
if instance_alive(f[2], now) then return 0 end
hold_lease(me, tonumber(ARGV[4]), now)
redis.call("HSET", job_key, "owner", me)
return 1
`,
);
