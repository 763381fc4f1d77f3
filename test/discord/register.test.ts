import { REST, type RESTOptions } from "discord.js";
import { runEntry } from "../support/run-entry.ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.ts";
import { buildEditImageCommand, buildImagineCommand } from "../../src/discord/inbound/commands.ts";
import { describeRegistration, registerCommands } from "../../src/discord/inbound/register-commands.ts";
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
      ["image", 11],
      ["mask", 11],
    ]);
    expect(command.options?.filter((option) => option.required).map((option) => option.name)).toEqual([
      "prompt",
    ]);
    const byName = new Map(command.options?.map((option) => [option.name, option]));
    for (const name of ["size", "quality", "model"]) {
      expect(byName.get(name)).toMatchObject({ autocomplete: true });
    }
    expect(byName.get("count")).toMatchObject({ min_value: 1, max_value: 3 });
  });

  it("bounds every text option, the prompt by the offered models' own limit", () => {
    const maxLengths = (env: Record<string, string>) =>
      Object.fromEntries(
        (buildImagineCommand(settingsFrom(env)).options ?? []).map((option) => [
          option.name,
          "max_length" in option ? option.max_length : undefined,
        ]),
      );
    expect(maxLengths({})).toEqual({
      prompt: 4000,
      size: 20,
      quality: 20,
      count: undefined,
      model: 100,
      image: undefined,
      mask: undefined,
    });
    const dallE = {
      IMAGINE_DEFAULT_MODEL: "dall-e-3",
      IMAGINE_MODELS: "dall-e-3",
      IMAGINE_MAX_PROMPT_LENGTH: "32000",
    };
    expect(maxLengths(dallE)).toMatchObject({ prompt: 4000 });
  });
});

describe("the Edit image command definition", () => {
  it("is a message command, usable in servers and the bot's DMs", () => {
    expect(buildEditImageCommand()).toEqual({ name: "Edit image", type: 3, contexts: [0, 1] });
  });
});

const registered = `/imagine, /imagine-history, /imagine-usage, /imagine-admin, "Edit image"`;

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
      names: ["/imagine", "/imagine-history", "/imagine-usage", "/imagine-admin", `"Edit image"`],
    });
    expect(discord.registeredCommands()).toEqual([
      expect.objectContaining({ name: "imagine", type: 1 }),
      expect.objectContaining({ name: "imagine-history", type: 1 }),
      expect.objectContaining({ name: "imagine-usage", type: 1 }),
      expect.objectContaining({
        name: "imagine-admin",
        type: 1,
        default_member_permissions: "32",
        contexts: [0],
      }),
      expect.objectContaining({ name: "Edit image", type: 3 }),
    ]);
    expect(discord.registeredCommands(guildId)).toEqual([]);
    expect(describeRegistration(result)).toBe(
      `Registered ${registered} globally for application ${discord.applicationId} (may take up to an hour to appear).`,
    );
  });

  it("registers in one guild", async () => {
    const result = await registerCommands(rest(), settingsFrom(), guildId);
    expect(result.scope).toEqual({ kind: "guild", guildId });
    expect(discord.registeredCommands(guildId)).toEqual([
      expect.objectContaining({ name: "imagine" }),
      expect.objectContaining({ name: "imagine-history" }),
      expect.objectContaining({ name: "imagine-usage" }),
      expect.objectContaining({ name: "imagine-admin" }),
      expect.objectContaining({ name: "Edit image" }),
    ]);
    expect(discord.registeredCommands()).toEqual([]);
    expect(describeRegistration(result)).toBe(
      `Registered ${registered} in guild ${guildId} for application ${discord.applicationId} (available now).`,
    );
  });

  it("runs as `npm run register:discord -- --guild ID` without a CometAPI key", async () => {
    const env = { DISCORD_TOKEN: discord.token, DISCORD_API_BASE_URL: discord.apiBaseUrl };
    const { code, stdout } = await runScript(["--guild", guildId], env);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(
      `Registered ${registered} in guild ${guildId} for application ${discord.applicationId} (available now).`,
    );
    expect(discord.registeredCommands(guildId).map((command) => (command as { name: string }).name)).toEqual([
      "imagine",
      "imagine-history",
      "imagine-usage",
      "imagine-admin",
      "Edit image",
    ]);
  });

  it("reads `--guild=ID` as well as `--guild ID`", async () => {
    const env = { DISCORD_TOKEN: discord.token, DISCORD_API_BASE_URL: discord.apiBaseUrl };
    const { code, stdout } = await runScript([`--guild=${guildId}`], env);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(
      `Registered ${registered} in guild ${guildId} for application ${discord.applicationId} (available now).`,
    );
    expect(discord.registeredCommands(guildId).map((command) => (command as { name: string }).name)).toEqual([
      "imagine",
      "imagine-history",
      "imagine-usage",
      "imagine-admin",
      "Edit image",
    ]);
    expect(discord.registeredCommands()).toEqual([]);
  });

  it("says when it registered globally", async () => {
    const env = { DISCORD_TOKEN: discord.token, DISCORD_API_BASE_URL: discord.apiBaseUrl };
    const { code, stdout } = await runScript([], env);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(
      `Registered ${registered} globally for application ${discord.applicationId} (may take up to an hour to appear).`,
    );
    expect(discord.registeredCommands().map((command) => (command as { name: string }).name)).toEqual([
      "imagine",
      "imagine-history",
      "imagine-usage",
      "imagine-admin",
      "Edit image",
    ]);
  });

  it.each([
    [["--gild=1"], "Unknown option '--gild'"],
    [[guildId], `Unexpected argument '${guildId}'`],
    [["--guild"], "argument missing"],
  ])("refuses %j with the usage line and exit 2, registering nothing", async (args, message) => {
    const env = { DISCORD_TOKEN: discord.token, DISCORD_API_BASE_URL: discord.apiBaseUrl };
    const { code, stdout, stderr } = await runScript(args, env);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain("usage: npm run register:discord [-- --guild GUILD_ID]");
    expect(stdout).toBe("");
    expect(discord.registeredCommands()).toEqual([]);
    expect(discord.registeredCommands(guildId)).toEqual([]);
  });

  it("names the variable meant when DISCORD_TOKEN is misspelt", async () => {
    const { code, stderr } = await runScript([], { DISCORD_TOKN: discord.token });
    expect(code).toBe(1);
    expect(stderr).toContain("DISCORD_TOKN is not a variable imagine-bot knows");
    expect(stderr).toContain("did you mean DISCORD_TOKEN?");
    expect(stderr).not.toContain(discord.token);
  });

  it("says which variable to fix when the token is refused", async () => {
    const env = { DISCORD_TOKEN: "not-the-token", DISCORD_API_BASE_URL: discord.apiBaseUrl };
    const { code, stderr } = await runScript([], env);
    expect(code).toBe(1);
    expect(stderr).toContain("Check DISCORD_TOKEN.");
    expect(stderr).not.toContain("not-the-token");
  });
});
