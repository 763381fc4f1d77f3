import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { applyPolicyFile, readPolicyFile } from "../../src/config/policy-file.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { runEntry } from "../support/run-entry.ts";

const write = (name: string, text: string) => {
  const path = join(makeTempDir("policy"), name);
  writeFileSync(path, text);
  return path;
};
const problems = (path: string) => {
  try {
    readPolicyFile(path);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("the policy file", () => {
  it("accepts the example shipped with the project", () => {
    expect(problems(join(import.meta.dirname, "..", "..", "examples", "policy.yml"))).toEqual([]);
  });

  it("lays its rules over the environment's, the file winning where it speaks", () => {
    const config = loadConfig({
      COMETAPI_API_KEY: "k",
      DISCORD_TOKEN: "d",
      DISCORD_ALLOWED_CHANNEL_IDS: "1",
      DISCORD_ALLOWED_ROLE_IDS: "9",
      IMAGINE_COOLDOWN_SECONDS: "5",
    });
    const path = write(
      "p.json",
      JSON.stringify({
        limits: { dailyLimitPerUser: 20, concurrency: 2, maxImagesPerRequest: 2 },
        users: { denied: ["discord:66"] },
        discord: {
          allowedChannelIds: ["2", 3],
          adminsBypassLimits: true,
          guilds: { g1: { dailyLimitPerGuild: 100 } },
        },
      }),
    );
    const merged = applyPolicyFile(config, readPolicyFile(path));
    expect(merged.rules.access.discord).toMatchObject({
      allowedChannelIds: ["2", "3"],
      allowedGroupIds: ["9"],
      adminsBypassLimits: true,
      workspaces: { g1: { dailyLimitPerWorkspace: 100 } },
    });
    expect(merged.rules.limits).toEqual({
      cooldownSeconds: 5,
      dailyLimitPerUser: 20,
      dailyLimitPerWorkspace: 0,
      budgetPerUserDailyUsd: 0,
      budgetPerWorkspaceMonthlyUsd: 0,
    });
    expect(merged.rules.users.deniedUserIds).toEqual(["discord:66"]);
    expect(merged.limits.concurrency).toBe(2);
    expect(merged.images.maxImagesPerRequest).toBe(2);
  });

  it("lays each platform's section over that platform's rules alike, each in its own words", () => {
    const config = loadConfig({
      COMETAPI_API_KEY: "k",
      DISCORD_TOKEN: "d",
      SLACK_BOT_TOKEN: "xoxb",
      SLACK_APP_TOKEN: "xapp",
      SLACK_ALLOWED_USERGROUP_IDS: "S0",
    });
    const path = write(
      "both.yml",
      [
        "discord:",
        "  allowedGuildIds: [G1]",
        "  deniedRoleIds: [R9]",
        "  guilds:",
        "    G1: { allowedRoleIds: [R1], dailyLimitPerGuild: 500 }",
        "slack:",
        "  allowedWorkspaceIds: [T1]",
        "  allowedUsergroupIds: [S1]",
        "  allowDirectMessages: true",
        "  workspaces:",
        "    T1: { allowedUsergroupIds: [S2], dailyLimitPerWorkspace: 200 }",
      ].join("\n"),
    );
    const { access } = applyPolicyFile(config, readPolicyFile(path)).rules;
    expect(access.discord).toMatchObject({
      allowedWorkspaceIds: ["G1"],
      deniedGroupIds: ["R9"],
      workspaces: { G1: { allowedGroupIds: ["R1"], dailyLimitPerWorkspace: 500 } },
    });
    expect(access.slack).toEqual({
      allowedChannelIds: [],
      deniedChannelIds: [],
      allowedGroupIds: ["S1"],
      allowedWorkspaceIds: ["T1"],
      allowDirectMessages: true,
      adminsBypassLimits: false,
      workspaces: { T1: { allowedGroupIds: ["S2"], dailyLimitPerWorkspace: 200 } },
    });
  });

  it("gives a platform that is off no rules, whatever its section says", () => {
    const config = loadConfig({ COMETAPI_API_KEY: "k", DISCORD_TOKEN: "d" });
    const path = write("off.yml", "slack:\n  allowedChannelIds: [C1]\n");
    expect(applyPolicyFile(config, readPolicyFile(path)).rules.access.slack).toBeUndefined();
  });

  it("is laid over the environment by loadConfig when IMAGINE_POLICY_FILE names it", () => {
    const path = write("named.yml", "limits:\n  cooldownSeconds: 7\n");
    const config = loadConfig({ COMETAPI_API_KEY: "k", DISCORD_TOKEN: "d", IMAGINE_POLICY_FILE: path });
    expect(config.rules.limits.cooldownSeconds).toBe(7);
  });

  it("lists every problem with the file and key", () => {
    const path = write("bad.yml", 'limits:\n  cooldownSecs: 3\ndiscord:\n  allowedRoleIds: "123"\n');
    expect(problems(path)).toEqual([
      `${path}: limits: Unrecognized key: "cooldownSecs"`,
      `${path}: discord.allowedRoleIds: Invalid input: expected array, received string`,
    ]);
  });

  it("says when the file is not valid YAML or JSON, or cannot be read", () => {
    expect(problems(write("broken.json", "{"))[0]).toContain("is not valid JSON");
    expect(problems(write("broken.yaml", "a: [1, 2"))[0]).toContain("is not valid YAML");
    const missing = join(makeTempDir("policy"), "missing.yml");
    expect(problems(missing)).toEqual([`${missing}: cannot be read; check IMAGINE_POLICY_FILE`]);
  });

  // A double holds 15–17 significant digits; Discord's ids have 17–20.
  const bigIds = ["900000000000000020", "1234567890123456789"];

  it("reads unquoted ids in YAML digit for digit, list items and guild keys alike", () => {
    const path = write(
      "ids.yml",
      [
        "limits:",
        "  dailyLimitPerUser: 7",
        "users:",
        "  denied: [1234567890123456789]",
        "discord:",
        "  allowedChannelIds: [900000000000000020, 42]",
        "  guilds:",
        "    900000000000000021:",
        "      allowedRoleIds: [900000000000000022]",
        "",
      ].join("\n"),
    );
    const file = readPolicyFile(path);
    expect(file.discord?.allowedChannelIds).toEqual([bigIds[0], "42"]);
    expect(file.users?.denied).toEqual([bigIds[1]]);
    expect(file.discord?.guilds).toEqual({
      "900000000000000021": { allowedRoleIds: ["900000000000000022"] },
    });
    expect(file.limits?.dailyLimitPerUser).toBe(7);
  });

  it("reads unquoted ids in JSON digit for digit, and still accepts only strict JSON", () => {
    const path = write("ids.json", '{"discord": {"allowedChannelIds": [900000000000000020]}}');
    expect(readPolicyFile(path).discord?.allowedChannelIds).toEqual([bigIds[0]]);
    expect(problems(write("lenient.json", '{"discord": {"allowedChannelIds": [1,]}}'))[0]).toContain(
      "is not valid JSON",
    );
  });

  it("lets the channel named by an unquoted id through once laid over the environment", () => {
    const config = loadConfig({ COMETAPI_API_KEY: "k", DISCORD_TOKEN: "d" });
    const path = write("channel.yml", "discord:\n  allowedChannelIds: [900000000000000020]\n");
    expect(applyPolicyFile(config, readPolicyFile(path)).rules.access.discord?.allowedChannelIds).toEqual([
      "900000000000000020",
    ]);
  });
});

describe("moderation in the policy file", () => {
  const env = {
    COMETAPI_API_KEY: "k",
    DISCORD_TOKEN: "d",
    SLACK_BOT_TOKEN: "xoxb-1",
    SLACK_APP_TOKEN: "xapp-1",
    IMAGINE_BLOCKED_TERMS: "nsfw",
    DISCORD_MODLOG_CHANNEL_ID: "111",
  };

  it("blocks the file's terms besides the environment's, and sets mod-logs and spoilers", () => {
    const path = write(
      "p.yml",
      [
        "moderation:",
        "  blocked: [gore, '/dr[a@]gon/']",
        "discord:",
        "  spoilerChannelIds: [222]",
        "  guilds:",
        "    '333': { modlogChannelId: 444, spoilers: true }",
        "slack:",
        "  modlogChannelId: C0MODLOG01",
        "",
      ].join("\n"),
    );
    const config = loadConfig({ ...env, IMAGINE_POLICY_FILE: path });
    expect(config.rules.moderation.blockedTerms).toEqual(["nsfw", "gore", "/dr[a@]gon/"]);
    expect(config.rules.access.discord).toMatchObject({
      modlogChannelId: "111",
      spoilerChannelIds: ["222"],
      workspaces: { "333": { modlogChannelId: "444", spoilers: true } },
    });
    expect(config.rules.access.slack).toMatchObject({ modlogChannelId: "C0MODLOG01" });
  });

  it("reads prices per million tokens or per request, and refuses a price that is not one", () => {
    const path = write(
      "p.yml",
      "prices:\n  gpt-image-1: { input: 5, output: 40 }\n  dall-e-3: { perRequest: 0.04 }\n",
    );
    expect(loadConfig({ ...env, IMAGINE_POLICY_FILE: path }).prices).toEqual({
      "gpt-image-1": { inputPerMillion: 5, outputPerMillion: 40 },
      "dall-e-3": { perRequest: 0.04 },
    });
    expect(loadConfig(env).prices).toEqual({});
    const bad = write(
      "bad.yml",
      "prices:\n  gpt-image-1: { input: -5, output: 40 }\n  dall-e-3: { perImage: 1 }\n",
    );
    expect(problems(bad)).toEqual([
      expect.stringContaining("prices.gpt-image-1"),
      expect.stringContaining("prices.dall-e-3"),
    ]);
  });

  it("locks the settings it names against chat, and says which values it set itself", () => {
    const config = loadConfig({
      COMETAPI_API_KEY: "k",
      DISCORD_TOKEN: "d",
      SLACK_BOT_TOKEN: "s",
      SLACK_APP_TOKEN: "a",
    });
    const path = write(
      "p.yml",
      [
        "lockedSettings: [budget_per_user_daily_usd, channels]",
        "limits:",
        "  cooldownSeconds: 10",
        "  budgetPerUserDailyUsd: 2",
        "discord:",
        "  modlogChannelId: '77'",
        "  spoilers: true",
        "",
      ].join("\n"),
    );
    const merged = applyPolicyFile(config, readPolicyFile(path));
    expect(merged.rules.lockedSettings).toEqual(["budget_per_user_daily_usd", "channels"]);
    expect(merged.rules.fromPolicyFile).toEqual([
      "cooldown_seconds",
      "budget_per_user_daily_usd",
      "discord:modlog_channel",
      "discord:spoilers",
    ]);
  });

  it("refuses a locked setting that does not exist", () => {
    const path = write("p.yml", "lockedSettings: [cooldown, users]\n");
    expect(problems(path)).toEqual([expect.stringContaining("lockedSettings.0")]);
  });

  it("refuses spoiler keys for Slack, which has no spoilers", () => {
    const path = write("p.yml", "slack:\n  spoilers: true\n");
    expect(problems(path)).toEqual([expect.stringContaining('slack: Unrecognized key: "spoilers"')]);
  });

  it("names the file and key of a term that is not a valid expression", () => {
    const path = write("p.yml", "moderation:\n  blocked: ['/(unclosed/']\n");
    expect(problems(path)).toEqual([
      expect.stringMatching(/p\.yml: moderation\.blocked: "\/\(unclosed\/" is not a usable blocked term/),
    ]);
  });
});

describe("npm run check-policy", () => {
  const checkPolicy = (path: string) => runEntry("scripts/check-policy.ts", [path], {});

  it("shows unquoted ids exactly as the bot will apply them", async () => {
    const path = write("check.yml", "discord:\n  allowedChannelIds: [900000000000000020]\n");
    const { code, stdout } = await checkPolicy(path);
    expect(code).toBe(0);
    expect(stdout).toContain(`${path} is valid; it sets:`);
    expect(stdout).toContain("discord.allowedChannelIds: 900000000000000020\n");
  });

  it("lists the problems and exits 1", async () => {
    const path = write("check-bad.yml", "limits:\n  cooldownSecs: 3\n");
    const { code, stderr } = await checkPolicy(path);
    expect(code).toBe(1);
    expect(stderr).toContain(`${path}: limits: Unrecognized key: "cooldownSecs"`);
  });

  it("checks the moderation keys too: a blocked term that does not compile, a spoiler flag that is not one", async () => {
    const path = write(
      "check-moderation.yml",
      "moderation:\n  blocked: ['/[/']\ndiscord:\n  spoilers: maybe\n",
    );
    const { code, stderr } = await checkPolicy(path);
    expect(code).toBe(1);
    expect(stderr).toContain(`${path}: moderation.blocked: "/[/" is not a usable blocked term`);
    expect(stderr).toContain(`${path}: discord.spoilers:`);
  });
});
