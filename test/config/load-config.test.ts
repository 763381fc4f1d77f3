import { expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/load-config.ts";

// The configuration is read before the adapters are chosen, so reading it (each platform's part
// included) must load neither platform's library: a Slack-only bot never loads discord.js.
vi.mock("discord.js", () => {
  throw new Error("reading the configuration loaded discord.js");
});
vi.mock("@slack/bolt", () => {
  throw new Error("reading the configuration loaded @slack/bolt");
});

it("reads both platforms' parts without loading discord.js or @slack/bolt", () => {
  const config = loadConfig({
    COMETAPI_API_KEY: "k",
    DISCORD_TOKEN: "d",
    SLACK_BOT_TOKEN: "xoxb-1",
    SLACK_APP_TOKEN: "xapp-1",
  });
  expect(config.discord).toEqual({ token: "d", apiBaseUrl: "https://discord.com/api", mode: "gateway" });
  expect(config.slack).toEqual({ botToken: "xoxb-1", appToken: "xapp-1", apiUrl: "https://slack.com/api/" });
});
