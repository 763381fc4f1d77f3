import type { Client } from "discord.js";

/**
 * The parts of discord.js's Client that HTTP interactions use and its typings leave out. Internal
 * API, used here only: `test/discord/emit-raw-interaction.test.ts` fails when an upgrade moves it.
 */
interface ClientInternals {
  readonly actions: {
    /** What the gateway's INTERACTION_CREATE handler calls with the raw payload. */
    readonly InteractionCreate: { handle(data: unknown): void };
    /** A payload's field under this key is the channel an action uses as it is, unpatched. */
    readonly injectedChannel: symbol;
  };
  readonly channels: {
    _add(
      data: unknown,
      guild: null,
      options: { readonly allowUnknownGuild: boolean; readonly cache: boolean },
    ): { readonly id: string } | null;
    readonly cache: Map<string, unknown>;
  };
  readonly guilds: { readonly cache: Map<string, unknown> };
}

/** What of a raw interaction this module reads; discord.js reads the rest. */
interface RawInteraction {
  readonly guild_id?: unknown;
  readonly channel?: unknown;
  readonly [field: string]: unknown;
}

/**
 * Has discord.js build the Interaction of a raw payload that arrived over HTTP and emit it as
 * `interactionCreate`, exactly as the gateway's INTERACTION_CREATE does, so the same listeners
 * answer it.
 *
 * Without a gateway no GUILD_CREATE ever arrives, and discord.js builds no channel of a guild it has
 * not cached: `interaction.channel` would be null, and with it a thread's parent, a clicked
 * message and a message command's target. So the payload's channel is built as a channel of an
 * unknown guild (what `ChannelManager#fetch` does with `allowUnknownGuild`), put where the
 * `channel` getter looks, and handed to the action as it is: patching a cached thread would look
 * for its parent in a guild that is not there. The member stays the payload's (`member.roles`,
 * `member.permissions`), which Discord computed for this interaction.
 */
export function emitRawInteraction(client: Client, data: RawInteraction): void {
  const internals = client as unknown as ClientInternals;
  // Entitlements go into `client.application`, which only a gateway READY creates; the bot sells
  // nothing and reads none.
  const payload: Record<string, unknown> = { ...data, entitlements: [] };
  const { guild_id: guildId, channel } = data;
  if (
    typeof guildId === "string" &&
    typeof channel === "object" &&
    channel !== null &&
    !internals.guilds.cache.has(guildId)
  ) {
    // Built afresh each time: `_add` would patch a cached one, which looks for a thread's parent.
    internals.channels.cache.delete(String((channel as { id?: unknown }).id));
    const built = internals.channels._add({ guild_id: guildId, ...channel }, null, {
      allowUnknownGuild: true,
      cache: false,
    });
    if (built) {
      internals.channels.cache.set(built.id, built);
      // The action looks for it on the payload's channel object.
      payload["channel"] = { ...channel, [internals.actions.injectedChannel]: built };
    }
  }
  internals.actions.InteractionCreate.handle(payload);
}
