import { luaClaims } from "./lua-claims.ts";
import { luaCounters } from "./lua-counters.ts";
import { luaJobIndex } from "./lua-job-index.ts";
import { luaPrelude } from "./lua-prelude.ts";

/** One Lua script of the store: its command name on the client, and its source. */
export interface RedisScript {
  readonly name: string;
  readonly lua: string;
}

/**
 * A script with every shared Lua helper before its body. It takes no KEYS: ARGV[1] is the prefix
 * and the keys are named from it (redis-keys.ts), which a single Redis allows (not Redis Cluster).
 */
export function redisScript(name: string, body: string): RedisScript {
  return { name, lua: `${luaPrelude}${luaCounters}${luaClaims}${luaJobIndex}\n${body}` };
}
