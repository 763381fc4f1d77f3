import { describe, expect, it } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import type { Actor } from "../../../src/core/policy/actor.ts";
import { acceptsSize, findModel } from "../../../src/core/requests/models.ts";
import type { RawRequest } from "../../../src/core/requests/request.ts";
import { utcDay } from "../../../src/kit/utc-day.ts";
import { actor } from "../../support/actors.ts";
import { createCore, image, settings } from "../../support/create-core.ts";
import { middayUtc } from "../../support/fixed-clock.ts";
import { acceptedId, untilStatus } from "../../support/job-rows.ts";

type Core = ReturnType<typeof createCore>;

const requester = actor({ userId: "u1" });
const clicker = actor({ userId: "u2" });
const openSink = () => () => undefined;
const dayMs = 86_400_000;

/** Runs one job through to its recorded end: made when `fails` is not given, else failed with it. */
async function finishedJob(core: Core, request: RawRequest, who: Actor = requester, fails?: ImagineError) {
  const callIndex = core.driver.calls.length;
  const id = acceptedId(await core.imagine.submit({ request, actor: who, openSink }));
  const call = await core.driver.nthCall(callIndex);
  if (fails) call.fail(fails);
  else call.succeed([image]);
  await untilStatus(core.store, id, fails ? "failed" : "done");
  return id;
}

/** Follows a button and answers the new job's row, with the request the provider was asked for. */
async function followed(core: Core, input: Parameters<Core["imagine"]["follow"]>[0]) {
  const callIndex = core.driver.calls.length;
  const id = acceptedId(await core.imagine.follow(input));
  const call = await core.driver.nthCall(callIndex);
  return { row: await core.store.findJob(id), asked: call.request };
}

describe("following a job's button", () => {
  it("rerolls another person's job as a new job of the clicker, with the same request", async () => {
    const core = createCore();
    const parent = await finishedJob(core, {
      prompt: "a red fox",
      size: "1024x1536",
      quality: "low",
      count: 2,
    });
    const { row, asked } = await followed(core, {
      action: "reroll",
      jobId: parent,
      actor: clicker,
      messageRefs: { replyId: "m2" },
      openSink,
    });
    expect(row).toMatchObject({
      userId: "u2",
      parentId: parent,
      status: "running",
      messageRefs: { replyId: "m2" },
      request: { prompt: "a red fox", model: "gpt-image-1", size: "1024x1536", quality: "low", count: 2 },
    });
    expect(asked).toEqual(row?.request);
  });

  it("counts a reroll against the clicker's daily limit, leaving the requester's untouched", async () => {
    const core = createCore({}, { dailyLimitPerUser: 1 });
    const day = utcDay(middayUtc);
    const parent = await finishedJob(core, { prompt: "a red fox" });
    // The requester has used their one image today; the clicker has not.
    await expect(
      core.imagine.follow({ action: "reroll", jobId: parent, actor: requester, openSink }),
    ).resolves.toMatchObject({
      status: "refused",
      error: { code: "daily_limit" },
    });
    await followed(core, { action: "reroll", jobId: parent, actor: clicker, openSink });
    const again = await core.imagine.follow({ action: "reroll", jobId: parent, actor: clicker, openSink });
    expect(again.status === "refused" && again.error.code).toBe("daily_limit");
    expect(await core.store.imagesOn("discord:g1:u1", day)).toBe(1);
    expect(await core.store.imagesOn("discord:g1:u2", day)).toBe(1);
  });

  it("varies a job with the new prompt and the parent's settings", async () => {
    const core = createCore();
    const parent = await finishedJob(core, { prompt: "a red fox", size: "1536x1024", quality: "medium" });
    const { row, asked } = await followed(core, {
      action: "vary",
      jobId: parent,
      prompt: "a red fox in the snow",
      actor: clicker,
      openSink,
    });
    expect(asked).toMatchObject({ prompt: "a red fox in the snow", size: "1536x1024", quality: "medium" });
    expect(row).toMatchObject({ parentId: parent, userId: "u2", request: asked });
  });

  describe("bigger", () => {
    const models = ["gpt-image-1", "dall-e-3", "gpt-image-2", "doubao-seedream-4-0-250828"];
    const withModels = () => createCore({ settings: { ...settings, models } });

    it("asks a fixed-size model for its largest size by area and its highest quality", async () => {
      const each = withModels();
      const parent = await finishedJob(each, { prompt: "a red fox", size: "1024x1024", quality: "low" });
      const { asked, row } = await followed(each, {
        action: "bigger",
        jobId: parent,
        actor: clicker,
        openSink,
      });
      expect(["1536x1024", "1024x1536"]).toContain(asked.size);
      expect(acceptsSize(findModel("gpt-image-1")!, asked.size)).toBe(true);
      expect(asked).toMatchObject({ model: "gpt-image-1", quality: "high", prompt: "a red fox" });
      expect(row?.parentId).toBe(parent);
    });

    it("asks dall-e-3 for hd at 1792x1024", async () => {
      const each = withModels();
      const parent = await finishedJob(each, { prompt: "a red fox", model: "dall-e-3", quality: "standard" });
      const { asked } = await followed(each, { action: "bigger", jobId: parent, actor: clicker, openSink });
      expect(asked).toMatchObject({ model: "dall-e-3", size: "1792x1024", quality: "hd" });
    });

    it("asks a model that takes any size for its maximum width and height", async () => {
      const each = withModels();
      const parent = await finishedJob(each, {
        prompt: "a red fox",
        model: "gpt-image-2",
        size: "1024x1024",
      });
      const { asked } = await followed(each, { action: "bigger", jobId: parent, actor: clicker, openSink });
      expect(asked).toMatchObject({ model: "gpt-image-2", size: "3840x2160", quality: "high" });
    });

    it("asks a model with named sizes for the last of them", async () => {
      const each = withModels();
      const model = "doubao-seedream-4-0-250828";
      const parent = await finishedJob(each, { prompt: "a red fox", model, size: "1K" });
      const { asked } = await followed(each, { action: "bigger", jobId: parent, actor: clicker, openSink });
      expect(asked).toMatchObject({ model, size: "4K" });
      expect(asked.quality).toBeUndefined();
    });
  });

  it("retries a failed job for its requester", async () => {
    const core = createCore();
    const parent = await finishedJob(core, { prompt: "a red fox" }, requester, new ImagineError("timeout"));
    const { row } = await followed(core, { action: "retry", jobId: parent, actor: requester, openSink });
    expect(row).toMatchObject({ userId: "u1", parentId: parent, request: { prompt: "a red fox" } });
  });

  it("refuses a retry by anyone but the requester, and starts nothing", async () => {
    const core = createCore();
    const parent = await finishedJob(core, { prompt: "a red fox" }, requester, new ImagineError("timeout"));
    const strangers = [clicker, actor({ userId: "u1", platform: "slack", workspaceId: "T1" })];
    for (const stranger of strangers) {
      const answer = await core.imagine.follow({ action: "retry", jobId: parent, actor: stranger, openSink });
      expect(answer).toMatchObject({
        status: "refused",
        error: { code: "not_your_job", context: { action: "retry" } },
      });
    }
    expect(core.driver.calls).toHaveLength(1);
    expect(await core.store.recentJobs("discord", "u2", 10)).toEqual([]);
  });

  it("answers job_too_old, naming the retention, for a job that never was or has been pruned", async () => {
    const core = createCore({ retentionDays: 30 });
    const parent = await finishedJob(core, { prompt: "a red fox" });
    core.clock.now += 31 * dayMs;
    expect(await core.store.pruneJobs(core.clock.now - 30 * dayMs)).toBe(1);
    for (const jobId of [parent, "no-such-job"]) {
      const answer = await core.imagine.follow({ action: "reroll", jobId, actor: clicker, openSink });
      expect(answer).toMatchObject({
        status: "refused",
        error: { code: "job_too_old", context: { retentionDays: 30 } },
      });
      const found = await core.imagine.findJob(jobId);
      expect(found instanceof ImagineError && found.code).toBe("job_too_old");
    }
    expect(core.driver.calls).toHaveLength(1);
    // Counted like any refusal, so /metrics shows clicks on buttons too old to act on.
    expect(core.imagine.stats().totals.refused).toBe(2);
  });
});

