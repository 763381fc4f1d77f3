import type {
  APIInteractionDataResolvedChannel,
  APIInteractionDataResolvedGuildMember,
  APIRole,
  APIUser,
  GuildMemberFlags,
} from "discord.js";
import { roleObject } from "./build-guild.ts";
import { guildChannelObject, threadObject } from "./channel-objects.ts";
import type { FakeGuild } from "./fake-guild.ts";
import type { InteractionOptionInput, InteractionSubcommandInput } from "./interaction-input.ts";
import { defaultMemberPermissions } from "./permissions.ts";

/** What Discord puts in `data.resolved` for the user, channel and role options of a command. */
export interface ResolvedOptions {
  users?: Record<string, APIUser>;
  members?: Record<string, APIInteractionDataResolvedGuildMember>;
  channels?: Record<string, APIInteractionDataResolvedChannel>;
  roles?: Record<string, APIRole>;
}

/** Where the command was used: the guild (absent in a DM) and the member's permissions there. */
export interface ResolveContext {
  guild: Required<FakeGuild> | undefined;
  guildId: string | null;
  /** Discord gives each resolved channel the invoking member's permissions in it. */
  permissions: string;
}

const userOption = 6;
const channelOption = 7;
const roleOption = 8;

type AnyOption = InteractionOptionInput | InteractionSubcommandInput;

/** Every option with a value, under whatever subcommand or group it sits. */
function leaves(options: readonly AnyOption[]): InteractionOptionInput[] {
  return options.flatMap((option) => ("value" in option ? [option] : leaves(option.options ?? [])));
}

function channelOf(id: string, context: ResolveContext): APIInteractionDataResolvedChannel {
  const guildId = context.guildId ?? "0";
  const guild = context.guild;
  const position = guild?.channels.findIndex((channel) => channel.id === id) ?? -1;
  const described = guild?.channels[position];
  const thread = guild?.threads.find((each) => each.id === id);
  const object =
    described !== undefined
      ? guildChannelObject(guildId, described, position)
      : thread !== undefined
        ? threadObject(guildId, thread, guild?.ownerId ?? "800000000000000009")
        : guildChannelObject(guildId, { id }, 0);
  return { ...object, permissions: context.permissions } as APIInteractionDataResolvedChannel;
}

function roleOf(id: string, context: ResolveContext): APIRole {
  if (id === context.guildId) return roleObject(id, "@everyone", defaultMemberPermissions, 0);
  const roles = context.guild?.roles ?? [];
  const index = roles.findIndex((role) => role.id === id);
  const role = roles[index];
  return roleObject(id, role?.name ?? `role-${id}`, role?.permissions ?? "0", index + 1);
}

const userOf = (id: string): APIUser => ({
  id,
  username: `user-${id}`,
  discriminator: "0",
  global_name: `user-${id}`,
  avatar: null,
});

/** A member as `data.resolved.members` carries one: without `user`, `deaf` and `mute`. */
const memberOf = (): APIInteractionDataResolvedGuildMember => ({
  roles: [],
  permissions: defaultMemberPermissions,
  joined_at: new Date(0).toISOString(),
  nick: null,
  avatar: null,
  premium_since: null,
  pending: false,
  communication_disabled_until: null,
  // Flag enums have no member for "none".
  flags: 0 as GuildMemberFlags,
});

/**
 * The `data.resolved` entries for a command's user, channel and role options: channels and roles
 * as the guild describes them (a made-up text channel or role for an id it does not), users as
 * plain users, with a member each in a guild. Undefined when no option names one.
 */
export function resolveOptions(
  options: readonly AnyOption[],
  context: ResolveContext,
): ResolvedOptions | undefined {
  const resolved: Required<ResolvedOptions> = { users: {}, members: {}, channels: {}, roles: {} };
  for (const { type, value } of leaves(options)) {
    const id = String(value);
    if (type === userOption) {
      resolved.users[id] = userOf(id);
      if (context.guildId !== null) resolved.members[id] = memberOf();
    } else if (type === channelOption) {
      resolved.channels[id] = channelOf(id, context);
    } else if (type === roleOption) {
      resolved.roles[id] = roleOf(id, context);
    }
  }
  const filled = Object.entries(resolved).filter(([, entries]) => Object.keys(entries).length > 0);
  return filled.length > 0 ? (Object.fromEntries(filled) as ResolvedOptions) : undefined;
}
