/**
 * The counters in Lua, as claim-counters.ts and the embedded engines keep them: image counts and
 * ledger lines never go below 0, and each key lives as long as key-lifetimes.ts says.
 */
export const luaCounters = `
local function add_images(key, day, count)
  local k = key_images(day, key)
  local n = math.max(0, (tonumber(redis.call("GET", k)) or 0) + count)
  redis.call("SET", k, int(n), "PX", int(KEEP_IMAGES_MS))
end

local function last_job_of(user)
  return tonumber(redis.call("GET", key_last_job(user)))
end

local function set_last_job(user, at, cooldown)
  redis.call("SET", key_last_job(user), int(at), "PX", int(math.max(KEEP_LAST_JOB_MS, cooldown)))
end

local function add_to_ledger_line(key, period, micro, images)
  local spent, made = key_ledger(period), key_ledger_images(period)
  local keep = (#period == 7) and KEEP_MONTH_LEDGER_MS or KEEP_DAY_LEDGER_MS
  local micro_now = math.max(0, (tonumber(redis.call("ZSCORE", spent, key)) or 0) + round(micro))
  local images_now = math.max(0, (tonumber(redis.call("HGET", made, key)) or 0) + images)
  redis.call("ZADD", spent, int(micro_now), key)
  redis.call("HSET", made, key, int(images_now))
  redis.call("PEXPIRE", spent, int(keep))
  redis.call("PEXPIRE", made, int(keep))
end

-- addToLedger: the person's day and month, and their workspace's (none in a direct message).
local function add_to_ledger(user, workspace, day, micro, images)
  if micro == 0 and images == 0 then return end
  local month = string.sub(day, 1, 7)
  for _, key in ipairs({ user, workspace }) do
    add_to_ledger_line(key, day, micro, images)
    add_to_ledger_line(key, month, micro, images)
  end
end
`;
