import { afterEach, describe, expect, it } from "vitest";
import { middayUtc } from "../support/fixed-clock.ts";
import { guild, png, startDiscordHarness, textChannelId, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const artistRole = guild.roles.find((role) => role.name !== "@everyone")!.id;

/** Sends /imagine and resolves with the private answer the person sees. */
async function refusalFor(
  options: Record<string, string | number>,
  input: Parameters<DiscordHarness["imagine"]>[1] = {},
): Promise<string> {
  const token = harness!.imagine(options, input);
  await harness!.waitUntil(() => harness!.discord.messageFor(token) !== undefined);
  const message = harness!.discord.messageFor(token)!;
  expect(message.ephemeral).toBe(true);
  expect(message.allowedMentions).toEqual({ parse: [] });
  expect(harness!.cometapi.requests).toHaveLength(0);
  return message.content;
}

describe("/imagine refusals on Discord: private, and nothing generated", () => {
  it("names the allowed channels outside them", async () => {
    harness = await startDiscordHarness({
      DISCORD_ALLOWED_CHANNEL_IDS: "111111111111111111,222222222222222222",
    });
    expect(await refusalFor({ prompt: "a cat" }, { channelId: textChannelId })).toBe(
      "Images are allowed in <#111111111111111111> and <#222222222222222222>.",
    );
  });

  it("names the role a member lacks", async () => {
    harness = await startDiscordHarness({ DISCORD_ALLOWED_ROLE_IDS: artistRole });
    expect(await refusalFor({ prompt: "a cat" }, { memberRoles: [] })).toBe(
      `You need the <@&${artistRole}> role.`,
    );
  });

  it("serves a member who has the role", async () => {
    harness = await startDiscordHarness({ DISCORD_ALLOWED_ROLE_IDS: artistRole });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = harness.imagine({ prompt: "a cat" }, { memberRoles: [artistRole] });
    await harness.waitUntil(() => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0);
    expect(harness.cometapi.requests).toHaveLength(1);
  });

  it("refuses direct messages unless allowed", async () => {
    harness = await startDiscordHarness();
    expect(await refusalFor({ prompt: "a cat" }, { guildId: null })).toBe(
      "Images can't be made in direct messages; ask in a channel instead.",
    );
  });

  it("serves direct messages when the operator allows them", async () => {
    harness = await startDiscordHarness({ DISCORD_ALLOW_DMS: "true" });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = harness.imagine({ prompt: "a cat in a DM" }, { guildId: null });
    await harness.waitUntil(() => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0);
    expect(harness.discord.messageFor(token)!.attachments[0]!.bytes).toEqual(png.image1);
  });

  it.each([
    [{ prompt: "   " }, "Write a prompt describing the image you want."],
    [{ prompt: "a cat", size: "999x999" }, 'Size "999x999" is not available for gpt-image-1.'],
    [{ prompt: "a cat", model: "midjourney" }, 'Unknown model "midjourney".'],
    [{ prompt: "a cat", quality: "ultra" }, 'Quality "ultra" is not available for gpt-image-1.'],
    [{ prompt: "a cat\u0000" }, "control characters"],
    [{ prompt: "\u200B\u200D\uFEFF" }, "Write a prompt describing the image you want."],
    [{ prompt: "x".repeat(4001) }, "The prompt is 4,001 characters long; the limit is 4,000."],
    [{ prompt: "a cat", count: 0 }, "The number of images must be between 1 and 4."],
    [{ prompt: "a cat", count: 99 }, "The number of images must be between 1 and 4."],
  ])("refuses bad input %j with a clear sentence", async (options, sentence) => {
    harness = await startDiscordHarness();
    expect(await refusalFor(options)).toContain(sentence);
  });

  it("says when a person may try again after a cooldown", async () => {
    harness = await startDiscordHarness({ IMAGINE_COOLDOWN_SECONDS: "60" }, {}, { now: () => middayUtc });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    harness.imagine({ prompt: "first" });
    await harness.cometapi.waitForRequests(1);
    const token = harness.imagine({ prompt: "second" });
    await harness.waitUntil(() => harness!.discord.messageFor(token) !== undefined);
    expect(harness.discord.messageFor(token)!.content).toBe("You can imagine again in 60 s.");
    expect(harness.discord.messageFor(token)!.ephemeral).toBe(true);
  });
});
