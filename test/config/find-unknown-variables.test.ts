import { describe, expect, it } from "vitest";
import { configVariables } from "../../src/config/config.ts";
import { findUnknownVariables } from "../../src/config/find-unknown-variables.ts";

describe("findUnknownVariables", () => {
  it("names the known variable nearest to each mistyped one", () => {
    const found = findUnknownVariables({
      DISCORD_ALLOWED_CHANNELS: "1",
      IMAGINE_COOLDOWN_SECOND: "5",
      SLACK_BOT_TOKN: "xoxb-secret-value",
      COMETAPI_KEY: "sk-secret-value",
      LOG_LEVL: "debug",
    });
    expect(found.map(({ name, closest }) => [name, closest])).toEqual([
      ["COMETAPI_KEY", "COMETAPI_API_KEY"],
      ["DISCORD_ALLOWED_CHANNELS", "DISCORD_ALLOWED_CHANNEL_IDS"],
      ["IMAGINE_COOLDOWN_SECOND", "IMAGINE_COOLDOWN_SECONDS"],
      ["LOG_LEVL", "LOG_LEVEL"],
      ["SLACK_BOT_TOKN", "SLACK_BOT_TOKEN"],
    ]);
  });

  it("says what to do in one line that holds no value", () => {
    const [unknown] = findUnknownVariables({ IMAGINE_COOLDOWN_SECOND: "5", SLACK_BOT_TOKN: "xoxb-1" });
    expect(unknown?.message).toBe(
      "IMAGINE_COOLDOWN_SECOND is not a variable imagine-bot knows, so it changes nothing: did you mean IMAGINE_COOLDOWN_SECONDS?",
    );
    const messages = findUnknownVariables({ SLACK_BOT_TOKN: "xoxb-secret-value" }).map((u) => u.message);
    expect(messages.join("\n")).not.toContain("xoxb-secret-value");
  });

  it("catches a right name in the wrong case", () => {
    expect(findUnknownVariables({ discord_token: "t" })).toMatchObject([
      { name: "discord_token", closest: "DISCORD_TOKEN" },
    ]);
  });

  it("passes every variable the configuration knows, and leaves other programs' variables alone", () => {
    const env = Object.fromEntries(configVariables.map((name) => [name, "x"]));
    expect(findUnknownVariables({ ...env, PATH: "/bin", NODE_OPTIONS: "", HOME: "/root" })).toEqual([]);
  });
});
