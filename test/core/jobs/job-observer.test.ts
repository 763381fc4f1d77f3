import { describe, expect, it } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import type { JobEvent } from "../../../src/core/jobs/job-events.ts";
import type { JobObserver } from "../../../src/core/jobs/job-observer.ts";
import { actor } from "../../support/actors.ts";
import { createCore, image } from "../../support/create-core.ts";

/** An observer that writes down every call, as a test can pass instead of the metrics. */
function recordingObserver() {
  const calls: Array<[keyof JobObserver, ...unknown[]]> = [];
  const record =
    (name: keyof JobObserver) =>
    (...args: unknown[]) =>
      void calls.push([name, ...args]);
  const observer: JobObserver = {
    acknowledged: record("acknowledged"),
    refused: record("refused"),
    accepted: record("accepted"),
    started: record("started"),
    generated: record("generated"),
    delivered: record("delivered"),
    finished: record("finished"),
    upstreamError: record("upstreamError"),
  };
  return { observer, calls };
}

/** The core alone, with a clock the test moves, telling a recording observer. */
function setup() {
  const { observer, calls } = recordingObserver();
  return { ...createCore({ observer }), calls };
}

/** A sink that takes `deliverMs` of the test's clock to hand the result over. */
function sinkFor(clock: { now: number }, deliverMs = 0) {
  let end!: () => void;
  let wait!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const queued = new Promise<void>((resolve) => (wait = resolve));
  const sink = async (event: JobEvent) => {
    if (event.type === "queued") wait();
    if (event.type === "completed") clock.now += deliverMs;
    if (event.type === "completed" || event.type === "failed" || event.type === "cancelled") end();
  };
  return { sink, ended, queued };
}

describe("what the core tells its observer and its debug log", () => {
  it("reports each step of a job, with the times measured on the injected clock", async () => {
    const { imagine, driver, clock, calls } = setup();
    const first = sinkFor(clock, 250);
    const second = sinkFor(clock);
    await imagine.submit({
      request: { prompt: "one" },
      actor: actor({ userId: "u1" }),
      openSink: () => first.sink,
    });
    await imagine.submit({
      request: { prompt: "two" },
      actor: actor({ userId: "u2" }),
      openSink: () => second.sink,
    });
    const call = await driver.nthCall(0);
    clock.now += 12_000;
    call.succeed([image]);
    await first.ended;
    // The second job waited in line for the first one's 12 s of generation and 250 ms of delivery.
    const secondCall = await driver.nthCall(1);
    clock.now += 3_000;
    secondCall.fail(new ImagineError("upstream_unavailable", { status: 503 }));
    await second.ended;

    const job = { platform: "discord", model: "gpt-image-1" };
    expect(calls).toEqual([
      ["accepted", job],
      ["accepted", job],
      ["started", job, 0],
      ["generated", job, 12_000, true],
      ["finished", job, "completed"],
      ["delivered", job, 250],
      ["started", job, 12_250],
      ["generated", job, 3_000, false],
      ["finished", job, "failed", "upstream_unavailable"],
    ]);
  });

  it("reports a refusal with its platform and code", async () => {
    const { imagine, calls } = setup();
    const submission = await imagine.submit({
      request: { prompt: "" },
      actor: actor({ platform: "slack" }),
      openSink: () => () => undefined,
    });
    expect(submission.status).toBe("refused");
    expect(calls).toEqual([["refused", "slack", "invalid_request"]]);
  });

  it("counts a cancelled job as cancelled, not as an upstream failure", async () => {
    const { imagine, driver, clock, calls } = setup();
    const job = sinkFor(clock);
    const submission = await imagine.submit({
      request: { prompt: "one" },
      actor: actor(),
      openSink: () => job.sink,
    });
    await driver.nthCall(0);
    if (submission.status === "accepted") submission.cancel();
    await job.ended;
    expect(calls.map(([name]) => name)).toEqual(["accepted", "started", "finished"]);
    expect(calls.at(-1)).toEqual(["finished", { platform: "discord", model: "gpt-image-1" }, "cancelled"]);
  });

  it("logs one line per step at debug level, each bound to the job", async () => {
    const { imagine, driver, clock, records } = setup();
    const blocker = sinkFor(clock);
    const job = sinkFor(clock, 40);
    await imagine.submit({
      request: { prompt: "first" },
      actor: actor({ userId: "u0" }),
      openSink: () => blocker.sink,
    });
    const accepted = await imagine.submit({
      request: { prompt: "watched" },
      actor: actor({ userId: "u7" }),
      openSink: () => job.sink,
    });
    if (accepted.status !== "accepted") throw new Error("the job was refused");
    await job.queued;
    (await driver.nthCall(0)).succeed([image]);
    await blocker.ended;
    const call = await driver.nthCall(1);
    call.partial(0, image);
    call.succeed([image]);
    await job.ended;
    // The delivery line follows the sink's promise: wait for it rather than for a fixed time.
    await expect
      .poll(() => records().some((line) => line.msg === "job delivered" && line.jobId === accepted.jobId))
      .toBe(true);

    const steps = records()
      .filter((line) => line.jobId === accepted.jobId)
      .map(({ level, msg, jobId, platform, userId, position, index, ms }) => ({
        level,
        msg,
        bound: jobId === accepted.jobId && platform === "discord" && userId === "u7",
        ...(position !== undefined && { position }),
        ...(index !== undefined && { index }),
        ...(ms !== undefined && msg === "job delivered" && { ms }),
      }));
    expect(steps).toEqual([
      { level: 30, msg: "job accepted", bound: true },
      { level: 20, msg: "job queued", bound: true, position: 1 },
      { level: 30, msg: "job started", bound: true },
      { level: 20, msg: "job preview", bound: true, index: 0 },
      { level: 30, msg: "job completed", bound: true },
      { level: 20, msg: "job delivered", bound: true, ms: 40 },
    ]);
  });
});
