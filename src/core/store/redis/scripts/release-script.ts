import { redisScript } from "./redis-script.ts";

/**
 * Store.release: one job fewer held by the person in this instance. ARGV: prefix, instance id,
 * user key.
 */
export const releaseScript = redisScript(
  "imagineRelease",
  `
local key, me = key_held(ARGV[3]), ARGV[2]
local held = tonumber(redis.call("HGET", key, me)) or 0
if held > 1 then redis.call("HINCRBY", key, me, -1) else redis.call("HDEL", key, me) end
return 0
`,
);
