import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configVariables } from "../../src/config/config.ts";
import { loadConfig } from "../../src/config/load-config.ts";

const minimal = { COMETAPI_API_KEY: "sk-test", DISCORD_TOKEN: "discord-token" };

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("fills every default from DESIGN.md when only the required values are set", () => {
    const config = loadConfig(minimal);
    expect(config.cometapi).toEqual({
      apiKey: "sk-test",
      baseUrl: "https://api.cometapi.com/v1",
      timeoutMs: 300_000,
      idleTimeoutMs: 120_000,
      maxRetries: 3,
    });
    expect(config.balance).toEqual({
      quotaUrl: "https://query.cometapi.com",
      everyMs: 30 * 60_000,
      lowUsd: 0,
    });
    expect(config.discord).toEqual({
      token: "discord-token",
      apiBaseUrl: "https://discord.com/api",
      mode: "gateway",
    });
    expect(config.rules.access.discord?.allowedChannelIds).toEqual([]);
    expect(config.slack).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe("info");
    expect(config.dataDir).toBe("./data");
    expect(config.limits).toEqual({ concurrency: 4, memoryBytes: 128 * 1024 * 1024, maxQueuedPerUser: 3 });
    expect(config.rules.limits).toEqual({
      cooldownSeconds: 0,
      dailyLimitPerUser: 0,
      dailyLimitPerWorkspace: 0,
      budgetPerUserDailyUsd: 0,
      budgetPerWorkspaceMonthlyUsd: 0,
    });
    expect(config.images.defaultModel).toBe("gpt-image-1");
    expect(config.images.outputFormat).toBe("png");
    expect(config.images.maxInputImageBytes).toBe(20 * 1024 * 1024);
    expect(config.allowLoopbackUrls).toBe(false);
  });

  it("reads the largest image to edit in MB, and the loopback switch for tests", () => {
    const config = loadConfig({
      ...minimal,
      IMAGINE_MAX_INPUT_IMAGE_MB: "5",
      IMAGINE_ALLOW_LOOPBACK_URLS: "true",
    });
    expect(config.images.maxInputImageBytes).toBe(5 * 1024 * 1024);
    expect(config.allowLoopbackUrls).toBe(true);
  });

  it("reads every contract variable", () => {
    const config = loadConfig({
      COMETAPI_API_KEY: "sk-test",
      COMETAPI_BASE_URL: "http://127.0.0.1:9999/v1/",
      DISCORD_TOKEN: "d",
      DISCORD_API_BASE_URL: "http://127.0.0.1:9998/api",
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_APP_TOKEN: "xapp-1",
      SLACK_SIGNING_SECRET: "secret",
      SLACK_API_URL: "http://127.0.0.1:9997/api/",
      PORT: "8080",
      LOG_LEVEL: "debug",
      DISCORD_ALLOWED_CHANNEL_IDS: "1, 2",
      DISCORD_ALLOWED_ROLE_IDS: "3",
      SLACK_ALLOWED_CHANNEL_IDS: "C1,C2",
      SLACK_ALLOWED_USERGROUP_IDS: "S1",
      IMAGINE_COOLDOWN_SECONDS: "30",
      IMAGINE_DAILY_LIMIT_PER_USER: "20",
      COMETAPI_TIMEOUT_SECONDS: "120",
      DATA_DIR: "/var/lib/imagine",
    });
    expect(config.cometapi.baseUrl).toBe("http://127.0.0.1:9999/v1");
    expect(config.cometapi.timeoutMs).toBe(120_000);
    // Each platform's part says how to connect; who may ask where is in the rules alone.
    expect(config.discord).toEqual({ token: "d", apiBaseUrl: "http://127.0.0.1:9998/api", mode: "gateway" });
    expect(config.slack).toEqual({
      botToken: "xoxb-1",
      appToken: "xapp-1",
      signingSecret: "secret",
      apiUrl: "http://127.0.0.1:9997/api/",
    });
    expect(config.port).toBe(8080);
    expect(config.rules.limits.cooldownSeconds).toBe(30);
    expect(config.rules.limits.dailyLimitPerUser).toBe(20);
    expect(config.rules.access.discord).toMatchObject({
      allowedChannelIds: ["1", "2"],
      allowedGroupIds: ["3"],
    });
    expect(config.rules.access.slack).toMatchObject({
      allowedChannelIds: ["C1", "C2"],
      allowedGroupIds: ["S1"],
    });
    expect(config.dataDir).toBe("/var/lib/imagine");
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ ...minimal, SLACK_BOT_TOKEN: "", PORT: " " }).port).toBe(3000);
  });

  it("lists every problem at once, one line each, naming the variable", () => {
    expect(problems({})).toEqual([
      "COMETAPI_API_KEY: required: set it to your CometAPI key",
      "DISCORD_TOKEN or SLACK_BOT_TOKEN: set at least one, so the bot has somewhere to listen",
    ]);
  });

  it("takes Discord's HTTP interactions mode with the application's public key", () => {
    const publicKey = "AB12cd34".repeat(8);
    const config = loadConfig({ ...minimal, DISCORD_MODE: "http", DISCORD_PUBLIC_KEY: ` ${publicKey} ` });
    expect(config.discord).toEqual({
      token: "discord-token",
      apiBaseUrl: "https://discord.com/api",
      mode: "http",
      publicKey: publicKey.toLowerCase(),
    });
  });

  it("asks for the public key in Discord's HTTP mode, and refuses one that is not 64 hex characters", () => {
    expect(problems({ ...minimal, DISCORD_MODE: "http" })).toEqual([
      "DISCORD_PUBLIC_KEY: required when DISCORD_MODE=http: the application's public key (General Information in the developer portal)",
    ]);
    const shape =
      "DISCORD_PUBLIC_KEY: must be the application's public key: 64 hex characters (General Information in the developer portal)";
    expect(problems({ ...minimal, DISCORD_MODE: "http", DISCORD_PUBLIC_KEY: "ab".repeat(31) })).toEqual([
      shape,
    ]);
    expect(problems({ ...minimal, DISCORD_MODE: "http", DISCORD_PUBLIC_KEY: "zz".repeat(32) })).toEqual([
      shape,
    ]);
    // The gateway needs no key; Discord off needs nothing of its own.
    expect(problems(minimal)).toEqual([]);
    expect(
      problems({ COMETAPI_API_KEY: "k", SLACK_BOT_TOKEN: "x", SLACK_APP_TOKEN: "a", DISCORD_MODE: "http" }),
    ).toEqual([]);
  });

  it("asks for a Slack connection mode when only the bot token is set", () => {
    expect(problems({ COMETAPI_API_KEY: "k", SLACK_BOT_TOKEN: "xoxb" })).toEqual([
      "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)",
    ]);
  });

  it.each([
    ["COMETAPI_BASE_URL", "ftp://example", "must be an http(s) URL"],
    ["COMETAPI_BASE_URL", "not a url", "must be an http(s) URL"],
    ["DISCORD_API_BASE_URL", "discord", "must be an http(s) URL"],
    ["DISCORD_MODE", "websocket", "must be gateway or http"],
    ["SLACK_API_URL", "slack", "must be an http(s) URL"],
    ["PORT", "abc", "must be a whole number between 0 and 65535"],
    ["PORT", "70000", "must be at most 65535"],
    ["PORT", "-1", "must be at least 0"],
    ["PORT", "80.5", "must be a whole number between 0 and 65535"],
    ["LOG_LEVEL", "loud", "must be one of fatal, error, warn, info, debug, trace, silent"],
    ["DISCORD_ALLOWED_CHANNEL_IDS", "123,<#456>", "must be a comma-separated list of ids"],
    ["DISCORD_ALLOWED_ROLE_IDS", "@admins", "must be a comma-separated list of ids"],
    ["SLACK_ALLOWED_CHANNEL_IDS", "#general", "must be a comma-separated list of ids"],
    ["SLACK_ALLOWED_USERGROUP_IDS", "S1;S2", "must be a comma-separated list of ids"],
    ["IMAGINE_COOLDOWN_SECONDS", "-5", "must be at least 0"],
    ["IMAGINE_COOLDOWN_SECONDS", "soon", "must be a whole number"],
    ["IMAGINE_DAILY_LIMIT_PER_USER", "ten", "must be a whole number"],
    ["COMETAPI_TIMEOUT_SECONDS", "1", "must be at least 5"],
    ["COMETAPI_TIMEOUT_SECONDS", "forever", "must be a whole number"],
    ["IMAGINE_DEFAULT_MODEL", "midjourney", "must be one of gpt-image-1"],
    ["IMAGINE_MODELS", "gpt-image-1,flux", "must be one of gpt-image-1"],
    ["IMAGINE_OUTPUT_FORMAT", "gif", "must be png, jpeg or webp"],
    ["IMAGINE_PARTIAL_IMAGES", "4", "must be at most 3"],
    ["IMAGINE_MAX_CONCURRENCY", "0", "must be at least 1"],
    ["IMAGINE_DEFAULT_SIZE", "999x999", "999x999 is not a size gpt-image-1 makes"],
    ["IMAGINE_DEFAULT_QUALITY", "ultra", "gpt-image-1 does not take ultra"],
    ["DISCORD_ALLOW_DMS", "maybe", "must be true or false"],
    ["IMAGINE_MAX_INPUT_IMAGE_MB", "0", "must be at least 1"],
    ["IMAGINE_MAX_INPUT_IMAGE_MB", "51", "must be at most 50"],
    ["IMAGINE_MAX_INPUT_IMAGE_MB", "2.5", "must be a whole number"],
    ["IMAGINE_ALLOW_LOOPBACK_URLS", "on", "must be true or false"],
    ["COMETAPI_QUOTA_URL", "query.cometapi.com", "must be an http(s) URL"],
    ["IMAGINE_BALANCE_CHECK_MINUTES", "0", "must be at least 1"],
    ["IMAGINE_BALANCE_CHECK_MINUTES", "1441", "must be at most 1440"],
    ["IMAGINE_BALANCE_CHECK_MINUTES", "0.5", "must be a whole number"],
    ["IMAGINE_LOW_BALANCE_USD", "-1", "must be at least 0"],
    ["IMAGINE_LOW_BALANCE_USD", "$5", "must be a number"],
  ])("refuses %s=%s", (name, value, message) => {
    const found = problems({ ...minimal, [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${name}: `);
    expect(found[0]).toContain(message);
  });

  it("reads LOG_FORMAT as json or pretty, leaving the choice to the terminal when unset", () => {
    expect(loadConfig(minimal).logFormat).toBeUndefined();
    expect(loadConfig({ ...minimal, LOG_FORMAT: "pretty" }).logFormat).toBe("pretty");
    expect(loadConfig({ ...minimal, LOG_FORMAT: "json" }).logFormat).toBe("json");
    expect(problems({ ...minimal, LOG_FORMAT: "text" })).toEqual(["LOG_FORMAT: must be json or pretty"]);
  });

  it("reads the blocked terms and the mod-log channels, and refuses a term that cannot be used", () => {
    const config = loadConfig({
      ...minimal,
      IMAGINE_BLOCKED_TERMS: " nsfw , gore fest,/dr[a@]gon/i ",
      DISCORD_MODLOG_CHANNEL_ID: "123",
    });
    expect(config.rules.moderation.blockedTerms).toEqual(["nsfw", "gore fest", "/dr[a@]gon/i"]);
    expect(config.rules.access.discord?.modlogChannelId).toBe("123");
    expect(loadConfig(minimal).rules.access.discord?.modlogChannelId).toBeUndefined();
    expect(problems({ ...minimal, IMAGINE_BLOCKED_TERMS: "ok,/(open/" })).toEqual([
      expect.stringMatching(/^IMAGINE_BLOCKED_TERMS: "\/\(open\/" is not a usable blocked term: /),
    ]);
    expect(problems({ ...minimal, DISCORD_MODLOG_CHANNEL_ID: "#mods" })).toEqual([
      "DISCORD_MODLOG_CHANNEL_ID: must be a channel id (letters, digits, - and _)",
    ]);
  });

  it("reads the budgets in dollars, cents allowed, and refuses one that is not a number", () => {
    const config = loadConfig({
      ...minimal,
      IMAGINE_BUDGET_PER_USER_DAILY_USD: "0.45",
      IMAGINE_BUDGET_PER_WORKSPACE_MONTHLY_USD: "120",
    });
    expect(config.rules.limits).toMatchObject({
      budgetPerUserDailyUsd: 0.45,
      budgetPerWorkspaceMonthlyUsd: 120,
    });
    expect(problems({ ...minimal, IMAGINE_BUDGET_PER_USER_DAILY_USD: "$5" })).toEqual([
      "IMAGINE_BUDGET_PER_USER_DAILY_USD: must be a number between 0 and 1000000",
    ]);
  });

  it("reads where and how often CometAPI's balance is asked, with which key, and the low mark in dollars", () => {
    const config = loadConfig({
      ...minimal,
      COMETAPI_QUOTA_URL: "http://127.0.0.1:9996/",
      COMETAPI_QUOTA_KEY: " sk-query-only ",
      IMAGINE_BALANCE_CHECK_MINUTES: "5",
      IMAGINE_LOW_BALANCE_USD: "12.50",
    });
    expect(config.balance).toEqual({
      quotaUrl: "http://127.0.0.1:9996",
      quotaKey: "sk-query-only",
      everyMs: 5 * 60_000,
      lowUsd: 12.5,
    });
    expect(loadConfig({ ...minimal, COMETAPI_QUOTA_KEY: "" }).balance.quotaKey).toBeUndefined();
  });

  it("asks CometAPI's query service about the API key only when the API is CometAPI's own", () => {
    const gateway = { ...minimal, COMETAPI_BASE_URL: "https://gateway.example/v1" };
    expect(loadConfig(gateway).balance.quotaUrl).toBeUndefined();
    expect(loadConfig({ ...gateway, COMETAPI_QUOTA_KEY: "sk-query-only" }).balance.quotaUrl).toBe(
      "https://query.cometapi.com",
    );
    expect(loadConfig({ ...gateway, COMETAPI_QUOTA_URL: "https://quota.example" }).balance.quotaUrl).toBe(
      "https://quota.example",
    );
  });

  it("requires the default model to be among the offered models", () => {
    expect(problems({ ...minimal, IMAGINE_MODELS: "dall-e-3" })).toEqual([
      "IMAGINE_MODELS: must include the default model gpt-image-1",
    ]);
  });
});

describe("the documentation of the variables", () => {
  const root = join(import.meta.dirname, "..", "..");
  const envExample = readFileSync(join(root, ".env.example"), "utf8");
  // `NAME=value` or `# NAME=value`: set, or shown with its default.
  const examples = [...envExample.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(([, name, value]) => ({
    name: name ?? "",
    value: value ?? "",
  }));

  it("lists every variable the configuration knows in .env.example", () => {
    const listed = new Set(examples.map((example) => example.name));
    expect(configVariables.filter((name) => !listed.has(name))).toEqual([]);
  });

  it("lists no variable in .env.example that the configuration does not know", () => {
    expect(examples.map((example) => example.name).filter((name) => !configVariables.includes(name))).toEqual(
      [],
    );
  });

  it("shows the real defaults in .env.example", () => {
    // Both platforms on, so that their defaults show in the configuration too.
    const both = { ...minimal, SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" };
    const defaults = loadConfig(both);
    for (const { name, value } of examples.filter((example) => example.value !== "")) {
      expect({ name, config: loadConfig({ ...both, [name]: value }) }).toEqual({ name, config: defaults });
    }
  });

  it("names every variable the configuration knows in README.md", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(configVariables.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
