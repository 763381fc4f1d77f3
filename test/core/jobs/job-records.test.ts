import { describe, expect, it, vi } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import type { JobEvent, JobSink } from "../../../src/core/jobs/job-events.ts";
import type { JobRecord } from "../../../src/core/jobs/job-record.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import type { Store } from "../../../src/core/store/store.ts";
import { StoreUnavailableError } from "../../../src/core/store/store-unavailable-error.ts";
import { utcDay } from "../../../src/kit/utc-day.ts";
import { actor } from "../../support/actors.ts";
import { createCore, image } from "../../support/create-core.ts";
import { middayUtc } from "../../support/fixed-clock.ts";
import { acceptedId, recordingSink, refusalCode, untilStatus } from "../../support/job-rows.ts";

const today = utcDay(middayUtc);
const requesterKey = "discord:g1:u1";

/** A few turns of the event loop: enough for any write the core would make without waiting on a sink. */
async function letTheCoreRun(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe("an accepted job's record", () => {
  it("is written, queued and as asked, before the adapter is asked for a sink", async () => {
    const { imagine, store } = createCore();
    let seen: JobRecord | undefined;
    const submission = await imagine.submit({
      request: { prompt: "a lighthouse", size: "1536x1024", quality: "high", count: 2 },
      actor: actor({ userId: "u1", workspaceId: "g1", channelId: "c7" }),
      messageRefs: { applicationId: "app1", interactionAt: String(middayUtc) },
      openSink: async (job) => {
        seen = await store.findJob(job.jobId);
        return () => undefined;
      },
    });
    const id = acceptedId(submission);
    expect(seen).toMatchObject({
      id,
      platform: "discord",
      workspaceId: "g1",
      channelId: "c7",
      userId: "u1",
      status: "queued",
      request: {
        prompt: "a lighthouse",
        model: "gpt-image-1",
        size: "1536x1024",
        quality: "high",
        count: 2,
        outputFormat: "png",
      },
      messageRefs: { applicationId: "app1", interactionAt: String(middayUtc) },
      imageRefs: [],
      createdAt: middayUtc,
    });
    expect(seen?.parentId).toBeUndefined();
    expect(seen?.claim).toMatchObject({ userKey: requesterKey, day: today, images: 2 });
  });

  it("says running once the provider is asked, and done only once the result has landed", async () => {
    const { imagine, driver, store, clock } = createCore();
    let land!: () => void;
    const landing = new Promise<void>((resolve) => (land = resolve));
    const events: JobEvent[] = [];
    const sink: JobSink = (event) => {
      events.push(event);
      return event.type === "completed" ? landing : undefined;
    };
    const id = acceptedId(
      await imagine.submit({ request: { prompt: "a cat" }, actor: actor(), openSink: () => sink }),
    );

    const call = await driver.nthCall(0);
    expect((await store.findJob(id))?.status).toBe("running");

    clock.now += 4000;
    call.succeed([image]);
    await vi.waitFor(() => expect(events.at(-1)?.type).toBe("completed"));
    await letTheCoreRun();
    // The images are still being posted: a crash now must leave the job to recovery.
    expect((await store.findJob(id))?.status).toBe("running");

    land();
    const done = await untilStatus(store, id, "done");
    expect(done.updatedAt).toBe(middayUtc + 4000);
    expect(done.errorCode).toBeUndefined();
  });

  it("frees the slot once the images are handed over, but says done only once a held last word lands", async () => {
    const { imagine, driver, store } = createCore({ concurrency: 1 });
    let land!: () => void;
    const lastWord = new Promise<void>((resolve) => (land = resolve));
    const id = acceptedId(
      await imagine.submit({
        request: { prompt: "a cat" },
        actor: actor(),
        openSink: (job) => {
          job.holdEnd(lastWord);
          return () => undefined;
        },
      }),
    );
    (await driver.nthCall(0)).succeed([image]);
    // The next job starts: the slot did not wait for the last word...
    await imagine.submit({
      request: { prompt: "a dog" },
      actor: actor({ userId: "u2" }),
      openSink: () => () => undefined,
    });
    await driver.nthCall(1);
    // ...but the first job's record does: a crash now leaves it to recovery to finish.
    await letTheCoreRun();
    expect((await store.findJob(id))?.status).toBe("running");
    land();
    await untilStatus(store, id, "done");
  });

  it("says failed, with the code the person was shown, when the provider fails", async () => {
    const { imagine, driver, store } = createCore();
    const job = recordingSink();
    const id = acceptedId(
      await imagine.submit({ request: { prompt: "a cat" }, actor: actor(), openSink: () => job.sink }),
    );
    (await driver.nthCall(0)).fail(new ImagineError("upstream_unavailable"));
    await job.ended;
    expect(await untilStatus(store, id, "failed")).toMatchObject({ errorCode: "upstream_unavailable" });
  });

  it("says failed with the code cancelled for a job its person cancelled", async () => {
    const { imagine, driver, store } = createCore();
    const job = recordingSink();
    const submission = await imagine.submit({
      request: { prompt: "a cat" },
      actor: actor(),
      openSink: () => job.sink,
    });
    const id = acceptedId(submission);
    await driver.nthCall(0);
    if (submission.status === "accepted") submission.cancel();
    expect(await job.ended).toEqual({ type: "cancelled" });
    expect(await untilStatus(store, id, "failed")).toMatchObject({ errorCode: "cancelled" });
  });

  it("says interrupted for a running job and a waiting one that a shutdown stopped", async () => {
    const { imagine, driver, store } = createCore();
    const running = acceptedId(
      await imagine.submit({
        request: { prompt: "one" },
        actor: actor({ userId: "a" }),
        openSink: () => () => undefined,
      }),
    );
    const waiting = acceptedId(
      await imagine.submit({
        request: { prompt: "two" },
        actor: actor({ userId: "b" }),
        openSink: () => () => undefined,
      }),
    );
    await driver.nthCall(0);
    await imagine.shutdown(0);
    expect(await untilStatus(store, running, "interrupted")).toMatchObject({ errorCode: "shutting_down" });
    expect(await untilStatus(store, waiting, "interrupted")).toMatchObject({ errorCode: "shutting_down" });
    expect(driver.calls).toHaveLength(1);
  });

  it("keeps what the adapter notes: message references merged, image references stored", async () => {
    const { imagine, store } = createCore();
    const submission = await imagine.submit({
      request: { prompt: "a cat" },
      actor: actor(),
      messageRefs: { applicationId: "app1", replyId: "pending" },
      openSink: () => () => undefined,
    });
    if (submission.status !== "accepted") throw new Error("the job was refused");
    await submission.note({ messageRefs: { replyId: "m42", channelMessageId: "m43" } });
    await submission.note({ imageRefs: ["F01", "F02"] });
    expect(await store.findJob(submission.jobId)).toMatchObject({
      messageRefs: { applicationId: "app1", replyId: "m42", channelMessageId: "m43" },
      imageRefs: ["F01", "F02"],
    });
  });

  it("never rejects a note when the store fails: the failure is logged and the job goes on", async () => {
    const failing: Store = {
      ...createMemoryStore(),
      updateJob: () => Promise.reject(new Error("disk I/O error")),
    };
    const { imagine, records } = createCore({}, { store: failing });
    const submission = await imagine.submit({
      request: { prompt: "a cat" },
      actor: actor(),
      openSink: () => () => undefined,
    });
    if (submission.status !== "accepted") throw new Error("the job was refused");
    await expect(submission.note({ imageRefs: ["F01"] })).resolves.toBeUndefined();
    expect(
      records().filter((line) => line.level === 50 && line.msg === "recording the job's move failed"),
    ).not.toEqual([]);
  });

  it("is never written for a refused request", async () => {
    const { imagine, store } = createCore({}, { dailyLimitPerUser: 1 });
    const openSink = () => () => undefined;
    const accepted = acceptedId(
      await imagine.submit({ request: { prompt: "one" }, actor: actor(), openSink }),
    );
    const refused = [
      await imagine.submit({ request: { prompt: "two" }, actor: actor(), openSink }),
      await imagine.submit({ request: { prompt: "   " }, actor: actor(), openSink }),
    ];
    expect(refused.map(refusalCode)).toEqual(["daily_limit", "invalid_request"]);
    expect((await store.recentJobs("discord", "u1", 10)).map((job) => job.id)).toEqual([accepted]);
  });

  it("says failed, with the quota given back, when the adapter cannot open the job's sink", async () => {
    const { imagine, driver, store } = createCore({}, { dailyLimitPerUser: 1 });
    let brokenId: string | undefined;
    const broken = new Error("the reply could not be prepared");
    const submitted = imagine.submit({
      request: { prompt: "one" },
      actor: actor(),
      openSink: (job) => {
        brokenId = job.jobId;
        return Promise.reject(broken);
      },
    });
    await expect(submitted).rejects.toBe(broken);
    expect(await store.findJob(brokenId!)).toMatchObject({ status: "failed", errorCode: "cancelled" });
    expect(await store.imagesOn(requesterKey, today)).toBe(0);
    // Today's one image is still theirs to make.
    acceptedId(
      await imagine.submit({ request: { prompt: "two" }, actor: actor(), openSink: () => () => undefined }),
    );
    expect((await driver.nthCall(0)).request.prompt).toBe("two");
  });
});

describe("a store that cannot take a job", () => {
  it("makes submit refuse with store_unavailable, opens no sink and warns (the store logs the fault)", async () => {
    const failing: Store = {
      ...createMemoryStore(),
      take: () => Promise.reject(new StoreUnavailableError("database is locked")),
    };
    const { imagine, driver, records } = createCore({}, { store: failing });
    const openSink = vi.fn(() => () => undefined);
    const submission = await imagine.submit({ request: { prompt: "a cat" }, actor: actor(), openSink });
    expect(refusalCode(submission)).toBe("store_unavailable");
    expect(openSink).not.toHaveBeenCalled();
    expect(driver.calls).toHaveLength(0);
    expect(
      records().filter((line) => line.level === 40 && line.msg === "the store could not take the job"),
    ).toHaveLength(1);
    expect(imagine.stats().totals).toMatchObject({ accepted: 0, refused: 1 });
  });

  it("answers any other failure while deciding as the bot's own error, logged", async () => {
    const failing: Store = { ...createMemoryStore(), take: () => Promise.reject(new Error("a bug")) };
    const { imagine, records } = createCore({}, { store: failing });
    const openSink = vi.fn(() => () => undefined);
    const submission = await imagine.submit({ request: { prompt: "a cat" }, actor: actor(), openSink });
    expect(refusalCode(submission)).toBe("internal");
    expect(openSink).not.toHaveBeenCalled();
    expect(
      records().filter((line) => line.level === 50 && line.msg === "deciding on the job failed"),
    ).toHaveLength(1);
  });
});
