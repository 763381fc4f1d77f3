import { afterEach, describe, expect, it } from "vitest";
import { startFakeDiscord } from "./start-fake-discord.ts";
import type { FakeDiscord } from "./types.ts";

let fake: FakeDiscord | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** `GET /channels/{id}`: a route whose major parameter is the channel. */
const getChannel = (discord: FakeDiscord, channelId: string) =>
  fetch(`${discord.apiBaseUrl}/v10/channels/${channelId}`, {
    headers: { authorization: `Bot ${discord.token}` },
  });

describe("the fake Discord's opt-in rate limits", () => {
  it("sends X-RateLimit headers and answers 429 with retry_after once a bucket is empty", async () => {
    fake = await startFakeDiscord({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const channel = fake.guilds[0]!.channels[0]!.id;
    const [first, second, third] = [
      await getChannel(fake, channel),
      await getChannel(fake, channel),
      await getChannel(fake, channel),
    ];
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
    expect(first.headers.get("x-ratelimit-bucket")).toBeTruthy();
    expect(second.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(50);
    expect(await third.json()).toMatchObject({ global: false, retry_after: expect.any(Number) });
    expect(fake.calls.map((call) => call.status)).toEqual([200, 200, 429]);
  });

  it("keeps one bucket per route and major parameter", async () => {
    fake = await startFakeDiscord({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const [general, thread] = [fake.guilds[0]!.channels[0]!.id, fake.guilds[0]!.threads[0]!.id];
    expect((await getChannel(fake, general)).status).toBe(200);
    expect((await getChannel(fake, thread)).status).toBe(200);
    expect((await getChannel(fake, general)).status).toBe(429);
  });

  it("limits nothing and sends no rate-limit headers unless asked", async () => {
    fake = await startFakeDiscord();
    const channel = fake.guilds[0]!.channels[0]!.id;
    for (let i = 0; i < 10; i++) {
      const answer = await getChannel(fake, channel);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-ratelimit-limit")).toBeNull();
    }
  });
});
