import { slackError, stringArg } from "./method-context.ts";
import type { MethodHandler } from "./method-context.ts";
import { workspaceUrl } from "./permalinks.ts";

/** Identity, Socket Mode and directory lookups: just enough for Bolt and the bot. */
export const workspaceMethods: Record<string, MethodHandler> = {
  "auth.test": (_args, { identity }) => ({
    ok: true,
    url: workspaceUrl,
    team: identity.teamDomain,
    user: "imagine-bot",
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  }),

  "apps.connections.open": (_args, ctx) => ({ ok: true, url: ctx.openSocketUrl() }),

  "usergroups.users.list": (args, ctx) => {
    const users = ctx.usergroups[stringArg(args, "usergroup") ?? ""];
    return users === undefined ? slackError("no_such_subteam") : { ok: true, users: [...users] };
  },

  "conversations.info": (args) => {
    const id = stringArg(args, "channel");
    if (id === undefined || id === "") return slackError("channel_not_found");
    // Slack's id prefixes: C public channel, G private channel / group DM, D direct message.
    const isIm = id.startsWith("D");
    return {
      ok: true,
      channel: {
        id,
        name: isIm ? undefined : `channel-${id.toLowerCase()}`,
        is_channel: id.startsWith("C"),
        is_group: id.startsWith("G"),
        is_im: isIm,
        is_private: !id.startsWith("C"),
        is_archived: false,
        is_member: true,
        created: 1_700_000_000,
      },
    };
  },

  "users.info": (args, { identity, locales }) => {
    const id = stringArg(args, "user");
    if (id === undefined || id === "") return slackError("user_not_found");
    const name = id === identity.botUserId ? "imagine-bot" : `user-${id.toLowerCase()}`;
    // Slack names the user's language only when asked to.
    const withLocale = stringArg(args, "include_locale") === "true";
    return {
      ok: true,
      user: {
        id,
        team_id: identity.teamId,
        name,
        real_name: name,
        deleted: false,
        is_bot: id === identity.botUserId,
        is_admin: false,
        tz: "UTC",
        ...(withLocale && { locale: locales.get(id) ?? "en-US" }),
        profile: { display_name: name, real_name: name },
      },
    };
  },
};
