import { afterEach, describe, expect, it } from "vitest";
import { startFakeSlack } from "./start-fake-slack.ts";
import type { FakeSlack } from "./types.ts";

let fake: FakeSlack | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const call = (slack: FakeSlack, method: string, args: Record<string, string>) =>
  fetch(`${slack.apiUrl}${method}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${slack.botToken}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(args).toString(),
  });

describe("the fake Slack's opt-in rate limits", () => {
  it("answers `ratelimited` with HTTP 429 and Retry-After once a method's limit is used up", async () => {
    fake = await startFakeSlack({ rateLimits: { "chat.update": { limit: 1, windowMs: 60_000 } } });
    const posted = (await (await call(fake, "chat.postMessage", { channel: "C1", text: "a" })).json()) as {
      ts: string;
    };
    expect((await call(fake, "chat.update", { channel: "C1", ts: posted.ts, text: "b" })).status).toBe(200);
    const limited = await call(fake, "chat.update", { channel: "C1", ts: posted.ts, text: "c" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(await limited.json()).toEqual({ ok: false, error: "ratelimited" });
    expect(fake.messagesIn("C1")[0]?.text).toBe("b");
  });

  it("counts a per-channel limit for each channel on its own", async () => {
    fake = await startFakeSlack({
      rateLimits: { "chat.postMessage": { limit: 1, windowMs: 60_000, perChannel: true } },
    });
    expect((await call(fake, "chat.postMessage", { channel: "C1", text: "a" })).status).toBe(200);
    expect((await call(fake, "chat.postMessage", { channel: "C2", text: "a" })).status).toBe(200);
    expect((await call(fake, "chat.postMessage", { channel: "C1", text: "b" })).status).toBe(429);
  });

  it("limits nothing unless asked", async () => {
    fake = await startFakeSlack();
    for (let i = 0; i < 10; i++) {
      expect((await call(fake, "chat.postMessage", { channel: "C1", text: String(i) })).status).toBe(200);
    }
  });
});
