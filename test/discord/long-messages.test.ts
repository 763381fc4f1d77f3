import { afterEach, describe, expect, it } from "vitest";
import { startDiscordHarness, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Sends /imagine and resolves with the private answer the person sees. */
async function refusalFor(options: Record<string, string | number>): Promise<string> {
  const token = harness!.imagine(options);
  await harness!.waitUntil(() => harness!.discord.messageFor(token) !== undefined);
  const message = harness!.discord.messageFor(token)!;
  expect(message.ephemeral).toBe(true);
  return message.content;
}

describe("refusals on Discord stay within a message's 2,000 characters", () => {
  it("answers a 6,000-character size with a short sentence naming the problem", async () => {
    harness = await startDiscordHarness();
    const content = await refusalFor({ prompt: "a cat", size: "9".repeat(6000) });
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/^Size "9+…" is not available for gpt-image-1\. Use 1024x1024, /);
    const generations = harness.cometapi.requests.filter((request) => request.path.endsWith("/generations"));
    expect(generations).toHaveLength(0);
  });

  it("cuts a refusal that would run past the limit rather than leave the person without an answer", async () => {
    const channels = Array.from({ length: 120 }, (_, index) => String(700000000000000000n + BigInt(index)));
    harness = await startDiscordHarness({ DISCORD_ALLOWED_CHANNEL_IDS: channels.join(",") });
    const content = await refusalFor({ prompt: "a cat" });
    expect(content).toHaveLength(2000);
    expect(content).toMatch(/^Images are allowed in <#700000000000000000>, <#700000000000000001>, .*…$/);
  });
});
