import { REST, type RESTOptions } from "discord.js";
import { runEntry } from "../support/run-entry.ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.ts";
import { buildImagineCommand } from "../../src/discord/commands.ts";
import { describeRegistration, registerCommands } from "../../src/discord/register-commands.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";

const guildId = "900000000000000001";

const settingsFrom = (env: Record<string, string> = {}) =>
  loadConfig({ COMETAPI_API_KEY: "k", DISCORD_TOKEN: "t", ...env }).images;

const runScript = (args: string[], env: Record<string, string>) =>
  runEntry("scripts/register-discord.ts", args, env);

describe("the /imagine command definition", () => {
  it("caps the prompt at the operator's limit, and at Discord's 6,000 characters", () => {
    const prompt = (env: Record<string, string>) => buildImagineCommand(settingsFrom(env)).options?.[0];
    expect(prompt({ IMAGINE_MAX_PROMPT_LENGTH: "300" })).toMatchObject({
      name: "prompt",
      type: 3,
      required: true,
      max_length: 300,
    });
    expect(prompt({ IMAGINE_MAX_PROMPT_LENGTH: "32000" })).toMatchObject({ max_length: 6000 });
  });

  it("offers size, quality and model by autocomplete and a count within the operator's limit", () => {
    const command = buildImagineCommand(settingsFrom({ IMAGINE_MAX_IMAGES_PER_REQUEST: "3" }));
    expect(command.contexts).toEqual([0, 1]);
    expect(command.options?.map((option) => [option.name, option.type])).toEqual([
      ["prompt", 3],
      ["size", 3],
      ["quality", 3],
      ["count", 4],
      ["model", 3],
    ]);
    const byName = new Map(command.options?.map((option) => [option.name, option]));
    for (const name of ["size", "quality", "model"]) {
      expect(byName.get(name)).toMatchObject({ autocomplete: true });
    }
    expect(byName.get("count")).toMatchObject({ min_value: 1, max_value: 3 });
  });
});

describe("registering /imagine", () => {
  let discord: FakeDiscord;
  beforeEach(async () => {
    discord = await startFakeDiscord();
  });
  afterEach(async () => {
    await discord.close();
  });

  const rest = () =>
    new REST({
      api: discord.apiBaseUrl,
      makeRequest: fetch as NonNullable<RESTOptions["makeRequest"]>,
    }).setToken(discord.token);

  it("registers globally, for the application the token belongs to", async () => {
    const result = await registerCommands(rest(), settingsFrom());
    expect(result).toEqual({
      applicationId: discord.applicationId,
      scope: { kind: "global" },
      names: ["imagine"],
    });
    expect(discord.registeredCommands()).toEqual([expect.objectContaining({ name: "imagine" })]);
    expect(discord.registeredCommands(guildId)).toEqual([]);
    expect(describeRegistration(result)).toBe(
      `Registered /imagine globally for application ${discord.applicationId} (may take up to an hour to appear).`,
    );
  });

  it("registers in one guild", async () => {
    const result = await registerCommands(rest(), settingsFrom(), guildId);
    expect(result.scope).toEqual({ kind: "guild", guildId });
    expect(discord.registeredCommands(guildId)).toEqual([expect.objectContaining({ name: "imagine" })]);
    expect(discord.registeredCommands()).toEqual([]);
    expect(describeRegistration(result)).toBe(
      `Registered /imagine in guild ${guildId} for application ${discord.applicationId} (available now).`,
    );
  });

  it("runs as `npm run register:discord -- --guild ID` without a CometAPI key", async () => {
    const env = { DISCORD_TOKEN: discord.token, DISCORD_API_BASE_URL: discord.apiBaseUrl };
    const { code, stdout } = await runScript(["--guild", guildId], env);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(
      `Registered /imagine in guild ${guildId} for application ${discord.applicationId} (available now).`,
    );
    expect(discord.registeredCommands(guildId)).toHaveLength(1);
  });

  it("says which variable to fix when the token is refused", async () => {
    const env = { DISCORD_TOKEN: "not-the-token", DISCORD_API_BASE_URL: discord.apiBaseUrl };
    const { code, stderr } = await runScript([], env);
    expect(code).toBe(1);
    expect(stderr).toContain("Check DISCORD_TOKEN.");
    expect(stderr).not.toContain("not-the-token");
  });
});
