import { describe, expect, it } from "vitest";
import { startHarness } from "./harness.ts";

describe("starting the Slack adapter", () => {
  it("fails with a line naming SLACK_BOT_TOKEN when Slack refuses the bot token", async () => {
    await expect(startHarness({ env: { SLACK_BOT_TOKEN: "xoxb-not-this-apps-token" } })).rejects.toThrow(
      "Slack refused the bot token (invalid_auth): check SLACK_BOT_TOKEN",
    );
  });

  it("fails with a line naming SLACK_APP_TOKEN when Slack refuses the app-level token", async () => {
    await expect(startHarness({ env: { SLACK_APP_TOKEN: "xapp-not-this-apps-token" } })).rejects.toThrow(
      /^Slack refused to open a Socket Mode connection \(invalid_auth\): check SLACK_APP_TOKEN/,
    );
  });
});
