import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.ts";
import { applyPolicyFile, readPolicyFile } from "../../src/config/policy-file.ts";
import { runEntry } from "../support/run-entry.ts";

const dir = mkdtempSync(join(tmpdir(), "imagine-policy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
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
    });
    expect(merged.rules.users.deniedUserIds).toEqual(["discord:66"]);
    expect(merged.limits.concurrency).toBe(2);
    expect(merged.images.maxImagesPerRequest).toBe(2);
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
    expect(problems(join(dir, "missing.yml"))).toEqual([
      `${join(dir, "missing.yml")}: cannot be read; check IMAGINE_POLICY_FILE`,
    ]);
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
});
