import { describe, expect, it } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import type { Actor } from "../../../src/core/policy/actor.ts";
import type { PolicyOptions } from "../../../src/core/policy/policy.ts";
import { actor } from "../../support/actors.ts";
import { createCore, image } from "../../support/create-core.ts";
import { middayUtc } from "../../support/fixed-clock.ts";
import { acceptedId, untilStatus } from "../../support/job-rows.ts";

const openSink = () => () => undefined;

/** A core holding one made job of u1's. */
async function withMadeJob(policyOptions: Partial<PolicyOptions> = {}) {
  const core = createCore({ retentionDays: 14 }, policyOptions);
  const id = acceptedId(
    await core.imagine.submit({ request: { prompt: "a red fox" }, actor: actor(), openSink }),
  );
  (await core.driver.nthCall(0)).succeed([image]);
  await untilStatus(core.store, id, "done");
  return { ...core, id };
}

/** Asks to delete the job as `who`; the code of the refusal, or "deleted" with the row as it is after. */
async function deleteAs(core: Awaited<ReturnType<typeof withMadeJob>>, who: Actor) {
  const answer = await core.imagine.deleteJob(core.id, who);
  return answer instanceof ImagineError ? answer.code : "deleted";
}

describe("deleting a job", () => {
  it("lets the requester delete their job: the row says deleted and the job is gone for buttons", async () => {
    const core = await withMadeJob();
    core.clock.now += 60_000;
    const answer = await core.imagine.deleteJob(core.id, actor());
    // The adapter removes the job's messages from what it is handed.
    expect(answer).toMatchObject({ id: core.id, userId: "u1", status: "done" });
    expect(await core.store.findJob(core.id)).toMatchObject({
      status: "deleted",
      updatedAt: middayUtc + 60_000,
    });
    const found = await core.imagine.findJob(core.id);
    expect(found).toMatchObject({ code: "job_too_old", context: { retentionDays: 14 } });
    // Deleting again is allowed: removing the message may have failed the first time.
    expect(await deleteAs(core, actor())).toBe("deleted");
    const reroll = await core.imagine.follow({ action: "reroll", jobId: core.id, actor: actor(), openSink });
    expect(reroll.status === "refused" && reroll.error.code).toBe("job_too_old");
  });

  it("refuses a stranger and leaves the row as it was", async () => {
    const core = await withMadeJob();
    const before = await core.store.findJob(core.id);
    const strangers = [
      actor({ userId: "u2" }),
      actor({ userId: "u3", canModerate: async () => false }),
      actor({ userId: "u1", platform: "slack", workspaceId: "T1" }),
    ];
    for (const stranger of strangers) {
      const answer = await core.imagine.deleteJob(core.id, stranger);
      expect(answer).toMatchObject({ code: "not_your_job", context: { action: "delete" } });
    }
    expect(await core.store.findJob(core.id)).toEqual(before);
  });

  it("lets someone who may moderate where they are delete anyone's job", async () => {
    const core = await withMadeJob();
    expect(await deleteAs(core, actor({ userId: "mod", canModerate: async () => true }))).toBe("deleted");
    expect((await core.store.findJob(core.id))?.status).toBe("deleted");
  });

  it("lets an operator delete anyone's job, named with or without the platform", async () => {
    for (const named of ["op", "discord:op"]) {
      const core = await withMadeJob({ operatorUserIds: [named] });
      expect(await deleteAs(core, actor({ userId: "op" }))).toBe("deleted");
      expect((await core.store.findJob(core.id))?.status).toBe("deleted");
    }
  });

  it("does not take an operator of another platform for one here", async () => {
    const core = await withMadeJob({ operatorUserIds: ["slack:op"] });
    expect(await deleteAs(core, actor({ userId: "op" }))).toBe("not_your_job");
    expect((await core.store.findJob(core.id))?.status).toBe("done");
  });
});