describe("following a job with image edits", () => {
  const access = { hosts: ["files.example.test"], headers: { authorization: "Bearer not-a-real-token" } };
  const input = { url: "https://files.example.test/cat.png", name: "cat.png", declaredBytes: 2048 };
  const result = { url: "https://files.example.test/result.png", name: "imagine-1.png" };

  it("makes Vary an edit of the result image for a model that edits, with the clicker's download access", async () => {
    const core = createCore();
    const parent = await finishedJob(core, { prompt: "a red fox" });
    const { row, asked } = await followed(core, {
      action: "vary",
      jobId: parent,
      prompt: "a red fox in the snow",
      resultImage: result,
      inputAccess: access,
      actor: clicker,
      openSink,
    });
    expect(asked).toMatchObject({ prompt: "a red fox in the snow", edit: { image: result } });
    expect(row?.request.edit).toEqual({ image: result });
    expect(core.driver.calls.at(-1)?.options.inputAccess).toEqual(access);
  });

  it("draws Vary afresh for a model that cannot edit", async () => {
    const core = createCore({ settings: { ...settings, models: ["gpt-image-1", "dall-e-3"] } });
    const parent = await finishedJob(core, { prompt: "a red fox", model: "dall-e-3" });
    const { asked } = await followed(core, {
      action: "vary",
      jobId: parent,
      prompt: "a blue fox",
      resultImage: result,
      inputAccess: access,
      actor: clicker,
      openSink,
    });
    expect(asked.prompt).toBe("a blue fox");
    expect(asked.edit).toBeUndefined();
  });

  it("rerolls an edit as an edit of the same input", async () => {
    const core = createCore();
    const parent = acceptedId(
      await core.imagine.submit({
        request: { prompt: "make it night", edit: { image: input } },
        actor: requester,
        openSink,
        inputAccess: access,
      }),
    );
    (await core.driver.nthCall(0)).succeed([image]);
    await untilStatus(core.store, parent, "done");
    const { asked } = await followed(core, {
      action: "reroll",
      jobId: parent,
      actor: clicker,
      inputAccess: access,
      openSink,
    });
    expect(asked).toMatchObject({ prompt: "make it night", edit: { image: input } });
  });

  it("refuses an edit whose platform gave no download access, before anything runs", async () => {
    const core = createCore();
    const answer = await core.imagine.submit({
      request: { prompt: "make it night", edit: { image: input } },
      actor: requester,
      openSink,
    });
    expect(answer.status === "refused" && answer.error.code).toBe("input_not_allowed");
    expect(core.driver.calls).toHaveLength(0);
    expect(await core.store.recentJobs("discord", "u1", 10)).toEqual([]);
  });
});
