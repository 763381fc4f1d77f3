import { afterEach, describe, expect, it } from "vitest";
import type { PlatformAdapter } from "../../src/core/platform-adapter.ts";
import { discordConfigOf } from "../../src/app/load-adapters.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import type { Imagine } from "../../src/core/jobs/submission.ts";
import { ignoreJobs } from "../../src/core/jobs/job-observer.ts";
import { createDiscordAdapterWith } from "../../src/discord/index.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";
import { captureLog } from "../support/capture-log.ts";
import { fastIdentify } from "./harness.ts";

let discord: FakeDiscord | undefined;
let adapter: PlatformAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await discord?.close();
});

/** The adapter alone, with a core that must not be reached. */
function adapterFor(fake: FakeDiscord, token: string) {
  const config = discordConfigOf(
    loadConfig({ COMETAPI_API_KEY: "unused", DISCORD_TOKEN: token, DISCORD_API_BASE_URL: fake.apiBaseUrl }),
  );
  // Nothing is scrubbed from this log, so a token in it would show.
  const log = captureLog();
  const imagine = {} as Imagine; // never called: no interaction is sent
  return {
    log,
    adapter: createDiscordAdapterWith({ clientOptions: fastIdentify })({
      config: config!,
      imagine,
      log: log.log,
      observer: ignoreJobs,
    }),
  };
}

describe("starting the Discord adapter", () => {
  it("resolves once the guilds have arrived, asking for the Guilds intent only", async () => {
    discord = await startFakeDiscord();
    const started = adapterFor(discord, discord.token);
    adapter = started.adapter;
    expect(adapter.isReady()).toBe(false);
    await adapter.start();
    expect(adapter.isReady()).toBe(true);
    const identify = await discord.waitForGatewayEvent((event) => event.type === "receive" && event.op === 2);
    expect(identify).toMatchObject({ d: { intents: 1 } });
    await adapter.stop();
    expect(adapter.isReady()).toBe(false);
    expect(started.log.lines.join("\n")).toContain("Discord adapter started");
    expect(started.log.lines.join("\n")).not.toContain(discord.token);
  });

  it("fails with a line naming DISCORD_TOKEN when the token is refused", async () => {
    discord = await startFakeDiscord();
    const started = adapterFor(discord, "a-wrong-token-123");
    adapter = started.adapter;
    await expect(adapter.start()).rejects.toThrow(/check DISCORD_TOKEN/);
    expect(started.log.lines.join("\n")).not.toContain("a-wrong-token-123");
  });
});
