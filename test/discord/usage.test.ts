import { afterEach, describe, expect, it } from "vitest";
import { middayUtc } from "../support/fixed-clock.ts";
import { png, startDiscordHarness, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const manageGuild = (1n << 5n).toString();
const member = "800000000000000201";
const owner = "800000000000000202";
const operator = "800000000000000203";

/** Sends `/imagine-usage` as `input` and answers its private reply. */
async function usage(input: { userId: string; memberPermissions?: string }): Promise<string> {
  const { discord } = harness!;
  const { token } = discord.sendInteraction({ commandName: "imagine-usage", ...input });
  return harness!.privateAnswer(token);
}

describe("/imagine-usage on Discord", () => {
  it("shows a member their images and spend in dollars at the catalog's prices, and what is left", async () => {
    harness = await startDiscordHarness(
      { IMAGINE_DEFAULT_QUALITY: "medium", IMAGINE_BUDGET_PER_USER_DAILY_USD: "0.5" },
      {},
      { now: () => middayUtc },
    );
    await harness.log.waitForRecord((record) => record["msg"] === "CometAPI's prices read");
    harness.cometapi.enqueue({ kind: "json", images: [png.image1, png.image2] });
    await harness.untilFinal(harness.imagine({ prompt: "two foxes", count: 2 }, { userId: member }));

    // 20 tokens in, 2 × 1,056 out, at $5 and $40 per million: $0.0846.
    expect(await usage({ userId: member })).toBe(
      "**You**: today 2 images, $0.085; this month 2 images, $0.085. $0.415 left of a $0.50 daily budget (it resets at 00:00 UTC).",
    );
  });

  it("shows an admin the server's totals and who spent most; the operator CometAPI's balance too", async () => {
    harness = await startDiscordHarness(
      { IMAGINE_DEFAULT_QUALITY: "medium", IMAGINE_ADMIN_USER_IDS: operator },
      {},
      { now: () => middayUtc },
    );
    await harness.log.waitForRecord((record) => record["msg"] === "CometAPI's prices read");
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    await harness.untilFinal(harness.imagine({ prompt: "a fox" }, { userId: member }));

    const lines = (await usage({ userId: owner, memberPermissions: manageGuild })).split("\n");
    expect(lines).toEqual([
      "**You**: today 0 images, $0.00; this month 0 images, $0.00.",
      "**This server**: today 1 image, $0.042; this month 1 image, $0.042.",
      `Most this month: <@${member}> $0.042 (1 image).`,
    ]);
    // The account's balance is the operator's business, not every server admin's.
    await harness.waitUntil(() =>
      harness!.log.records().some((record) => record["msg"] === "CometAPI's balance read"),
    );
    const operators = (await usage({ userId: operator })).split("\n");
    expect(operators.slice(1, 3)).toEqual(lines.slice(1, 3));
    expect(operators[3]).toMatch(/^CometAPI balance: \$2,105\.23 \(keys: .*\), read \d+ s ago\.$/);
    // A member sees only their own.
    expect((await usage({ userId: member })).split("\n")).toHaveLength(1);
  });
});
