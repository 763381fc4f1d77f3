import { redisScript } from "./redis-script.ts";

/**
 * Renews this store instance's lease until now + ARGV[3] ms (Redis time), or with "0" ends it (the
 * jobs it holds no longer count), and forgets instances whose lease ran out.
 * ARGV: prefix, instance id, lease ms.
 */
export const leaseScript = redisScript(
  "imagineLease",
  `
local me, lease = ARGV[2], tonumber(ARGV[3])
local now = now_ms()
redis.call("ZREMRANGEBYSCORE", key_instances, "-inf", "(" .. int(now))
if lease > 0 then
  redis.call("ZADD", key_instances, int(now + lease), me)
else
  redis.call("ZREM", key_instances, me)
end
return 0
`,
);
