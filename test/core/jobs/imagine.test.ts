import { describe, expect, it, vi } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import type { JobEvent, JobSink } from "../../../src/core/jobs/job-events.ts";
import type { AcceptedJob, Imagine, SubmitInput } from "../../../src/core/jobs/submission.ts";
import { actor } from "../../support/actors.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import type { Store } from "../../../src/core/store/store.ts";
import { createCore, image, settings } from "../../support/create-core.ts";

/** Collects a job's events and resolves `ended` with the terminal one. */
function collector() {
  const events: JobEvent[] = [];
  let end!: (event: JobEvent) => void;
  const ended = new Promise<JobEvent>((resolve) => (end = resolve));
  const sink = (event: JobEvent) => {
    events.push(event);
    if (event.type === "completed" || event.type === "failed" || event.type === "cancelled") end(event);
  };
  return { events, ended, sink, types: () => events.map((event) => event.type) };
}

const input = (sink: JobSink, prompt = "a cat", userId = "u1"): SubmitInput => ({
  request: { prompt },
  actor: actor({ userId }),
  openSink: () => sink,
});

/** Submits a job that cancels itself while its sink is opening; `open` finishes the opening. */
async function submitCancelledWhileOpening(imagine: Imagine) {
  let open: ((sink: JobSink) => void) | undefined;
  const submitted = imagine.submit({
    request: { prompt: "one" },
    actor: actor(),
    openSink: (accepted) => {
      accepted.cancel();
      return new Promise<JobSink>((resolve) => (open = resolve));
    },
  });
  await vi.waitFor(() => expect(open).toBeDefined(), { timeout: 2000 });
  return { submitted, open: open! };
}

