import type { Actor } from "../../src/core/policy/actor.ts";

/** A person asking from a channel, holding the given roles or groups. */
export function actor(
  overrides: Partial<Omit<Actor, "memberOf" | "isAdmin">> & { groups?: string[]; admin?: boolean } = {},
): Actor {
  const { groups = [], admin = false, ...rest } = overrides;
  return {
    isAdmin: async () => admin,
    platform: "discord",
    userId: "u1",
    workspaceId: "g1",
    channelId: "c1",
    isDirectMessage: false,
    memberOf: async (ids) => ids.filter((id) => groups.includes(id)),
    ...rest,
  };
}
