import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.ts";
import { describeSettings } from "../../src/app/describe-settings.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";

const base = { COMETAPI_API_KEY: "k" };
const discord = { DISCORD_TOKEN: "d" };
const slackSocket = { SLACK_BOT_TOKEN: "xoxb", SLACK_APP_TOKEN: "xapp" };

describe("describeSettings", () => {
  it("says an open bot is open, in a few lines", () => {
    expect(describeSettings(loadConfig({ ...base, ...discord }))).toEqual([
      "platforms: Discord (gateway)",
      "Discord access: guilds any; channels any; denied channels none; roles any; denied roles none; direct messages refused; limits apply to admins too",
      "users refused by name: none; users let past the role and group rules: none; operators who may delete any image: none",
      "limits: no cooldown; no daily limit per person; no daily limit per guild or workspace; 3 queued per person; 4 running at once; up to 4 images per request; jobs kept 30 days",
      "policy file: none (IMAGINE_POLICY_FILE is not set)",
      "store: SQLite under ./data (one process; REDIS_URL shares the store among several)",
    ]);
  });

  it("says when Discord's interactions come over HTTP, naming the start of the public key only", () => {
    const publicKey = "ab12cd34".repeat(8);
    const lines = describeSettings(
      loadConfig({ ...base, ...discord, DISCORD_MODE: "http", DISCORD_PUBLIC_KEY: publicKey }),
    );
    expect(lines[0]).toBe(
      "platforms: Discord (HTTP interactions at /discord/interactions, public key ab12cd34…)",
    );
    expect(lines.join("\n")).not.toContain(publicKey);
  });

  it("states every rule the environment sets, for each platform", () => {
    const lines = describeSettings(
      loadConfig({
        ...base,
        ...discord,
        SLACK_BOT_TOKEN: "xoxb",
        SLACK_SIGNING_SECRET: "s",
        DISCORD_ALLOWED_GUILD_IDS: "100",
        DISCORD_ALLOWED_CHANNEL_IDS: "1,2",
        DISCORD_DENIED_CHANNEL_IDS: "3",
        DISCORD_ALLOWED_ROLE_IDS: "4",
        DISCORD_DENIED_ROLE_IDS: "5",
        DISCORD_ALLOW_DMS: "true",
        SLACK_ALLOWED_CHANNEL_IDS: "C1",
        SLACK_DENIED_CHANNEL_IDS: "C2",
        SLACK_ALLOWED_USERGROUP_IDS: "S1",
        IMAGINE_ALLOWED_USER_IDS: "discord:7",
        IMAGINE_DENIED_USER_IDS: "slack:U9",
        IMAGINE_ADMINS_BYPASS_LIMITS: "true",
        IMAGINE_COOLDOWN_SECONDS: "30",
        IMAGINE_DAILY_LIMIT_PER_USER: "20",
        IMAGINE_DAILY_LIMIT_PER_WORKSPACE: "300",
        IMAGINE_ADMIN_USER_IDS: "discord:8,U1",
        IMAGINE_JOB_RETENTION_DAYS: "7",
      }),
    );
    expect(lines).toEqual([
      "platforms: Discord (gateway), Slack (HTTP mode)",
      "Discord access: guilds 100; channels 1, 2; denied channels 3; roles 4; denied roles 5; direct messages allowed; admins skip the limits",
      "Slack access: workspaces any; channels C1; denied channels C2; user groups S1; denied user groups none; direct messages refused; admins skip the limits",
      "users refused by name: slack:U9; users let past the role and group rules: discord:7; operators who may delete any image: discord:8, U1",
      "limits: cooldown 30 s; 20 images per person a day; 300 images per guild or workspace a day; 3 queued per person; 4 running at once; up to 4 images per request; jobs kept 7 days",
      "policy file: none (IMAGINE_POLICY_FILE is not set)",
      "store: SQLite under ./data (one process; REDIS_URL shares the store among several)",
    ]);
  });

  it("states the rules after the policy file, with its per-guild overrides, and names the file", () => {
    const dir = makeTempDir("describe");
    const file = join(dir, "policy.yml");
    writeFileSync(
      file,
      [
        "limits: { cooldownSeconds: 10, concurrency: 2 }",
        "slack:",
        "  allowedChannelIds: [C7]",
        "  workspaces:",
        "    T1: { dailyLimitPerWorkspace: 50, allowedUsergroupIds: [S2] }",
        "",
      ].join("\n"),
    );
    const lines = describeSettings(loadConfig({ ...base, ...slackSocket, IMAGINE_POLICY_FILE: file }));
    expect(lines[0]).toBe("platforms: Slack (Socket Mode)");
    expect(lines[1]).toContain("Slack access: workspaces any; channels C7;");
    expect(lines[2]).toBe("Slack workspace T1: user groups S2; 50 images per workspace a day");
    expect(lines).toContain(`policy file: ${file} (laid over the environment's rules)`);
    expect(lines.find((line) => line.startsWith("limits:"))).toContain("cooldown 10 s; ");
    expect(lines.find((line) => line.startsWith("limits:"))).toContain("; 2 running at once;");
  });

  it("names a shared Redis by host and port only, and says DATA_DIR is not used then", () => {
    const lines = describeSettings(
      loadConfig({
        ...base,
        ...discord,
        REDIS_URL: "redis://bot:hunter22@redis.internal:6380/3",
        IMAGINE_REDIS_PREFIX: "bot-a:",
        IMAGINE_INSTANCE_LEASE_SECONDS: "10",
      }),
    );
    expect(lines.at(-1)).toBe(
      "store: Redis at redis.internal:6380, keys under bot-a:, shared by every instance; " +
        "a stopped instance's jobs are closed by another within 15 s; DATA_DIR is not used",
    );
    expect(lines.join("\n")).not.toContain("hunter22");
  });

  it("shortens a long id list", () => {
    const ids = Array.from({ length: 13 }, (_, index) => String(index + 1)).join(",");
    const [, access] = describeSettings(
      loadConfig({ ...base, ...discord, DISCORD_ALLOWED_CHANNEL_IDS: ids }),
    );
    expect(access).toContain("channels 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 3 more;");
  });
});
