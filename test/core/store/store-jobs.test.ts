import { describe, expect, it } from "vitest";
import { makeClaim, makeJob, noon, today } from "./make-job.ts";
import { embeddedStoreEngines, storeEngines } from "./store-engines.ts";

/** A job with every optional field set, none of them at a default. */
const fullJob = makeJob({
  id: "job-full",
  platform: "slack",
  workspaceId: "T1",
  channelId: "C1",
  userId: "U1",
  request: {
    prompt: 'a lighthouse at dusk, "quoted" and 🌊',
    model: "gpt-image-1",
    size: "1536x1024",
    quality: "high",
    count: 3,
    outputFormat: "webp",
  },
  parentId: "job-parent",
  status: "done",
  createdAt: noon,
  updatedAt: noon + 5000,
  messageRefs: { channel: "C1", thread: "1700000000.000100", placeholder: "1700000000.000200" },
  imageRefs: ["F1", "F2", "F3"],
  errorCode: "upstream_timeout",
  claim: {
    userKey: "slack:T1:U1",
    workspaceKey: "workspace:slack:T1",
    day: today,
    at: noon,
    images: 3,
    cooldownMs: 30_000,
    previousJobAt: noon - 90_000,
  },
  costUsd: 0.125,
  usage: { inputTokens: 42, outputTokens: 3168 },
});

