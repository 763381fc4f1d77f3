// Registers /imagine with Discord: `npm run register:discord` (every server, may take up to an
// hour to appear) or `npm run register:discord -- --guild ID` (one server, at once).
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { DiscordAPIError, REST, type RESTOptions } from "discord.js";
import { ConfigError } from "../src/config/config.ts";
import { findUnknownVariables } from "../src/config/find-unknown-variables.ts";
import { loadConfig } from "../src/config/load-config.ts";
import { describeRegistration, registerCommands } from "../src/discord/inbound/register-commands.ts";

const usage =
  "usage: npm run register:discord [-- --guild GUILD_ID] (in the container: node dist/scripts/register-discord.js [--guild GUILD_ID])";

/** The guild to register in, or undefined for every server; anything else ends the script. */
function readGuildId(args: string[]): string | undefined {
  let values: { guild?: string | undefined };
  try {
    // Strict: an unknown flag (`--gild=1`) or a stray word must not fall back to a global
    // registration, which replaces the commands in every server.
    ({ values } = parseArgs({ args, options: { guild: { type: "string" } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  const id = values.guild;
  if (id !== undefined && !/^\d{17,20}$/.test(id)) {
    console.error(`--guild needs a server id (17 to 20 digits)\n${usage}`);
    process.exit(2);
  }
  return id;
}

function hintFor(error: unknown): string {
  if (!(error instanceof DiscordAPIError)) return "";
  if (error.status === 401) return " Check DISCORD_TOKEN.";
  if (error.status === 403 && guildId) {
    return " Invite the bot to that server with the applications.commands scope first.";
  }
  return "";
}

if (existsSync(".env")) process.loadEnvFile(".env");
const guildId = readGuildId(process.argv.slice(2));

try {
  // The command's limits come from the same settings the bot runs with (policy file included).
  // Registering talks only to Discord, so the CometAPI key is not needed for it.
  const config = loadConfig({
    ...process.env,
    COMETAPI_API_KEY: process.env.COMETAPI_API_KEY || "not-needed-to-register-commands",
  });
  if (!config.discord) throw new ConfigError(["DISCORD_TOKEN: required to register commands"]);
  const rest = new REST({
    api: config.discord.apiBaseUrl,
    // Node's fetch, not discord.js's own transport (src/discord/deliver/make-request.ts says why);
    // the bot's pooled undici transport pays off for bursts of edits, not for two requests.
    makeRequest: fetch as NonNullable<RESTOptions["makeRequest"]>,
  }).setToken(config.discord.token);
  console.log(describeRegistration(await registerCommands(rest, config.images, guildId)));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Cannot register commands:\n${error.problems.map((line) => `  ${line}`).join("\n")}`);
    // A misspelt name is often why a value counts as missing.
    for (const unknown of findUnknownVariables(process.env)) console.error(`  ${unknown.message}`);
  } else {
    // discord.js's messages name the problem ("401: Unauthorized") and never contain the token.
    console.error(`Registering commands failed: ${(error as Error).message}.${hintFor(error)}`);
  }
  process.exit(1);
}
