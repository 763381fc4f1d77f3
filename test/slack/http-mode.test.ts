import { afterEach, describe, expect, it } from "vitest";
import { maxEventBodyBytes } from "../../src/slack/inbound/create-http-listener.ts";
import { openRawRequest } from "../support/raw-http.ts";
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

/** Image requests that reached CometAPI (its key check at start is not one). */
const generations = (h: Harness) => h.cometapi.requests.filter((r) => r.path.endsWith("/images/generations"));

/** Headers of a request signed now: the requests written by hand are refused for their size alone. */
const slackHeaders = (h: Harness) => h.slack.signedEventRequest({}, { signingSecret }).headers;

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

  it("refuses requests stamped more than five minutes ahead of or behind the bot's clock, and takes one within", async () => {
    const clock = Date.parse("2031-02-03T04:05:06Z");
    harness = await startHarness({ mode: "http", now: () => clock });
    const { slack } = harness;
    const stampedAt = (minutes: number) => Math.floor(clock / 1000) + minutes * 60;
    const callsBefore = slack.calls.length;

    const ahead = await postEvent(harness, slack.eventCallback(mentionEvent(harness, "a cat")), {
      timestamp: stampedAt(10),
    });
    const behind = await postEvent(harness, slack.eventCallback(mentionEvent(harness, "a dog")), {
      timestamp: stampedAt(-10),
    });
    expect([ahead, behind]).toEqual([401, 401]);
    expect(generations(harness)).toEqual([]);
    expect(slack.calls.slice(callsBefore)).toEqual([]);

    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const event = mentionEvent(harness, "a fox");
    expect(await postEvent(harness, slack.eventCallback(event), { timestamp: stampedAt(4) })).toBe(200);
    await harness.waitForThread(
      channel,
      event.ts,
      (messages) => hasImages(messages) && hasLastWord(messages),
    );
    expect(generations(harness)).toHaveLength(1);
  });

  it("answers 413 at once to a body declared larger than the cap, without waiting for it", async () => {
    harness = await startHarness({ mode: "http" });
    const request = openRawRequest(harness.bot.http.port, "POST", "/slack/events", {
      ...slackHeaders(harness),
      "content-length": String(4 * 1024 * 1024),
    });

    expect(await request.status).toBe(413);
    await request.closed;
  });

  it("answers 413 to a body sent without a length once it passes the cap, and reads no further", async () => {
    harness = await startHarness({ mode: "http" });
    const request = openRawRequest(harness.bot.http.port, "POST", "/slack/events", {
      ...slackHeaders(harness),
      "transfer-encoding": "chunked",
    });
    const chunk = Buffer.alloc(64 * 1024, "x");
    // Slightly more than the cap, and never the closing chunk: Bolt alone would wait for up to 4 MB.
    for (let sent = 0; sent <= maxEventBodyBytes; sent += chunk.length) {
      await request.write(`${chunk.length.toString(16)}\r\n`);
      await request.write(chunk);
      await request.write("\r\n");
    }

    expect(await request.status).toBe(413);
    await request.closed;
  });

  it("still takes a signed request of a size Slack can send", async () => {
    harness = await startHarness({ mode: "http" });
    const challenge = "c".repeat(200 * 1024);
    const request = harness.slack.signedEventRequest(
      { type: "url_verification", challenge },
      { signingSecret },
    );
    const response = await fetch(`http://127.0.0.1:${harness.bot.http.port}/slack/events`, {
      method: "POST",
      headers: request.headers,
      body: request.body,
    });

    expect(response.status).toBe(200);
    expect(((await response.json()) as { challenge: string }).challenge).toBe(challenge);
  });
});
