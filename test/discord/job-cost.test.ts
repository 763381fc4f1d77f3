import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { untilStatus } from "../support/job-rows.ts";
import { jobIdOf, png, startDiscordHarness, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Starts the bot and waits until it has read CometAPI's prices. */
async function startPriced(env: Record<string, string> = {}): Promise<DiscordHarness> {
  const started = await startDiscordHarness(env);
  await started.log.waitForRecord((record) => record["msg"] === "CometAPI's prices read");
  return started;
}

/** Runs `/imagine` with `options` to its end and answers its job's row. */
async function runJob(h: DiscordHarness, options: Record<string, string | number>) {
  const token = h.imagine(options);
  const final = await h.untilFinal(token);
  return untilStatus(h.store, jobIdOf(final), "done");
}

describe("what a job cost", () => {
  it("records the tokens CometAPI billed and their price from its catalog", async () => {
    harness = await startPriced();
    // Two images, each billed 20 tokens in and 1,056 out (the fake's default usage).
    harness.cometapi.enqueue({ kind: "stream", partials: [], images: [png.image1, png.image2] });
    const job = await runJob(harness, { prompt: "two foxes", count: 2 });
    expect(job.usage).toEqual({ inputTokens: 40, outputTokens: 2112 });
    // At $5 in and $40 out per million tokens.
    expect(job.costUsd).toBeCloseTo((40 * 5 + 2112 * 40) / 1_000_000, 10);
    const completed = harness.log.records().find((record) => record["msg"] === "job completed");
    expect(completed).toMatchObject({ usage: { inputTokens: 40, outputTokens: 2112 } });
  });

  it("takes the policy file's prices over the catalog's", async () => {
    const file = join(makeTempDir("prices"), "policy.yml");
    writeFileSync(file, "prices:\n  gpt-image-1: { input: 10, output: 80 }\n");
    harness = await startPriced({ IMAGINE_POLICY_FILE: file });
    harness.cometapi.enqueue({
      kind: "json",
      images: [png.image1],
      usage: { input_tokens: 10, output_tokens: 1000 },
    });
    const job = await runJob(harness, { prompt: "a fox" });
    expect(job.costUsd).toBeCloseTo((10 * 10 + 1000 * 80) / 1_000_000, 10);
  });

  it("records a job of a model nobody priced as unpriced, its tokens kept", async () => {
    harness = await startPriced();
    harness.cometapi.enqueue({
      kind: "json",
      images: [png.image1],
      usage: { input_tokens: 7, output_tokens: 272 },
    });
    const job = await runJob(harness, { prompt: "a fox", model: "gpt-image-1-mini" });
    expect(job.usage).toEqual({ inputTokens: 7, outputTokens: 272 });
    expect(job.costUsd).toBeUndefined();
    const completed = harness.log.records().find((record) => record["msg"] === "job completed");
    expect(completed).toMatchObject({ unpriced: true });
  });
});
