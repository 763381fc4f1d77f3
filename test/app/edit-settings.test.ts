import { afterEach, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../src/app/start-bot.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import type { JobEvent, TerminalJobEvent } from "../../src/core/jobs/job-events.ts";
import { isTerminal } from "../../src/core/jobs/job-events.ts";
import type { RawRequest } from "../../src/core/requests/request.ts";
import { createMemoryStore } from "../../src/core/store/memory-store.ts";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { makePng } from "../fakes/png.ts";
import { actor } from "../support/actors.ts";
import { captureLog, type CapturedLog } from "../support/capture-log.ts";

const png = makePng(4, 4, [200, 40, 40]);
const discordHosts = { hosts: ["cdn.discordapp.com", "media.discordapp.net"] };

let cometapi: FakeCometApi | undefined;
let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  await cometapi?.close();
  bot = cometapi = undefined;
});

/** The whole bot as `npm start` builds it from this environment, no platform attached. */
async function startWith(env: Record<string, string>, log: CapturedLog): Promise<FakeCometApi> {
  const fake = await startFakeCometApi();
  cometapi = fake;
  const config = loadConfig({
    COMETAPI_API_KEY: "sk-loopback-test",
    COMETAPI_BASE_URL: fake.baseUrl,
    COMETAPI_QUOTA_URL: fake.quotaUrl,
    DISCORD_TOKEN: "unused-no-adapter-is-started",
    PORT: "0",
    HOST: "127.0.0.1",
    ...env,
  });
  bot = await startBot({ config, log: log.log, adapters: [], store: createMemoryStore() });
  return fake;
}

/** Submits as a Discord person would, and resolves with the refusal or the job's last event. */
async function submit(running: RunningBot, request: RawRequest) {
  let finish: (event: TerminalJobEvent) => void = () => undefined;
  const ended = new Promise<TerminalJobEvent>((resolve) => (finish = resolve));
  const submission = await running.imagine.submit({
    request,
    actor: actor(),
    inputAccess: discordHosts,
    openSink: () => (event: JobEvent) => {
      if (isTerminal(event)) finish(event);
    },
  });
  return submission.status === "refused" ? submission : { status: "accepted" as const, end: await ended };
}

const warnings = (log: CapturedLog) =>
  log
    .records()
    .filter((record) => record.level === 40)
    .map((record) => String(record.msg));

describe("IMAGINE_ALLOW_LOOPBACK_URLS", () => {
  it("is off by default: no warning, and an edit of a file on loopback is refused before anything is sent", async () => {
    const log = captureLog();
    const fake = await startWith({}, log);
    const url = fake.serveFile(png);

    const answer = await submit(bot!, { prompt: "make it blue", edit: { image: { url, name: "red.png" } } });

    expect(answer).toMatchObject({ status: "refused", error: { code: "input_not_allowed" } });
    expect(fake.requests).toEqual([]);
    expect(warnings(log).filter((line) => line.includes("LOOPBACK"))).toEqual([]);
  });

  it("when on, warns at start that it is for tests only and lets an edit's input be on loopback", async () => {
    const log = captureLog();
    const fake = await startWith({ IMAGINE_ALLOW_LOOPBACK_URLS: "true" }, log);
    fake.fallback = { kind: "json", images: [png] };
    const url = fake.serveFile(png);

    const answer = await submit(bot!, { prompt: "make it blue", edit: { image: { url, name: "red.png" } } });

    expect(warnings(log)).toContainEqual(
      expect.stringMatching(/IMAGINE_ALLOW_LOOPBACK_URLS is on.*tests only/),
    );
    expect(answer).toMatchObject({ status: "accepted", end: { type: "completed" } });
    expect(fake.requests.map((request) => request.path)).toEqual(["/v1/images/edits"]);
    expect(fake.requests[0]?.files["image"]?.bytes.equals(png)).toBe(true);
  });

  it("when on, lets a result URL be plain http on loopback; when off, such a result is not fetched", async () => {
    for (const [allow, outcome] of [
      ["true", "completed"],
      ["false", "failed"],
    ] as const) {
      const log = captureLog();
      const fake = await startWith({ IMAGINE_ALLOW_LOOPBACK_URLS: allow }, log);
      fake.fallback = { kind: "json", as: "url", images: [png] };

      const answer = await submit(bot!, { prompt: "a red square" });

      expect({ allow, answer }).toMatchObject({
        allow,
        answer: { status: "accepted", end: { type: outcome } },
      });
      await bot!.stop();
      await fake.close();
      bot = cometapi = undefined;
    }
  });
});

describe("IMAGINE_MAX_INPUT_IMAGE_MB", () => {
  it("stops downloading an edit's input past the limit when the platform reported no size", async () => {
    const log = captureLog();
    const fake = await startWith(
      { IMAGINE_ALLOW_LOOPBACK_URLS: "true", IMAGINE_MAX_INPUT_IMAGE_MB: "1" },
      log,
    );
    fake.fallback = { kind: "json", images: [png] };
    const url = fake.serveFile(Buffer.concat([png, Buffer.alloc(1024 * 1024)]));

    const answer = await submit(bot!, { prompt: "make it blue", edit: { image: { url, name: "big.png" } } });

    expect(answer).toMatchObject({
      status: "accepted",
      end: { type: "failed", error: { code: "input_too_large", context: { limit: 1 } } },
    });
    expect(fake.requests).toEqual([]);
  });

  it("refuses an edit whose reported size is over the limit before downloading it", async () => {
    const log = captureLog();
    const fake = await startWith(
      { IMAGINE_ALLOW_LOOPBACK_URLS: "true", IMAGINE_MAX_INPUT_IMAGE_MB: "1" },
      log,
    );
    const url = fake.serveFile(png);
    const image = { url, name: "big.png", declaredBytes: 1024 * 1024 + 1 };

    const answer = await submit(bot!, { prompt: "make it blue", edit: { image } });

    expect(answer).toMatchObject({
      status: "refused",
      error: { code: "input_too_large", context: { limit: 1 } },
    });
    expect(fake.requests).toEqual([]);
  });
});
