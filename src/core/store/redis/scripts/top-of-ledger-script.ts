import { redisScript } from "./redis-script.ts";

/**
 * Store.topOfLedger's candidates: the keys starting with ARGV[3] that spent more than nothing in
 * period ARGV[2], most first, at least ARGV[4] of them and every one tied with the last, as
 * key, millionths of a dollar, images. The caller breaks ties by key.
 */
export const topOfLedgerScript = redisScript(
  "imagineTopOfLedger",
  `
local period, wanted, limit = ARGV[2], ARGV[3], tonumber(ARGV[4])
local rows = redis.call("ZREVRANGEBYSCORE", key_ledger(period), "+inf", "(0", "WITHSCORES")
local lines, kept, lowest = {}, 0, nil
for j = 1, #rows, 2 do
  local key, spent = rows[j], tonumber(rows[j + 1])
  if lowest and spent < lowest then break end
  if string.sub(key, 1, #wanted) == wanted then
    kept = kept + 1
    lines[#lines + 1] = key
    lines[#lines + 1] = int(spent)
    lines[#lines + 1] = redis.call("HGET", key_ledger_images(period), key) or "0"
    if kept == limit then lowest = spent end
  end
end
return lines
`,
);
