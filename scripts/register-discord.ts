// Registers /imagine with Discord: `npm run register:discord` (global) or `-- --guild ID` (one server, at once).
import { existsSync } from "node:fs";
import { REST, type RESTOptions } from "discord.js";
import { ConfigError, loadConfig } from "../src/core/config.ts";
import { registerCommands } from "../src/discord/register-commands.ts";

if (existsSync(".env")) process.loadEnvFile(".env");
const guildFlag = process.argv.indexOf("--guild");
const guildId = guildFlag === -1 ? undefined : process.argv[guildFlag + 1];
if (guildFlag !== -1 && !guildId) {
  console.error("usage: npm run register:discord [-- --guild GUILD_ID]");
  process.exit(2);
}

try {
  const config = loadConfig(process.env);
  if (!config.discord) throw new ConfigError(["DISCORD_TOKEN: required to register commands"]);
  const rest = new REST({
    api: config.discord.apiBaseUrl,
    makeRequest: fetch as NonNullable<RESTOptions["makeRequest"]>,
  }).setToken(config.discord.token);
  const result = await registerCommands(rest, config.images, guildId);
  const names = result.names.map((name) => `/${name}`).join(", ");
  console.log(
    typeof result.scope === "string"
      ? `Registered ${names} globally for application ${result.applicationId} (Discord may take up to an hour to show it everywhere).`
      : `Registered ${names} in guild ${result.scope.guildId} for application ${result.applicationId} (available now).`,
  );
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Cannot register commands:\n${error.problems.map((line) => `  ${line}`).join("\n")}`);
  } else {
    console.error(`Registering commands failed: ${(error as Error).message}`);
  }
  process.exit(1);
}
