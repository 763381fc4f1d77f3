import { afterEach, describe, expect, it } from "vitest";
import { middayUtc } from "../support/fixed-clock.ts";
import { png, startDiscordHarness, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/**
 * A medium 1024×1024 gpt-image-1 image at the fake catalog's prices ($5 in, $40 out per million
 * tokens): about $0.0423 billed, $0.0503 estimated with its two partial images. A budget of $0.06
 * holds one image a day.
 */
const oneImage = { IMAGINE_DEFAULT_QUALITY: "medium", IMAGINE_BUDGET_PER_USER_DAILY_USD: "0.06" };

/** Starts the bot at midday UTC and waits until it has read CometAPI's prices. */
async function start(env: Record<string, string>): Promise<DiscordHarness> {
  const started = await startDiscordHarness(env, {}, { now: () => middayUtc });
  await started.log.waitForRecord((record) => record["msg"] === "CometAPI's prices read");
  return started;
}

const refusal =
  /^This would cost about \$0\.05, and \$0\.0\d+ is left of your daily budget of \$0\.06\. It resets at 00:00 UTC \(in 12 h\)\.$/;

describe("a daily budget in dollars", () => {
  it("refuses the second image of the day, saying what is left and when it resets", async () => {
    harness = await start(oneImage);
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const first = harness.imagine({ prompt: "a fox" });
    await harness.untilFinal(first);
    const second = harness.imagine({ prompt: "another fox" });
    expect(await harness.privateAnswer(second)).toMatch(refusal);
    expect(harness.cometapi.requests).toHaveLength(1);
  });

  it("holds when both are sent at once: the first one's estimate is held until it ends", async () => {
    harness = await start(oneImage);
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    const tokens = [harness.imagine({ prompt: "a fox" }), harness.imagine({ prompt: "a fox, at once" })];
    await harness.waitUntil(() => tokens.every((token) => harness!.discord.messageFor(token) !== undefined));
    const answers = tokens.map((token) => harness!.discord.messageFor(token)!);
    const refused = answers.filter((answer) => answer.ephemeral && refusal.test(answer.content));
    expect(refused).toHaveLength(1);
    await harness.waitUntil(() => harness!.cometapi.requests.length >= 1);
    const accepted = tokens.find((token) => !harness!.discord.messageFor(token)!.ephemeral)!;
    await harness.untilFinal(accepted);
    expect(harness.cometapi.requests).toHaveLength(1);
  });

  it("lets an admin past it where IMAGINE_ADMINS_BYPASS_LIMITS says so", async () => {
    harness = await start({ ...oneImage, IMAGINE_ADMINS_BYPASS_LIMITS: "true" });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    const admin = { userId: "800000000000000301", memberPermissions: (1n << 5n).toString() };
    await harness.untilFinal(harness.imagine({ prompt: "a fox" }, admin));
    await harness.untilFinal(harness.imagine({ prompt: "another fox" }, admin));
    expect(harness.cometapi.requests).toHaveLength(2);
  });

  it("limits nothing with no budget set (0, the default)", async () => {
    harness = await start({ IMAGINE_DEFAULT_QUALITY: "medium" });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    await harness.untilFinal(harness.imagine({ prompt: "a fox" }));
    await harness.untilFinal(harness.imagine({ prompt: "another fox" }));
    expect(harness.cometapi.requests).toHaveLength(2);
  });
});
