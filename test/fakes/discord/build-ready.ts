import type { APIUser } from "discord.js";
import type { FakeGuild } from "./fake-guild.ts";

/**
 * The READY payload of a new session, without `session_id` and `resume_gateway_url` (the session
 * adds those). Guilds start unavailable: discord.js holds `clientReady` until each one's
 * GUILD_CREATE has arrived.
 */
export function readyPayload(
  botUser: APIUser,
  applicationId: string,
  guilds: readonly Required<FakeGuild>[],
): Record<string, unknown> {
  return {
    v: 10,
    user: { ...botUser, verified: true, mfa_enabled: false },
    guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
    shard: [0, 1],
    application: { id: applicationId, flags: 0 },
    user_settings: {},
    private_channels: [],
    relationships: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
  };
}