describe.each(storeEngines)("job rows in the %s store", (_engine, openStore) => {
  it("gives back every field of a job as it was written", async () => {
    const store = await openStore();
    await store.createJob(fullJob);
    await store.createJob(makeJob());
    expect(await store.findJob("job-full")).toEqual(fullJob);
    // Absent fields stay absent, not undefined nor null.
    expect(await store.findJob("job-1")).toStrictEqual(makeJob());
    expect(await store.findJob("no-such-job")).toBeUndefined();
    await store.close();
  });

  it("records what a job cost when it ends", async () => {
    const store = await openStore();
    await store.createJob(makeJob());
    await store.updateJob("job-1", {
      status: "done",
      updatedAt: noon + 1000,
      usage: { inputTokens: 20, outputTokens: 1056 },
      costUsd: 0.04234,
    });
    expect(await store.findJob("job-1")).toMatchObject({
      status: "done",
      usage: { inputTokens: 20, outputTokens: 1056 },
      costUsd: 0.04234,
    });
    await store.close();
  });

  it("merges message refs into those recorded and replaces the other fields given", async () => {
    const store = await openStore();
    await store.createJob(makeJob({ messageRefs: { interaction: "tok", application: "app" } }));
    await store.updateJob("job-1", {
      status: "running",
      updatedAt: noon + 1000,
      messageRefs: { reply: "m1" },
    });
    await store.updateJob("job-1", {
      status: "done",
      updatedAt: noon + 9000,
      messageRefs: { interaction: "tok2" },
      imageRefs: ["https://cdn.example/1.png"],
    });
    expect(await store.findJob("job-1")).toEqual(
      makeJob({
        status: "done",
        updatedAt: noon + 9000,
        messageRefs: { interaction: "tok2", application: "app", reply: "m1" },
        imageRefs: ["https://cdn.example/1.png"],
      }),
    );
    await store.updateJob("job-1", { updatedAt: noon + 10_000, errorCode: "upload_failed" });
    const job = await store.findJob("job-1");
    expect(job?.errorCode).toBe("upload_failed");
    expect(job?.status).toBe("done");
    expect(job?.imageRefs).toEqual(["https://cdn.example/1.png"]);
    await store.close();
  });

  it("lists the jobs a restart interrupted whose person was not told yet, oldest first", async () => {
    const store = await openStore();
    const interrupted = { status: "interrupted" as const };
    await store.createJob(makeJob({ id: "told", ...interrupted, errorCode: "interrupted", createdAt: noon }));
    await store.createJob(
      makeJob({ id: "later", ...interrupted, errorCode: "restarted", createdAt: noon + 2 }),
    );
    await store.createJob(
      makeJob({ id: "first", ...interrupted, errorCode: "restarted", createdAt: noon + 1 }),
    );
    await store.createJob(makeJob({ id: "shutdown", ...interrupted, errorCode: "shutting_down" }));
    expect((await store.untoldJobs()).map((job) => job.id)).toEqual(["first", "later"]);
    await store.close();
  });

  it("lists one person's latest jobs on a platform, newest first, up to the limit", async () => {
    const store = await openStore();
    for (const [id, at] of [
      ["a", 1],
      ["b", 3],
      ["c", 2],
      ["d", 4],
      ["c2", 2],
    ] as const) {
      await store.createJob(
        makeJob({ id, createdAt: noon + at * 1000, status: id === "d" ? "deleted" : "done" }),
      );
    }
    await store.createJob(makeJob({ id: "someone-else", userId: "u2", createdAt: noon + 9000 }));
    await store.createJob(makeJob({ id: "other-platform", platform: "slack", createdAt: noon + 9000 }));
    expect((await store.recentJobs("discord", "u1", 3)).map((job) => job.id)).toEqual(["d", "b", "c2"]);
    // Asked in the same millisecond: the one written last comes first.
    expect((await store.recentJobs("discord", "u1", 10)).map((job) => job.id)).toEqual([
      "d",
      "b",
      "c2",
      "c",
      "a",
    ]);
    expect(await store.recentJobs("discord", "u1", 0)).toEqual([]);
    expect(await store.recentJobs("slack", "u2", 5)).toEqual([]);
    await store.close();
  });

  it("claims the telling of an interrupted job's person once, however many ask at once", async () => {
    const store = await openStore();
    const interrupted = { status: "interrupted" as const, errorCode: "restarted" };
    await store.createJob(makeJob({ id: "first", ...interrupted, createdAt: noon }));
    await store.createJob(makeJob({ id: "second", ...interrupted, createdAt: noon + 1 }));

    const claims = await Promise.all(Array.from({ length: 5 }, () => store.claimUntoldJob("first")));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimUntoldJob("first")).toBe(false);
    expect(await store.findJob("first")).toMatchObject({ status: "interrupted", errorCode: "telling" });
    // Being told: no longer anyone else's to tell.
    expect((await store.untoldJobs()).map((job) => job.id)).toEqual(["second"]);

    await store.updateJob("first", { errorCode: "interrupted", updatedAt: noon + 5000 });
    expect(await store.claimUntoldJob("first")).toBe(false);
    expect((await store.untoldJobs()).map((job) => job.id)).toEqual(["second"]);
    await store.close();
  });

  it("claims no job but one a restart interrupted whose person was not told", async () => {
    const store = await openStore();
    await store.createJob(makeJob({ id: "told", status: "interrupted", errorCode: "interrupted" }));
    await store.createJob(makeJob({ id: "stopped", status: "interrupted", errorCode: "shutting_down" }));
    await store.createJob(makeJob({ id: "running", status: "running" }));
    await store.createJob(makeJob({ id: "failed", status: "failed", errorCode: "restarted" }));
    for (const id of ["told", "stopped", "running", "failed", "no-such-job"]) {
      expect(await store.claimUntoldJob(id), id).toBe(false);
    }
    expect(await store.findJob("told")).toMatchObject({ errorCode: "interrupted" });
    expect(await store.findJob("failed")).toMatchObject({ status: "failed", errorCode: "restarted" });
    await store.close();
  });

  it("interrupts an unfinished job once, giving back its images and cooldown", async () => {
    const store = await openStore();
    await store.setLastJobAt("discord:g1:u1", noon - 120_000);
    await store.take(makeClaim({ images: 2 }, { cooldownMs: 60_000 }), makeJob({ status: "running" }));
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(2);

    expect(await store.interruptJob("job-1", noon + 5000, "restarted")).toBe(true);
    const job = await store.findJob("job-1");
    expect(job).toEqual(makeJob({ status: "interrupted", errorCode: "restarted", updatedAt: noon + 5000 }));
    expect(job?.claim).toBeUndefined();
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(0);
    expect(await store.imagesOn("workspace:discord:g1", today)).toBe(0);
    expect(await store.lastJobAt("discord:g1:u1")).toBe(noon - 120_000);

    await store.addImages("discord:g1:u1", today, 1);
    expect(await store.interruptJob("job-1", noon + 6000, "restarted")).toBe(false);
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(1);
    expect((await store.findJob("job-1"))?.updatedAt).toBe(noon + 5000);
    await store.close();
  });

  it("keeps a later job's cooldown when it interrupts an earlier one", async () => {
    const store = await openStore();
    const limits = { cooldownMs: 60_000 };
    await store.take(makeClaim({ images: 1 }, limits), makeJob({ id: "first", status: "running" }));
    await store.take(makeClaim({ at: noon + 60_000, images: 1 }, limits), makeJob({ id: "second" }));
    expect(await store.interruptJob("first", noon + 61_000, "restarted")).toBe(true);
    expect(await store.lastJobAt("discord:g1:u1")).toBe(noon + 60_000);
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(1);
    await store.close();
  });

  it("leaves finished jobs and unknown ids alone when asked to interrupt them", async () => {
    const store = await openStore();
    await store.take(makeClaim({ images: 2 }), makeJob({ status: "done" }));
    expect(await store.interruptJob("job-1", noon + 1000, "restarted")).toBe(false);
    expect(await store.interruptJob("no-such-job", noon + 1000, "restarted")).toBe(false);
    expect((await store.findJob("job-1"))?.status).toBe("done");
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(2);
    await store.close();
  });

  it("prunes the jobs created before a time and says how many went", async () => {
    const store = await openStore();
    await store.createJob(makeJob({ id: "old", createdAt: noon - 2000 }));
    await store.createJob(makeJob({ id: "older", createdAt: noon - 3000 }));
    await store.createJob(makeJob({ id: "now", createdAt: noon }));
    expect(await store.pruneJobs(noon)).toBe(2);
    expect(await store.findJob("old")).toBeUndefined();
    expect((await store.recentJobs("discord", "u1", 10)).map((job) => job.id)).toEqual(["now"]);
    expect(await store.pruneJobs(noon)).toBe(0);
    await store.close();
  });

  it("refuses a second job with the same id and keeps the first", async () => {
    const store = await openStore();
    await store.createJob(makeJob());
    await expect(store.createJob(makeJob({ userId: "u2" }))).rejects.toThrow();
    expect((await store.findJob("job-1"))?.userId).toBe("u1");
    await store.close();
  });

  it("hands out copies: changing a job read back changes nothing stored", async () => {
    const store = await openStore();
    await store.createJob(makeJob({ messageRefs: { reply: "m1" } }));
    const read = (await store.findJob("job-1")) as { messageRefs: Record<string, string> };
    read.messageRefs.reply = "changed";
    expect((await store.findJob("job-1"))?.messageRefs).toEqual({ reply: "m1" });
    await store.close();
  });
});

