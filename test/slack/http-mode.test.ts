import { afterEach, describe, expect, it } from "vitest";
import {
  alice,
  channel,
  hasImages,
  hasLastWord,
  png,
  signingSecret,
  startHarness,
  type Harness,
} from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** POSTs a signed Events API request to the bot's own HTTP server. */
async function postEvent(
  h: Harness,
  body: object,
  options: { forgeSignature?: boolean; timestamp?: number; retryNum?: number } = {},
): Promise<number> {
  const request = h.slack.signedEventRequest(body, { signingSecret, ...options });
  const response = await fetch(`http://127.0.0.1:${h.bot.http.port}/slack/events`, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  await response.arrayBuffer();
  return response.status;
}

function mentionEvent(h: Harness, text: string, ts = h.slack.newTs()) {
  return { type: "app_mention", user: alice, text: `<@${h.slack.botUserId}> ${text}`, channel, ts };
}

describe("HTTP mode (SLACK_SIGNING_SECRET, no app token)", () => {
  it("runs a signed event through the bot's one HTTP server, once even when Slack retries it", async () => {
    harness = await startHarness({ mode: "http" });
    const { slack, cometapi, bot } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const event = mentionEvent(harness, "a cat");
    const body = slack.eventCallback(event, { eventId: "Ev0HTTP0001" });

    expect(await postEvent(harness, body)).toBe(200);
    expect(await postEvent(harness, body, { retryNum: 1 })).toBe(200);
    const thread = await harness.waitForThread(
      channel,
      event.ts,
      (messages) => hasImages(messages) && hasLastWord(messages),
    );

    expect(cometapi.requests).toHaveLength(1);
    expect(thread).toHaveLength(2);
    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1]);
    expect(slack.socketConnectionCount()).toBe(0);
    const health = await fetch(`http://127.0.0.1:${bot.http.port}/readyz`);
    expect(health.status).toBe(200);
  });

  it("refuses forged and stale signatures with 401 and processes nothing", async () => {
    harness = await startHarness({ mode: "http" });
    const { slack, cometapi } = harness;
    const callsBefore = slack.calls.length;

    const forged = await postEvent(harness, slack.eventCallback(mentionEvent(harness, "a cat")), {
      forgeSignature: true,
    });
    const stale = await postEvent(harness, slack.eventCallback(mentionEvent(harness, "a dog")), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });

    expect([forged, stale]).toEqual([401, 401]);
    expect(cometapi.requests).toEqual([]);
    expect(slack.calls.slice(callsBefore)).toEqual([]);
  });

  it("answers only /slack/events, and only POSTs there", async () => {
    harness = await startHarness({ mode: "http" });
    const base = `http://127.0.0.1:${harness.bot.http.port}`;

    const [get, other] = await Promise.all([fetch(`${base}/slack/events`), fetch(`${base}/elsewhere`)]);
    await Promise.all([get.arrayBuffer(), other.arrayBuffer()]);

    expect([get.status, other.status]).toEqual([405, 404]);
  });
});
