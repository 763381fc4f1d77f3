import { luaKeys } from "../redis-keys.ts";

/**
 * What every script starts with: the keys, and three helpers. Numbers are written with `int`:
 * Lua's own conversion of a number to text may use an exponent, which Redis would not read back
 * as the same integer; millionths of a dollar are rounded with `round`, as Math.round does in the
 * embedded engines. Time is Redis's own (`TIME`), so every process counts leases on one clock.
 */
export const luaPrelude = `
${luaKeys}
local function int(n) return string.format("%d", n) end
local function round(n) return math.floor(n + 0.5) end
local function now_ms()
  local t = redis.call("TIME")
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;
