import { afterEach, expect, it } from "vitest";
import { middayUtc } from "../support/fixed-clock.ts";
import { alice, bob, channel, hasImages, hasLastWord, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** `/imagine usage` as `user`; answers what they were shown privately. */
async function usage(h: Harness, user: string): Promise<string> {
  const answered = h.slack.calls.filter((call) => call.method === "response_url").length;
  await h.slack.sendSlashCommand({ command: "/imagine", text: "usage", userId: user, channelId: channel });
  await h.slack.waitUntil(
    () => h.slack.calls.filter((call) => call.method === "response_url").length > answered,
    "the private answer",
  );
  return h.slack.ephemeralsFor(channel, user).at(-1)!.text;
}

it("answers /imagine usage with the person's spend, and a workspace admin's workspace's too", async () => {
  harness = await startHarness({
    env: { IMAGINE_DEFAULT_QUALITY: "medium" },
    admins: [bob],
    now: () => middayUtc,
  });
  await harness.log.waitForRecord((record) => record["msg"] === "CometAPI's prices read");
  harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
  const ts = await harness.mention("a fox");
  await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));

  expect(await usage(harness, alice)).toBe("*You*: today 1 image, $0.042; this month 1 image, $0.042.");
  const admin = (await usage(harness, bob)).split("\n");
  expect(admin.slice(0, 3)).toEqual([
    "*You*: today 0 images, $0.00; this month 0 images, $0.00.",
    "*This workspace*: today 1 image, $0.042; this month 1 image, $0.042.",
    `Most this month: <@${alice}> $0.042 (1 image).`,
  ]);
});
