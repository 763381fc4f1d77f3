import { afterEach, describe, expect, it } from "vitest";
import type { RecordedCall } from "../fakes/discord/index.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { heldStream } from "../support/held-stream.ts";
import { png, startDiscordHarness, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const person = { userId: "800000000000000301" };
// Limits are counted on a fixed midday: on the real clock, a run across 00:00 UTC splits a burst over two days.
const atMidday = { now: () => middayUtc };

/** The first answer Discord got for each interaction: 5 = deferred (accepted), 4 = a reply (refused). */
function firstAnswers(tokens: readonly string[]): Array<{ type: number; content?: string }> {
  return tokens.map((token) => {
    const call = harness!.discord.calls.find(
      (each: RecordedCall) => each.route === "interactionCallback" && each.params["token"] === token,
    )!;
    const body = call.json as { type: number; data?: { content?: string } };
    return { type: body.type, ...(body.data?.content !== undefined && { content: body.data.content }) };
  });
}

const answered = (tokens: readonly string[]) => () =>
  tokens.every((token) =>
    harness!.discord.calls.some(
      (call) => call.route === "interactionCallback" && call.params["token"] === token,
    ),
  );

describe("limits through discord.js", () => {
  it("accepts exactly as many as the per-person queue cap; the rest are told their queue is full", async () => {
    harness = await startDiscordHarness(
      { IMAGINE_MAX_QUEUED_PER_USER: "2", IMAGINE_MAX_CONCURRENCY: "4" },
      {},
      atMidday,
    );
    const first = heldStream([], [png.image1]);
    const second = heldStream([], [png.image2]);
    harness.cometapi.enqueue(first.behaviour, second.behaviour);
    harness.cometapi.fallback = { kind: "json", images: [png.image1] };

    const tokens = [1, 2, 3, 4, 5, 6].map((n) => harness!.imagine({ prompt: `cat ${n}` }, person));
    await harness.waitUntil(answered(tokens));
    const answers = firstAnswers(tokens);
    expect(answers.filter((answer) => answer.type === 5)).toHaveLength(2);
    const refusals = answers.filter((answer) => answer.type === 4);
    expect(refusals).toHaveLength(4);
    for (const refusal of refusals) {
      expect(refusal.content).toBe("You already have 2 images waiting; try again when one is done.");
    }

    await harness.cometapi.waitForRequests(2);
    first.release();
    second.release();
    const accepted = tokens.filter((_, index) => answers[index]!.type === 5);
    await harness.waitUntil(() =>
      accepted.every((token) => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0),
    );
    const generations = harness.cometapi.requests.filter((request) => request.path.endsWith("/generations"));
    expect(generations).toHaveLength(2);
  });

  it("lets a burst take only the images left today, then says when the limit resets", async () => {
    harness = await startDiscordHarness(
      { IMAGINE_DAILY_LIMIT_PER_USER: "3", IMAGINE_MAX_QUEUED_PER_USER: "10" },
      {},
      atMidday,
    );
    harness.cometapi.fallback = { kind: "json", images: [png.image1] };
    const tokens = [1, 2, 3, 4, 5].map((n) => harness!.imagine({ prompt: `cat ${n}` }, person));
    await harness.waitUntil(answered(tokens));
    const answers = firstAnswers(tokens);
    expect(answers.filter((answer) => answer.type === 5)).toHaveLength(3);
    const refusals = answers.filter((answer) => answer.type === 4);
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) {
      expect(refusal.content).toBe(
        "You have reached your daily limit of 3 images. It resets at 00:00 UTC (in 12 h).",
      );
    }
    const accepted = tokens.filter((_, index) => answers[index]!.type === 5);
    await harness.waitUntil(() =>
      accepted.every((token) => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0),
    );
    const generations = harness.cometapi.requests.filter((request) => request.path.endsWith("/generations"));
    expect(generations).toHaveLength(3);
  });

  it("says how many images are left when a person asks for more than that", async () => {
    harness = await startDiscordHarness({ IMAGINE_DAILY_LIMIT_PER_USER: "2" }, {}, atMidday);
    const token = harness.imagine({ prompt: "three cats", count: 3 }, person);
    await harness.waitUntil(answered([token]));
    expect(firstAnswers([token])).toEqual([
      { type: 4, content: "You have 2 images left today: ask for 2 or fewer." },
    ]);
    expect(harness.discord.messageFor(token)!.ephemeral).toBe(true);
  });
});