describe.each(embeddedStoreEngines)(
  "job rows in the %s store, one process per store",
  (_engine, openStore) => {
    it("lists every job left queued or running, oldest first: at start, all are a dead process's", async () => {
      const store = await openStore();
      await store.createJob(makeJob({ id: "late", status: "running", createdAt: noon + 2000 }));
      await store.createJob(makeJob({ id: "done", status: "done", createdAt: noon }));
      await store.createJob(makeJob({ id: "early", status: "queued", createdAt: noon + 1000 }));
      await store.createJob(makeJob({ id: "failed", status: "failed", createdAt: noon + 500 }));
      // Asked in the same millisecond: the one written first comes first.
      await store.createJob(makeJob({ id: "early-too", status: "running", createdAt: noon + 1000 }));
      expect((await store.unfinishedJobs()).map((job) => job.id)).toEqual(["early", "early-too", "late"]);
      await store.close();
    });

    it("adopts an unfinished job, and no finished or unknown one", async () => {
      const store = await openStore();
      await store.createJob(makeJob({ id: "posted", status: "running", imageRefs: ["F1"] }));
      await store.createJob(makeJob({ id: "done", status: "done" }));
      expect(await store.adoptJob("posted")).toBe(true);
      expect(await store.adoptJob("done")).toBe(false);
      expect(await store.adoptJob("no-such-job")).toBe(false);
      await store.close();
    });
  },
);