describe("the imagine core", () => {
  it("runs an accepted job: started, partials, completed with the images", async () => {
    const { imagine, driver } = createCore();
    const job = collector();
    const submission = await imagine.submit(input(job.sink));
    expect(submission.status).toBe("accepted");
    const call = await driver.nthCall(0);
    expect(call.request.prompt).toBe("a cat");
    call.partial(0, image);
    call.partial(1, image);
    call.succeed([image]);
    const last = await job.ended;
    expect(job.types()).toEqual(["started", "partial", "partial", "completed"]);
    expect(last.type === "completed" && last.images).toEqual([image]);
  });

  it("refuses a bad request without events or a provider call", async () => {
    const { imagine, driver } = createCore();
    const job = collector();
    const submission = await imagine.submit(input(job.sink, "   "));
    expect(submission.status).toBe("refused");
    expect(submission.status === "refused" && submission.error.code).toBe("invalid_request");
    expect(job.events).toEqual([]);
    expect(driver.calls).toHaveLength(0);
  });

  it("queues jobs beyond the concurrency and tells them their position as it moves", async () => {
    const { imagine, driver } = createCore();
    const first = collector();
    const second = collector();
    const third = collector();
    await imagine.submit(input(first.sink, "one", "a"));
    await imagine.submit(input(second.sink, "two", "b"));
    await imagine.submit(input(third.sink, "three", "c"));
    // Accepted jobs join the line on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(second.events).toEqual([{ type: "queued", position: 1 }]);
    expect(third.events).toEqual([{ type: "queued", position: 2 }]);
    (await driver.nthCall(0)).succeed([image]);
    await first.ended;
    await driver.nthCall(1);
    expect(second.types()).toEqual(["queued", "started"]);
    expect(third.events).toEqual([
      { type: "queued", position: 2 },
      { type: "queued", position: 1 },
    ]);
  });

  it("asks the adapter for a sink once, after accepting the job, with what the adapter shows", async () => {
    const { imagine } = createCore({
      partialImages: 2,
      settings: { ...settings, models: ["gpt-image-1", "dall-e-3"] },
    });
    const opened: AcceptedJob[] = [];
    const openSink = vi.fn((job: AcceptedJob) => {
      opened.push(job);
      return () => undefined;
    });
    const streaming = await imagine.submit({ request: { prompt: "a cat" }, actor: actor(), openSink });
    const still = await imagine.submit({
      request: { prompt: "a dog", model: "dall-e-3" },
      actor: actor({ userId: "u2" }),
      openSink,
    });
    expect(openSink).toHaveBeenCalledTimes(2);
    if (streaming.status !== "accepted" || still.status !== "accepted") throw new Error("not accepted");
    expect(
      opened.map(({ jobId, request, previews }) => ({ jobId, prompt: request.prompt, previews })),
    ).toEqual([
      { jobId: streaming.jobId, prompt: "a cat", previews: 2 },
      { jobId: still.jobId, prompt: "a dog", previews: 0 },
    ]);
  });

  it("never asks for a sink when it refuses", async () => {
    const { imagine } = createCore({}, { maxQueuedPerUser: 1 });
    const openSink = vi.fn(() => () => undefined);
    await imagine.submit({ request: { prompt: "a cat" }, actor: actor(), openSink });
    const refusals = [
      await imagine.submit({ request: { prompt: " " }, actor: actor({ userId: "u2" }), openSink }),
      await imagine.submit({ request: { prompt: "a cat" }, actor: actor(), openSink }),
    ];
    await imagine.shutdown(0);
    refusals.push(
      await imagine.submit({ request: { prompt: "a cat" }, actor: actor({ userId: "u3" }), openSink }),
    );
    expect(refusals.map((refusal) => refusal.status === "refused" && refusal.error.code)).toEqual([
      "invalid_request",
      "queue_full",
      "shutting_down",
    ]);
    expect(openSink).toHaveBeenCalledTimes(1);
  });

  it("holds a job out of the queue, and sends it nothing, until its sink is open", async () => {
    const { imagine, driver } = createCore({ concurrency: 2 });
    const job = collector();
    let open!: (sink: JobSink) => void;
    const opening = new Promise<JobSink>((resolve) => (open = resolve));
    const submitted = imagine.submit({ request: { prompt: "one" }, actor: actor(), openSink: () => opening });
    await vi.waitFor(() => expect(imagine.stats().waiting).toBe(1), { timeout: 2000 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(driver.calls).toHaveLength(0);

    open(job.sink);
    expect((await submitted).status).toBe("accepted");
    (await driver.nthCall(0)).succeed([image]);
    await job.ended;
    expect(job.types()).toEqual(["started", "completed"]);
  });

  it("lets no job start while someone else's sink is still opening, so a burst is acknowledged first", async () => {
    const { imagine, driver } = createCore({ concurrency: 2 });
    const first = collector();
    await imagine.submit(input(first.sink, "first", "u1"));
    let open!: (sink: JobSink) => void;
    const opening = new Promise<JobSink>((resolve) => (open = resolve));
    const second = collector();
    const submitted = imagine.submit({
      request: { prompt: "second" },
      actor: actor({ userId: "u2" }),
      openSink: () => opening,
    });
    await vi.waitFor(() => expect(imagine.stats().waiting).toBe(2), { timeout: 2000 });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(driver.calls).toHaveLength(0);

    open(second.sink);
    await submitted;
    (await driver.nthCall(0)).succeed([image]);
    (await driver.nthCall(1)).succeed([image]);
    await Promise.all([first.ended, second.ended]);
    expect(driver.calls.map((call) => call.request.prompt)).toEqual(["first", "second"]);
  });

  it("lets no job start while another request is still being decided", async () => {
    const store = createMemoryStore();
    let letThrough!: () => void;
    const gate = new Promise<void>((resolve) => (letThrough = resolve));
    const gated: Store = {
      ...store,
      take: async (claim, job) => {
        if (job?.request.prompt === "second") await gate;
        return store.take(claim, job);
      },
    };
    const { imagine, driver } = createCore({ concurrency: 2 }, { store: gated });
    const first = collector();
    await imagine.submit(input(first.sink, "first", "u1"));
    const second = collector();
    const submitted = imagine.submit(input(second.sink, "second", "u2"));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(driver.calls).toHaveLength(0);

    letThrough();
    await submitted;
    (await driver.nthCall(0)).succeed([image]);
    (await driver.nthCall(1)).succeed([image]);
    await Promise.all([first.ended, second.ended]);
  });

  it("holds an acknowledged job back for at most 250 ms while others' sinks keep opening", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const { imagine, driver } = createCore({ concurrency: 2 });
      const first = collector();
      await imagine.submit(input(first.sink, "first", "u1"));
      void imagine.submit({
        request: { prompt: "never opens" },
        actor: actor({ userId: "u2" }),
        openSink: () => new Promise<JobSink>(() => undefined),
      });
      // Not vi.waitFor: with fake timers it moves them on as it polls.
      await new Promise((resolve) => setImmediate(resolve));
      expect(imagine.stats().waiting).toBe(2);
      vi.advanceTimersByTime(249);
      await new Promise((resolve) => setImmediate(resolve));
      expect(driver.calls).toHaveLength(0);
      vi.advanceTimersByTime(1);
      (await driver.nthCall(0)).succeed([image]);
      await first.ended;
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives a job back, never running it, when its sink cannot be opened", async () => {
    const { imagine, driver, records } = createCore({}, { dailyLimitPerUser: 1, maxQueuedPerUser: 1 });
    const broken = new Error("the reply could not be prepared");
    const rejecting = imagine.submit({
      request: { prompt: "one" },
      actor: actor(),
      openSink: () => Promise.reject(broken),
    });
    await expect(rejecting).rejects.toBe(broken);
    const throwing = imagine.submit({
      request: { prompt: "two" },
      actor: actor(),
      openSink: () => {
        throw broken;
      },
    });
    await expect(throwing).rejects.toBe(broken);
    // Quota and place came back both times: the person may still make today's one image.
    const job = collector();
    expect((await imagine.submit(input(job.sink, "three"))).status).toBe("accepted");
    expect((await driver.nthCall(0)).request.prompt).toBe("three");
    expect(driver.calls).toHaveLength(1);
    expect(imagine.stats()).toMatchObject({ waiting: 0, totals: { accepted: 3, cancelled: 2 } });
    expect(
      records().filter((line) => line.msg === "the job's sink could not be opened; the job is given back"),
    ).toHaveLength(2);
  });

  it("ends a job cancelled while its sink was opening as soon as the sink is open", async () => {
    const { imagine, driver } = createCore({}, { maxQueuedPerUser: 1 });
    const job = collector();
    const { submitted, open } = await submitCancelledWhileOpening(imagine);
    open(job.sink);
    expect((await submitted).status).toBe("accepted");
    expect(await job.ended).toEqual({ type: "cancelled" });
    expect(job.types()).toEqual(["cancelled"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await imagine.submit(input(collector().sink, "two"))).status).toBe("accepted");
    expect((await driver.nthCall(0)).request.prompt).toBe("two");
  });

  it("on shutdown tells a job whose sink was still opening that the bot is restarting", async () => {
    const { imagine, driver } = createCore();
    const job = collector();
    let open!: (sink: JobSink) => void;
    const opening = new Promise<JobSink>((resolve) => (open = resolve));
    const submitted = imagine.submit({ request: { prompt: "one" }, actor: actor(), openSink: () => opening });
    await vi.waitFor(() => expect(imagine.stats().waiting).toBe(1), { timeout: 2000 });
    let stopped = false;
    const stopping = imagine.shutdown(0).then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    open(job.sink);
    await stopping;
    expect(job.events).toEqual([{ type: "failed", error: new ImagineError("shutting_down"), elapsedMs: 0 }]);
    expect((await submitted).status).toBe("accepted");
    expect(driver.calls).toHaveLength(0);
  });

  it("keeps a job cancelled while its sink was opening cancelled when a shutdown follows", async () => {
    const { imagine, driver } = createCore();
    const job = collector();
    const { submitted, open } = await submitCancelledWhileOpening(imagine);
    const stopping = imagine.shutdown(0);
    open(job.sink);
    await stopping;
    expect(job.events).toEqual([{ type: "cancelled" }]);
    expect((await submitted).status).toBe("accepted");
    expect(driver.calls).toHaveLength(0);
  });

  it("keeps a job's slot until its images are handed over, so a slow platform holds the next jobs back", async () => {
    const { imagine, driver } = createCore({ concurrency: 1 });
    let handOver!: () => void;
    const handedOver = new Promise<void>((resolve) => (handOver = resolve));
    const slowSink = (event: JobEvent) => (event.type === "completed" ? handedOver : undefined);
    await imagine.submit(input(slowSink, "one", "a"));
    await imagine.submit(input(collector().sink, "two", "b"));
    (await driver.nthCall(0)).succeed([image]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(driver.calls).toHaveLength(1);
    handOver();
    expect((await driver.nthCall(1)).request.prompt).toBe("two");
  });

  it("refuses a person's job beyond the per-user limit", async () => {
    const { imagine } = createCore({}, { maxQueuedPerUser: 2 });
    await imagine.submit(input(collector().sink));
    await imagine.submit(input(collector().sink));
    const third = await imagine.submit(input(collector().sink));
    expect(third.status === "refused" && third.error.code).toBe("queue_full");
    expect(third.status === "refused" && third.error.context.limit).toBe(2);
  });

  it("never lets a burst of one person's simultaneous submits pass the per-person cap together", async () => {
    const { imagine, driver } = createCore({ concurrency: 4 }, { maxQueuedPerUser: 2 });
    const jobs = [1, 2, 3, 4, 5, 6].map(() => collector());
    const submissions = await Promise.all(jobs.map((job) => imagine.submit(input(job.sink))));
    expect(submissions.filter((submission) => submission.status === "accepted")).toHaveLength(2);
    const refusals = submissions.flatMap((submission) =>
      submission.status === "refused" ? [submission.error.code] : [],
    );
    expect(refusals).toEqual(["queue_full", "queue_full", "queue_full", "queue_full"]);
    (await driver.nthCall(0)).succeed([image]);
    (await driver.nthCall(1)).succeed([image]);
    await Promise.all(submissions.map((_, index) => (index < 2 ? jobs[index]!.ended : undefined)));
    expect(driver.calls).toHaveLength(2);
  });

  it("frees a person's place once a job ends, whether it made images, failed or was cancelled", async () => {
    const { imagine, driver } = createCore({}, { maxQueuedPerUser: 1 });
    const done = collector();
    await imagine.submit(input(done.sink));
    expect((await imagine.submit(input(collector().sink))).status).toBe("refused");
    (await driver.nthCall(0)).succeed([image]);
    await done.ended;
    await new Promise((resolve) => setImmediate(resolve));

    const failing = collector();
    expect((await imagine.submit(input(failing.sink))).status).toBe("accepted");
    (await driver.nthCall(1)).fail(new ImagineError("upstream_unavailable"));
    await failing.ended;
    await new Promise((resolve) => setImmediate(resolve));

    const cancelled = collector();
    const submission = await imagine.submit(input(cancelled.sink));
    if (submission.status !== "accepted") throw new Error("not accepted");
    submission.cancel();
    await cancelled.ended;
    await new Promise((resolve) => setImmediate(resolve));
    expect((await imagine.submit(input(collector().sink))).status).toBe("accepted");
  });

  it("never lets a burst pass the cooldown or the daily limits together", async () => {
    const burst = async (imagine: ReturnType<typeof createCore>["imagine"], users: readonly string[]) => {
      const submissions = await Promise.all(
        users.map((userId) => imagine.submit(input(collector().sink, "a cat", userId))),
      );
      return submissions.map((submission) =>
        submission.status === "accepted" ? "accepted" : submission.error.code,
      );
    };
    const sameUser = ["u1", "u1", "u1", "u1", "u1"];
    const cooldown = createCore({}, { cooldownSeconds: 60, maxQueuedPerUser: 10 });
    expect((await burst(cooldown.imagine, sameUser)).sort()).toEqual([
      "accepted",
      "cooldown",
      "cooldown",
      "cooldown",
      "cooldown",
    ]);
    const daily = createCore({}, { dailyLimitPerUser: 3, maxQueuedPerUser: 10 });
    expect((await burst(daily.imagine, sameUser)).sort()).toEqual([
      "accepted",
      "accepted",
      "accepted",
      "daily_limit",
      "daily_limit",
    ]);
    const workspace = createCore({}, { dailyLimitPerWorkspace: 2 });
    expect((await burst(workspace.imagine, ["a", "b", "c", "d"])).sort()).toEqual([
      "accepted",
      "accepted",
      "workspace_daily_limit",
      "workspace_daily_limit",
    ]);
  });

  it("keeps running when a sink throws or rejects, and logs it", async () => {
    const { imagine, driver, records } = createCore();
    const job = collector();
    let calls = 0;
    await imagine.submit(
      input((event) => {
        calls++;
        job.sink(event);
        if (event.type === "started") throw new Error("renderer broke");
        if (event.type === "partial") return Promise.reject(new Error("edit failed"));
        return undefined;
      }),
    );
    const call = await driver.nthCall(0);
    call.partial(0, image);
    call.succeed([image]);
    expect((await job.ended).type).toBe("completed");
    expect(calls).toBe(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(records().filter((r) => r.msg === "delivering a job event failed")).toHaveLength(2);
  });

  it("ends a failed job with the typed error and gives back its quota", async () => {
    const { imagine, driver } = createCore({}, { dailyLimitPerUser: 1 });
    const job = collector();
    await imagine.submit(input(job.sink));
    (await driver.nthCall(0)).fail(new ImagineError("upstream_unavailable"));
    const last = await job.ended;
    expect(last.type === "failed" && last.error.code).toBe("upstream_unavailable");
    const again = await imagine.submit(input(collector().sink));
    expect(again.status).toBe("accepted");
  });

  it("turns an unexpected exception into an internal error", async () => {
    const { imagine, driver } = createCore();
    const job = collector();
    await imagine.submit(input(job.sink));
    (await driver.nthCall(0)).fail(new TypeError("boom"));
    const last = await job.ended;
    expect(last.type === "failed" && last.error.code).toBe("internal");
  });

  it("cancels a waiting job and a running one", async () => {
    const { imagine, driver } = createCore();
    const running = collector();
    const waiting = collector();
    const a = await imagine.submit(input(running.sink, "one", "a"));
    const b = await imagine.submit(input(waiting.sink, "two", "b"));
    if (a.status !== "accepted" || b.status !== "accepted") throw new Error("not accepted");
    b.cancel();
    expect((await waiting.ended).type).toBe("cancelled");
    const call = await driver.nthCall(0);
    a.cancel();
    expect((await running.ended).type).toBe("cancelled");
    expect(call.options.signal.aborted).toBe(true);
    // The slot frees once the run's promise settles, just after the event is sent.
    await new Promise((resolve) => setImmediate(resolve));
    expect(imagine.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it("on shutdown tells waiting jobs the bot is restarting, lets running ones finish, refuses new ones", async () => {
    const { imagine, driver } = createCore();
    const running = collector();
    const waiting = collector();
    await imagine.submit(input(running.sink, "one", "a"));
    await imagine.submit(input(waiting.sink, "two", "b"));
    const call = await driver.nthCall(0);
    const stopped = imagine.shutdown(10_000);
    const last = await waiting.ended;
    expect(last.type === "failed" && last.error.code).toBe("shutting_down");
    const late = await imagine.submit(input(collector().sink, "three", "c"));
    expect(late.status === "refused" && late.error.code).toBe("shutting_down");
    call.succeed([image]);
    await stopped;
    expect((await running.ended).type).toBe("completed");
    expect(driver.calls).toHaveLength(1);
  });

  it("on shutdown stops running jobs that outlive the grace period", async () => {
    const { imagine, driver } = createCore();
    const running = collector();
    await imagine.submit(input(running.sink));
    await driver.nthCall(0);
    await imagine.shutdown(50);
    const last = await running.ended;
    expect(last.type === "failed" && last.error.code).toBe("shutting_down");
  });

  it("on shutdown waits only a bounded moment for a result a platform never takes", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const { imagine, driver } = createCore();
      const neverTaken = (event: JobEvent) =>
        event.type === "completed" ? new Promise<void>(() => undefined) : undefined;
      await imagine.submit(input(neverTaken));
      (await driver.nthCall(0)).succeed([image]);
      let stopped = false;
      const stopping = imagine.shutdown(0).then(() => (stopped = true));
      await vi.advanceTimersByTimeAsync(4999);
      expect(stopped).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await stopping;
      expect(stopped).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("logs each job with its id, platform and user", async () => {
    const { imagine, driver, records } = createCore();
    const job = collector();
    const submission = await imagine.submit(input(job.sink));
    (await driver.nthCall(0)).succeed([image]);
    await job.ended;
    const accepted = records().find((r) => r.msg === "job accepted");
    expect(accepted).toMatchObject({
      jobId: submission.status === "accepted" ? submission.jobId : "",
      platform: "discord",
      userId: "u1",
    });
  });
});
