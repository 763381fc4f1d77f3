import { redisScript } from "./redis-script.ts";

/**
 * SettingsStore.changeSetting in one step: ARGV: prefix, scope, key, "1" with a value or "0" to
 * remove it, the value, its meta (JSON). Answers the value it replaced, or nil.
 */
export const changeSettingScript = redisScript(
  "imagineChangeSetting",
  `
local key = key_settings(ARGV[2])
local value_field, meta_field = "value:" .. ARGV[3], "meta:" .. ARGV[3]
local previous = redis.call("HGET", key, value_field)
if ARGV[4] == "1" then
  redis.call("HSET", key, value_field, ARGV[5], meta_field, ARGV[6])
else
  redis.call("HDEL", key, value_field, meta_field)
end
return previous
`,
);
