import { afterEach, describe, expect, it } from "vitest";
import { permalinkFor } from "../fakes/slack/permalinks.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { alice, bob, channel, hasImages, png, startHarness, withButtons, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const carol = "U0CAROL001";

/** `user` types `/imagine <text>` in the channel; resolves with the private answers they were shown. */
async function history(h: Harness, user: string, text = "history"): Promise<string[]> {
  const answered = h.slack.calls.filter((call) => call.method === "response_url").length;
  await h.slack.sendSlashCommand({ command: "/imagine", text, userId: user, channelId: channel });
  await h.slack.waitUntil(
    () => h.slack.calls.filter((call) => call.method === "response_url").length > answered,
    `the answer to ${user}'s /imagine ${text}`,
  );
  return h.slack.ephemeralsFor(channel, user).map((message) => message.text);
}

/** Slack's date token for a time, with its UTC fallback. */
const dateToken = (at: number) =>
  `<!date^${at / 1000}^{date_short_pretty} {time}|${new Date(at).toISOString()}>`;

describe("/imagine history", () => {
  it("lists the caller's own jobs newest first, with their state, time and a link to each result", async () => {
    let now = middayUtc;
    harness = await startHarness({ now: () => now });
    const { slack, cometapi } = harness;
    cometapi.enqueue(
      { kind: "json", images: [png.image1] },
      { kind: "json", images: [png.image2] },
      { kind: "error", status: 400, message: "The upstream service hiccuped." },
      { kind: "json", images: [png.image1] },
    );

    const boatTs = await harness.mention("a red boat");
    const boat = await harness.waitForThread(
      channel,
      boatTs,
      (messages) => withButtons(messages).length === 1,
    );
    now += 60_000;
    await slack.sendSlashCommand({
      command: "/imagine",
      text: "a &lt;!here&gt; &amp; fox",
      userId: alice,
      channelId: channel,
    });
    const fox = await harness.waitForSlashCommandThread(
      channel,
      (messages) => withButtons(messages).length === 1,
    );
    now += 60_000;
    const castleTs = await harness.mention("a castle");
    const castle = await harness.waitForThread(
      channel,
      castleTs,
      (messages) => withButtons(messages).length === 1,
    );
    const bobsTs = await harness.mention("bob's own boat", { user: bob });
    await harness.waitForThread(channel, bobsTs, hasImages);

    const answers = await history(harness, alice, "History");

    const linkTo = (thread: typeof boat) => {
      const lastWord = withButtons(thread)[0]!;
      return permalinkFor(channel, lastWord.ts, lastWord.thread_ts);
    };
    expect(answers).toEqual([
      [
        "Your last 3 requests, newest first:",
        `• “a castle” · failed · ${dateToken(middayUtc + 120_000)} · <${linkTo(castle)}|open>`,
        `• “a &lt;!here&gt; &amp; fox” · done · ${dateToken(middayUtc + 60_000)} · <${linkTo(fox)}|open>`,
        `• “a red boat” · done · ${dateToken(middayUtc)} · <${linkTo(boat)}|open>`,
      ].join("\n"),
    ]);
    // No job was started by asking for the history.
    expect(cometapi.requests).toHaveLength(4);
  });

  it("leaves a deleted job's link out, and reads the workspace's address only once", async () => {
    harness = await startHarness({ now: () => middayUtc });
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const ts = await harness.mention("a castle");
    const thread = await harness.waitForThread(channel, ts, (messages) => withButtons(messages).length === 1);
    const addressReads = () => slack.calls.filter((call) => call.method === "auth.test").length;
    const atStart = addressReads();

    const first = await history(harness, alice);
    await harness.click(withButtons(thread)[0]!, "delete", alice);
    await slack.waitForCall((call) => call.method === "chat.delete");
    const second = await history(harness, alice);

    expect(first[0]).toContain("|open>");
    expect(second[1]).toBe(`Your last request:\n• “a castle” · deleted · ${dateToken(middayUtc)}`);
    expect(addressReads() - atStart).toBe(1);
  });

  it("says so when the caller has no jobs on record", async () => {
    harness = await startHarness();

    expect(await history(harness, carol)).toEqual([
      "You have no image requests on record. Try `/imagine a lighthouse at dawn`.",
    ]);
    expect(harness.cometapi.requests).toEqual([]);
  });
});
