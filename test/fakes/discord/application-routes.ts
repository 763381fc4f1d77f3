import { discordErrors } from "./discord-errors.ts";
import type { FakeState } from "./fake-state.ts";
import { json, type Route, type RouteRequest } from "./rest-types.ts";

/** Gateway discovery, who the bot is, and command registration. */
export function applicationRoutes(state: FakeState): Route[] {
  const commandsRoute = (method: "GET" | "PUT", guildScoped: boolean): Route => ({
    method,
    pattern: guildScoped
      ? "/applications/:applicationId/guilds/:guildId/commands"
      : "/applications/:applicationId/commands",
    name: guildScoped ? "applicationGuildCommands" : "applicationCommands",
    auth: true,
    handle(req: RouteRequest) {
      if (req.params.applicationId !== state.applicationId) return discordErrors.unknownApplication();
      const guildId = req.params.guildId;
      if (method === "GET") return json(state.commands.list(guildId));
      const commands = state.commands.overwrite(guildId, req.json);
      if (commands === undefined)
        return discordErrors.invalidFormBody("_errors", "BASE_TYPE_LIST", "Must be a list of commands.");
      return json(commands);
    },
  });
  return [
    {
      method: "GET",
      pattern: "/gateway",
      name: "gateway",
      auth: false,
      handle: () => json({ url: state.gatewayUrl }),
    },
    {
      method: "GET",
      pattern: "/gateway/bot",
      name: "gatewayBot",
      auth: true,
      handle: () =>
        json({
          url: state.gatewayUrl,
          shards: 1,
          // max_concurrency 1: @discordjs/ws then spaces IDENTIFYs 5 s apart, as with real Discord.
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 1 },
        }),
    },
    { method: "GET", pattern: "/users/@me", name: "user", auth: true, handle: () => json(state.botUser) },
    {
      method: "GET",
      pattern: "/applications/@me",
      name: "currentApplication",
      auth: true,
      handle: () =>
        json({
          id: state.applicationId,
          name: state.botUser.username,
          icon: null,
          description: "",
          summary: "",
          bot_public: true,
          bot_require_code_grant: false,
          bot: state.botUser,
          verify_key: state.publicKeyHex ?? "0".repeat(64),
          flags: 0,
          team: null,
        }),
    },
    commandsRoute("GET", false),
    commandsRoute("PUT", false),
    commandsRoute("GET", true),
    commandsRoute("PUT", true),
  ];
}
