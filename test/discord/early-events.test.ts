import { afterEach, expect, it } from "vitest";
import type { PlatformAdapter } from "../../src/core/platform-adapter.ts";
import { discordConfigOf } from "../../src/app/load-adapters.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import type { Imagine, SubmitInput } from "../../src/core/jobs/submission.ts";
import { ignoreJobs } from "../../src/core/jobs/job-observer.ts";
import { createDiscordAdapterWith } from "../../src/discord/index.ts";
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from "../fakes/discord/index.ts";
import { captureLog } from "../support/capture-log.ts";
import { fastIdentify, png } from "./harness.ts";

let discord: FakeDiscord | undefined;
let adapter: PlatformAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await discord?.close();
});

/** A core that sends a whole job's events the moment its sink is open, before submit resolves. */
function eagerImagine(delivered: Array<void | Promise<void>>): Imagine {
  const image = (bytes: Buffer) => ({ bytes, mimeType: "image/png" as const });
  return {
    async submit({ openSink }: SubmitInput) {
      const job = {
        jobId: "job-1",
        request: {
          prompt: "eager",
          model: "gpt-image-1",
          size: "1024x1024",
          count: 1,
          outputFormat: "png" as const,
        },
        previews: 1,
        spoiler: false,
        cancel: () => undefined,
        note: async () => undefined,
        holdEnd: () => undefined,
      };
      const sink = await openSink(job);
      delivered.push(
        sink({ type: "queued", position: 1 }),
        sink({ type: "started" }),
        sink({ type: "partial", index: 0, image: image(png.preview) }),
        sink({ type: "completed", images: [image(png.image1)], elapsedMs: 1200 }),
      );
      return { status: "accepted", ...job };
    },
    stats: () => ({
      running: 0,
      waiting: 0,
      totals: { accepted: 0, refused: 0, completed: 0, failed: 0, cancelled: 0 },
    }),
    shutdown: async () => undefined,
    findJob: () => Promise.reject(new Error("no buttons in this test")),
    follow: () => Promise.reject(new Error("no buttons in this test")),
    deleteJob: () => Promise.reject(new Error("no buttons in this test")),
    history: async () => [],
    administer: () => Promise.reject(new Error("no settings in this test")),
    usage: async () => ({
      today: { images: 0, usd: 0 },
      month: { images: 0, usd: 0 },
      admin: false,
      operator: false,
    }),
  };
}

it("opens the sink only once the reply is deferred, and renders events sent before submit resolves", async () => {
  discord = await startFakeDiscord();
  const config = discordConfigOf(
    loadConfig({
      COMETAPI_API_KEY: "unused",
      DISCORD_TOKEN: discord.token,
      DISCORD_API_BASE_URL: discord.apiBaseUrl,
      IMAGINE_PROGRESS_INTERVAL_MS: "0",
    }),
  );
  const delivered: Array<void | Promise<void>> = [];
  adapter = createDiscordAdapterWith({ clientOptions: fastIdentify })({
    config: config!,
    imagine: eagerImagine(delivered),
    log: captureLog().log,
    observer: ignoreJobs,
  });
  await adapter.start();
  await discord.ready();

  const { token } = discord.sendInteraction({
    commandName: "imagine",
    options: [{ name: "prompt", type: 3, value: "eager" }],
  });
  await discord.waitForCall((call) => call.method === "PATCH" && call.files.length > 0 && isFinal(call));
  await Promise.all(delivered);

  const forToken = discord.calls.filter((call) => call.path.includes(`/${token}/`));
  expect(forToken[0]!.route).toBe("interactionCallback");
  expect((forToken[0]!.json as { type: number }).type).toBe(5);
  expect(discord.messageFor(token)!.attachments.map((a) => a.bytes)).toEqual([png.image1]);
  expect(discord.messageFor(token)!.content).toMatch(
    /^\*\*Prompt:\*\* eager\n1024x1024 · gpt-image-1 · 1\.2 s$/,
  );
});

const isFinal = (call: RecordedCall) => call.files.some((file) => file.filename === "imagine-1.png");
