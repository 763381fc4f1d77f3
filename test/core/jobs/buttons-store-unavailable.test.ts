import { describe, expect, it } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import type { Store } from "../../../src/core/store/store.ts";
import { StoreUnavailableError } from "../../../src/core/store/store-unavailable-error.ts";
import { actor } from "../../support/actors.ts";
import { createCore } from "../../support/create-core.ts";
import { refusalCode } from "../../support/job-rows.ts";
import { makeJob } from "../store/make-job.ts";

const down = () => Promise.reject(new StoreUnavailableError("Redis at redis:6379 cannot be used now"));

/** A store whose job rows cannot be read or written now (Redis away), its job-1 kept for later. */
async function storeGoneAway(): Promise<Store> {
  const store = createMemoryStore();
  await store.createJob(makeJob({ status: "done" }));
  return { ...store, findJob: down, updateJob: down };
}

const code = (answer: unknown) => (answer instanceof ImagineError ? answer.code : "a job record");

describe("a button pressed while the store cannot be used", () => {
  it("is refused with the sentence that asks to try again shortly, never failed", async () => {
    const { imagine } = createCore({}, { store: await storeGoneAway() });
    const owner = actor({ userId: "u1", platform: "discord" });

    const follow = await imagine.follow({
      action: "reroll",
      jobId: "job-1",
      actor: owner,
      openSink: () => () => undefined,
    });
    expect(refusalCode(follow)).toBe("store_unavailable");
    expect(code(await imagine.findJob("job-1"))).toBe("store_unavailable");
    expect(code(await imagine.deleteJob("job-1", owner))).toBe("store_unavailable");
  });
});
