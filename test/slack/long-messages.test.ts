import { afterEach, describe, expect, it } from "vitest";
import { alice, channel, hasImages, hasLastWord, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Slack refuses a message whose text is longer than this (`msg_too_long`). */
const slackTextCap = 40_000;

/** Resolves with the private answer `alice` got once there is one. */
async function privateAnswer(h: Harness): Promise<string> {
  await h.slack.waitForCall(
    (call) =>
      call.method === "chat.postEphemeral" && call.args["user"] === alice && call.response !== undefined,
  );
  return h.slack.ephemeralsFor(channel, alice)[0]?.text ?? "";
}

describe("messages on Slack stay within Slack's 40,000 characters", () => {
  it("answers a size as long as a Slack message can be with a short sentence naming the problem", async () => {
    harness = await startHarness();
    await harness.mention(`a cat --size ${"9".repeat(slackTextCap - 20)}`);
    const answer = await privateAnswer(harness);
    expect(answer).toMatch(/^Size "9+…" is not available for gpt-image-1\. Use 1024x1024, /);
    expect(answer.length).toBeLessThan(200);
    expect(harness.cometapi.requests.filter((request) => request.path.endsWith("/generations"))).toEqual([]);
  });

  it("answers an unknown flag as long as a Slack message can be with a short sentence", async () => {
    harness = await startHarness();
    await harness.mention(`a cat --${"x".repeat(slackTextCap - 20)}`);
    const answer = await privateAnswer(harness);
    expect(answer).toMatch(/^Unknown flag --x+…\. Valid flags: /);
    expect(answer.length).toBeLessThan(200);
  });

  it("still starts the thread when the prompt, escaped, would run past the limit", async () => {
    harness = await startHarness({ env: { IMAGINE_MAX_PROMPT_LENGTH: "32000" } });
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    // Each "<" is sent to Slack as "&lt;": 30,000 of them are 120,000 characters.
    const prompt = "<".repeat(30_000);
    await slack.sendSlashCommand({ command: "/imagine", text: prompt, userId: alice, channelId: channel });
    const thread = await harness.waitForSlashCommandThread(
      channel,
      (messages) => hasImages(messages) && hasLastWord(messages),
    );
    expect(thread[0]!.text).toHaveLength(slackTextCap);
    expect(thread[0]!.text).toMatch(new RegExp(`^<@${alice}> asked for an image: “(&lt;)+.*…$`));
    expect(cometapi.requests.at(-1)?.body).toMatchObject({ prompt });
  });
});
