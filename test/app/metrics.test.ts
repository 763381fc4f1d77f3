import { afterEach, describe, expect, it, vi } from "vitest";
import { png, startDiscordHarness, type DiscordHarness } from "../discord/harness.ts";
import { channel, hasImages, startHarness, type Harness } from "../slack/harness.ts";
import { heldStream } from "../support/held-stream.ts";
import { scrapeMetrics, type Scrape } from "../support/read-metrics.ts";

let discord: DiscordHarness | undefined;
let slack: Harness | undefined;
afterEach(async () => {
  await discord?.stop();
  await slack?.stop();
  discord = slack = undefined;
});

/** Scrapes until `ready` holds: a few series are written just after what the person sees. */
async function scrapeWhen(port: number, ready: (scrape: Scrape) => boolean): Promise<Scrape> {
  let scrape: Scrape | undefined;
  await vi.waitFor(
    async () => {
      scrape = await scrapeMetrics(port);
      if (!ready(scrape)) throw new Error(`not yet:\n${scrape.text}`);
    },
    { timeout: 5000 },
  );
  return scrape!;
}

describe("/metrics of a running bot", () => {
  it("counts a completed and a refused /imagine, with their latencies", async () => {
    discord = await startDiscordHarness();
    const { bot, cometapi } = discord;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const done = discord.imagine({ prompt: "a cat" });
    await discord.waitUntil(() => (discord!.discord.messageFor(done)?.attachments.length ?? 0) > 0);
    const refused = discord.imagine({ prompt: "a cat", size: "999x999" });
    await discord.waitUntil(() => discord!.discord.messageFor(refused)?.ephemeral === true);

    const discordJob = { platform: "discord" };
    const metrics = await scrapeWhen(
      bot.http.port,
      (scrape) =>
        scrape.value("imagine_delivery_duration_seconds_count", discordJob) === 1 &&
        scrape.value("imagine_acknowledgement_seconds_count", discordJob) === 2,
    );
    expect(metrics.value("imagine_jobs_accepted_total", discordJob)).toBe(1);
    expect(metrics.value("imagine_jobs_finished_total", { ...discordJob, outcome: "completed" })).toBe(1);
    expect(metrics.samples.filter((sample) => sample.name === "imagine_jobs_finished_total")).toHaveLength(1);
    expect(
      metrics.value("imagine_requests_refused_total", { ...discordJob, reason: "invalid_request" }),
    ).toBe(1);
    expect(metrics.value("imagine_queue_wait_seconds_count", discordJob)).toBe(1);
    expect(
      metrics.value("imagine_upstream_duration_seconds_count", { model: "gpt-image-1", result: "success" }),
    ).toBe(1);
    // Acknowledged (deferred, refused) within Discord's 3 s: the 3 s bucket holds both.
    expect(metrics.value("imagine_acknowledgement_seconds_bucket", { ...discordJob, le: "3" })).toBe(2);
    expect(metrics.value("imagine_jobs_running")).toBe(0);
    expect(metrics.value("imagine_jobs_waiting")).toBe(0);
    expect(metrics.samples.some((sample) => sample.name === "imagine_upstream_errors_total")).toBe(false);

    expect(metrics.type("imagine_jobs_accepted_total")).toBe("counter");
    expect(metrics.type("imagine_acknowledgement_seconds")).toBe("histogram");
    expect(metrics.type("imagine_jobs_waiting")).toBe("gauge");
    // Node's process metrics, as every Prometheus dashboard for Node expects them.
    expect(metrics.value("process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(metrics.value("nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  });

  it("shows the queue's depth while jobs run and wait", async () => {
    discord = await startDiscordHarness({ IMAGINE_MAX_CONCURRENCY: "1" });
    const { bot, cometapi } = discord;
    const held = heldStream([], [png.image1]);
    cometapi.enqueue(held.behaviour, { kind: "json", images: [png.image2] });
    const first = discord.imagine({ prompt: "first" });
    const second = discord.imagine({ prompt: "second" }, { userId: "400000000000000002" });
    await discord.waitUntil(
      () => discord!.discord.messageFor(second)?.content.startsWith("⏳ Waiting in line") ?? false,
    );

    const busy = await scrapeMetrics(bot.http.port);
    expect(busy.value("imagine_jobs_running")).toBe(1);
    expect(busy.value("imagine_jobs_waiting")).toBe(1);

    held.release();
    await discord.waitUntil(() =>
      [first, second].every((token) => (discord!.discord.messageFor(token)?.attachments.length ?? 0) > 0),
    );
    const idle = await scrapeWhen(
      bot.http.port,
      (scrape) => scrape.value("imagine_delivery_duration_seconds_count", { platform: "discord" }) === 2,
    );
    expect(idle.value("imagine_jobs_running")).toBe(0);
    expect(idle.value("imagine_jobs_waiting")).toBe(0);
    expect(idle.value("imagine_queue_wait_seconds_count", { platform: "discord" })).toBe(2);
  });

  it("counts CometAPI's errors by HTTP status, each attempt once", async () => {
    discord = await startDiscordHarness({ COMETAPI_MAX_RETRIES: "1" });
    const { bot, cometapi } = discord;
    cometapi.enqueue({ kind: "error", status: 500 }, { kind: "error", status: 500 });
    const token = discord.imagine({ prompt: "a cat" });
    await discord.waitUntil(() => discord!.discord.messageFor(token)?.content.startsWith("⚠️") ?? false);

    const metrics = await scrapeWhen(
      bot.http.port,
      (scrape) =>
        scrape.value("imagine_jobs_finished_total", {
          platform: "discord",
          outcome: "failed",
          reason: "upstream_unavailable",
        }) === 1,
    );
    expect(metrics.value("imagine_upstream_errors_total", { status: "500" })).toBe(2);
    expect(
      metrics.value("imagine_upstream_duration_seconds_count", { model: "gpt-image-1", result: "failure" }),
    ).toBe(1);
  });

  it("measures Slack's acknowledgement at the placeholder or the refusal, and counts bad flags as refused", async () => {
    slack = await startHarness();
    slack.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const ts = await slack.mention("a cat");
    await slack.waitForThread(channel, ts, hasImages);
    await slack.mention("a cat --style vivid");
    await slack.slack.waitForCall((call) => call.method === "chat.postEphemeral");

    const metrics = await scrapeWhen(
      slack.bot.http.port,
      (scrape) =>
        scrape.value("imagine_delivery_duration_seconds_count", { platform: "slack" }) === 1 &&
        scrape.value("imagine_acknowledgement_seconds_count", { platform: "slack" }) === 2,
    );
    expect(
      metrics.value("imagine_requests_refused_total", { platform: "slack", reason: "invalid_request" }),
    ).toBe(1);
    expect(metrics.value("imagine_jobs_accepted_total", { platform: "slack" })).toBe(1);
    expect(metrics.value("imagine_jobs_finished_total", { platform: "slack", outcome: "completed" })).toBe(1);
  });
});
