import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { middayUtc } from "../support/fixed-clock.ts";
import { heldStream } from "../support/held-stream.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { guild, png, startDiscordHarness, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const manageGuild = (1n << 5n).toString();
const viewAndSend = ((1n << 10n) | (1n << 11n)).toString();
const done = (token: string) => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0;

describe("the policy through discord.js", () => {
  it("lets a Manage Server holder skip the cooldown only when the operator enables it", async () => {
    harness = await startDiscordHarness(
      { IMAGINE_COOLDOWN_SECONDS: "600", IMAGINE_ADMINS_BYPASS_LIMITS: "true" },
      {},
      { now: () => middayUtc },
    );
    harness.cometapi.fallback = { kind: "json", images: [png.image1] };
    const admin = { userId: "800000000000000101", memberPermissions: manageGuild };
    const first = harness.imagine({ prompt: "one" }, admin);
    await harness.waitUntil(() => done(first));
    const second = harness.imagine({ prompt: "two" }, admin);
    await harness.waitUntil(() => done(second));

    const member = { userId: "800000000000000102", memberPermissions: viewAndSend };
    const third = harness.imagine({ prompt: "three" }, member);
    await harness.waitUntil(() => done(third));
    const fourth = harness.imagine({ prompt: "four" }, member);
    await harness.waitUntil(() => harness!.discord.messageFor(fourth) !== undefined);
    expect(harness.discord.messageFor(fourth)!.content).toBe("You can imagine again in 600 s.");
    expect(harness.cometapi.requests).toHaveLength(3);
  });

  it("moves a waiting job up the line as others finish", async () => {
    harness = await startDiscordHarness({ IMAGINE_MAX_CONCURRENCY: "1" });
    const { behaviour, release } = heldStream([], [png.image1]);
    harness.cometapi.enqueue(behaviour);
    harness.cometapi.fallback = { kind: "json", images: [png.image2] };
    harness.imagine({ prompt: "running" }, { userId: "800000000000000201" });
    await harness.cometapi.waitForRequests(1);
    harness.imagine({ prompt: "second" }, { userId: "800000000000000202" });
    const third = harness.imagine({ prompt: "third" }, { userId: "800000000000000203" });
    await harness.waitUntil(
      () => harness!.discord.messageFor(third)?.content === "⏳ Waiting in line: position 2.",
    );
    release();
    await harness.waitUntil(() => done(third));
    const shown = harness.discord.calls
      .filter((call) => call.method === "PATCH" && call.path.includes(`/${third}/`))
      .map((call) => (call.json as { content: string }).content);
    expect(shown.slice(0, 2)).toEqual(["⏳ Waiting in line: position 2.", "⏳ Waiting in line: position 1."]);
  });

  it("applies a guild's overrides from the policy file", async () => {
    const dir = makeTempDir("guild");
    const file = join(dir, "policy.json");
    const other = "123456789012345678";
    writeFileSync(
      file,
      JSON.stringify({ discord: { guilds: { [guild.id]: { allowedChannelIds: [other] } } } }),
    );
    harness = await startDiscordHarness({ IMAGINE_POLICY_FILE: file });
    const token = harness.imagine({ prompt: "here?" });
    await harness.waitUntil(() => harness!.discord.messageFor(token) !== undefined);
    expect(harness.discord.messageFor(token)).toMatchObject({
      ephemeral: true,
      content: `Images are allowed in <#${other}>.`,
    });
    expect(harness.cometapi.requests).toHaveLength(0);
  });
});
