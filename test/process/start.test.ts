import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runEntry } from "../support/run-entry.ts";
import { describe, expect, it } from "vitest";

const startMain = (env: Record<string, string>) => runEntry("src/main.ts", [], env);

describe("starting the bot", () => {
  it("exits non-zero with one readable line per problem when nothing is configured", async () => {
    const { code, stderr } = await startMain({});
    expect(code).toBe(1);
    expect(stderr).toContain("COMETAPI_API_KEY: required: set it to your CometAPI key");
    expect(stderr).toContain("DISCORD_TOKEN or SLACK_BOT_TOKEN: set at least one");
    expect(stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it("lists every bad value at once", async () => {
    const { code, stderr } = await startMain({
      COMETAPI_API_KEY: "k",
      DISCORD_TOKEN: "t",
      PORT: "http",
      LOG_LEVEL: "loud",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("PORT: must be a whole number between 0 and 65535");
    expect(stderr).toContain("LOG_LEVEL: must be one of");
  });

  it("checks the policy file at start, one line per problem", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imagine-policy-"));
    const file = join(dir, "policy.yml");
    writeFileSync(file, "limits:\n  cooldownSecs: 3\n");
    const { code, stderr } = await startMain({
      COMETAPI_API_KEY: "k",
      DISCORD_TOKEN: "t",
      IMAGINE_POLICY_FILE: file,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}: limits: Unrecognized key: "cooldownSecs"`);
  });
});
