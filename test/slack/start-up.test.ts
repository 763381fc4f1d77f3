import { afterEach, describe, expect, it, vi } from "vitest";
import { startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await harness?.stop();
  harness = undefined;
});

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

  it("opens the Socket Mode connection through the bot's own transport, as every other Slack call", async () => {
    const nodeFetch = vi.spyOn(globalThis, "fetch");

    harness = await startHarness();

    const { slack } = harness;
    expect(slack.calls.filter((call) => call.method === "apps.connections.open")).toHaveLength(1);
    const toSlack = nodeFetch.mock.calls.filter(([url]) => String(url).startsWith(slack.apiUrl));
    expect(toSlack).toEqual([]);
  });
});
