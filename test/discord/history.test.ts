import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/discord/index.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { untilStatus } from "../support/job-rows.ts";
import { guild, jobIdOf, png, startDiscordHarness, textChannelId, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const requester = "800000000000000031";
const someoneElse = "800000000000000032";

/** Sends `/imagine-history` as `userId` and answers the private reply once it is there. */
async function history(userId: string): Promise<FakeMessage> {
  const { discord } = harness!;
  const { token } = discord.sendInteraction({ commandName: "imagine-history", userId });
  await harness!.waitUntil(() => discord.messageFor(token) !== undefined);
  const answer = discord.messageFor(token)!;
  expect(answer.ephemeral).toBe(true);
  expect(answer.allowedMentions).toEqual({ parse: [] });
  return answer;
}

const linkTo = (message: FakeMessage) =>
  `https://discord.com/channels/${guild.id}/${textChannelId}/${message.id}`;

describe("/imagine-history on Discord", () => {
  it("lists the caller's own jobs newest first, each with its status and a link to its reply", async () => {
    let now = middayUtc;
    harness = await startDiscordHarness({ COMETAPI_MAX_RETRIES: "0" }, {}, { now: () => now });
    const { cometapi } = harness;
    cometapi.enqueue(
      { kind: "json", images: [png.image1] },
      { kind: "error", status: 500 },
      { kind: "json", images: [png.image2] },
      { kind: "json", images: [png.image2] },
    );
    const made: FakeMessage[] = [];
    for (const prompt of ["first @everyone", "second", "third <@&900000000000000004>"]) {
      const reply = await harness.untilFinal(harness.imagine({ prompt }, { userId: requester }));
      await untilStatus(harness.store, jobIdOf(reply), reply.attachments.length > 0 ? "done" : "failed");
      made.push(reply);
      now += 60_000;
    }
    await harness.untilFinal(harness.imagine({ prompt: "not mine" }, { userId: someoneElse }));
    const [first, second, third] = made as [FakeMessage, FakeMessage, FakeMessage];

    const lines = (await history(requester)).content.split("\n");
    expect(lines[0]).toBe("Your last 3 images:");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/ · done · third <@&900000000000000004> · /),
      expect.stringMatching(/ · failed · second · /),
      expect.stringMatching(/ · done · first @everyone · /),
    ]);
    expect(lines[1]).toContain(`(${linkTo(third)})`);
    expect(lines[2]).toContain(`(${linkTo(second)})`);
    expect(lines[3]).toContain(`(${linkTo(first)})`);
  });

  it("shows a deleted job as deleted, with no link to a message that is gone", async () => {
    harness = await startDiscordHarness();
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const reply = await harness.untilFinal(
      harness.imagine({ prompt: "a lighthouse" }, { userId: requester }),
    );
    await untilStatus(harness.store, jobIdOf(reply), "done");
    harness.click(reply, "delete", { userId: requester });
    await untilStatus(harness.store, jobIdOf(reply), "deleted");

    const { content } = await history(requester);
    expect(content).toMatch(/ · deleted · a lighthouse$/);
    expect(content).not.toContain("https://discord.com/channels/");
  });

  it("tells someone who has made nothing that they haven't made any images yet", async () => {
    harness = await startDiscordHarness();
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    await harness.untilFinal(harness.imagine({ prompt: "a lighthouse" }, { userId: requester }));
    expect((await history(someoneElse)).content).toContain("You haven't made any images yet");
  });
});
