import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/core/config.ts";
import { applyPolicyFile, readPolicyFile } from "../../src/core/policy-file.ts";

const dir = mkdtempSync(join(tmpdir(), "imagine-policy-"));
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
});
