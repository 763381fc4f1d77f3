import { describe, expect, it } from "vitest";
import type { TakeResult, TakenClaim } from "../../../src/core/store/claim.ts";
import { makeClaim, makeJob, noon, today } from "./make-job.ts";
import { storeEngines } from "./store-engines.ts";

const takenOf = (result: TakeResult): TakenClaim => {
  if (!("taken" in result)) throw new Error(`refused: ${JSON.stringify(result.refused)}`);
  return result.taken;
};

describe.each(storeEngines)("claims in the %s store", (_engine, openStore) => {
  it("counts a taken claim's images for the person and the workspace, and starts the cooldown", async () => {
    const store = await openStore();
    takenOf(await store.take(makeClaim({ images: 3 })));
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(3);
    expect(await store.imagesOn("workspace:discord:g1", today)).toBe(3);
    expect(await store.lastJobAt("discord:g1:u1")).toBe(noon);
    await store.close();
  });

  it("refuses by the first limit a claim would break, and takes nothing then", async () => {
    const store = await openStore();
    const limits = { cooldownMs: 60_000, imagesPerUserDay: 4, imagesPerWorkspaceDay: 5, jobsPerUser: 2 };
    takenOf(await store.take(makeClaim({ images: 3 }, limits)));

    expect(await store.take(makeClaim({ at: noon + 1000, images: 1 }, limits))).toEqual({
      refused: { limit: "cooldown", lastJobAt: noon },
    });
    expect(await store.take(makeClaim({ at: noon + 60_000, images: 2 }, limits))).toEqual({
      refused: { limit: "user_day", used: 3 },
    });
    const other = { userKey: "discord:g1:u2", at: noon + 60_000, images: 3 };
    expect(await store.take(makeClaim(other, limits))).toEqual({
      refused: { limit: "workspace_day", used: 3 },
    });
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(3);
    expect(await store.imagesOn("discord:g1:u2", today)).toBe(0);
    expect(await store.lastJobAt("discord:g1:u2")).toBeUndefined();
    await store.close();
  });

  it("counts the jobs a person holds until each is released", async () => {
    const store = await openStore();
    const limits = { jobsPerUser: 2 };
    const first = takenOf(await store.take(makeClaim({}, limits)));
    takenOf(await store.take(makeClaim({}, limits)));
    expect(await store.take(makeClaim({}, limits))).toEqual({ refused: { limit: "jobs", held: 2 } });
    await store.release(first);
    takenOf(await store.take(makeClaim({}, limits)));
    await store.close();
  });

  it("gives images and the cooldown back on refund, unless a later claim restarted the cooldown", async () => {
    const store = await openStore();
    const limits = { cooldownMs: 60_000 };
    await store.setLastJobAt("discord:g1:u1", noon - 120_000);
    const first = takenOf(await store.take(makeClaim({ images: 2 }, limits)));
    await store.refund(first);
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(0);
    expect(await store.imagesOn("workspace:discord:g1", today)).toBe(0);
    expect(await store.lastJobAt("discord:g1:u1")).toBe(noon - 120_000);

    const second = takenOf(await store.take(makeClaim({ images: 1 }, limits)));
    takenOf(await store.take(makeClaim({ at: noon + 60_000, images: 1 }, limits)));
    await store.refund(second);
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(1);
    expect(await store.lastJobAt("discord:g1:u1")).toBe(noon + 60_000);
    await store.close();
  });

  it("never counts below zero when more is given back than was taken", async () => {
    const store = await openStore();
    await store.addImages("k", today, 2);
    await store.addImages("k", today, -1);
    expect(await store.imagesOn("k", today)).toBe(1);
    await store.addImages("k", today, -5);
    expect(await store.imagesOn("k", today)).toBe(0);
    await store.addImages("k", today, 1);
    expect(await store.imagesOn("k", today)).toBe(1);
    await store.close();
  });

  it("inserts a taken claim's job with what it took, so the claim can be given back later", async () => {
    const store = await openStore();
    await store.setLastJobAt("discord:g1:u1", noon - 120_000);
    await store.take(makeClaim({ images: 2 }, { cooldownMs: 60_000 }), makeJob());
    expect((await store.findJob("job-1"))?.claim).toEqual({
      userKey: "discord:g1:u1",
      workspaceKey: "workspace:discord:g1",
      day: today,
      at: noon,
      images: 2,
      cooldownMs: 60_000,
      previousJobAt: noon - 120_000,
    });
    await store.close();
  });

  it("inserts no job for a refused claim", async () => {
    const store = await openStore();
    const limits = { imagesPerUserDay: 1 };
    expect(await store.take(makeClaim({ images: 2 }, limits), makeJob())).toEqual({
      refused: { limit: "user_day", used: 0 },
    });
    expect(await store.findJob("job-1")).toBeUndefined();
    expect(await store.recentJobs("discord", "u1", 10)).toEqual([]);
    await store.close();
  });

  it("takes nothing when the claim's job cannot be inserted", async () => {
    const store = await openStore();
    await store.createJob(makeJob());
    const limits = { jobsPerUser: 1 };
    await expect(store.take(makeClaim({}, limits), makeJob())).rejects.toThrow();
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(0);
    expect(await store.lastJobAt("discord:g1:u1")).toBeUndefined();
    // Nor does the person hold a job for it.
    takenOf(await store.take(makeClaim({}, limits)));
    await store.close();
  });
});

describe.each(storeEngines)("money held and spent in the %s store", (_engine, openStore) => {
  const month = today.slice(0, 7);
  const budgets = { microUsdPerUserDay: 100_000, microUsdPerWorkspaceMonth: 150_000 };

  it("holds a job's estimate against the budgets, so two at once cannot both cross one", async () => {
    const store = await openStore();
    const first = await store.take(makeClaim({ reserveMicroUsd: 60_000 }, budgets));
    const second = await store.take(makeClaim({ reserveMicroUsd: 60_000 }, budgets));
    expect("taken" in first).toBe(true);
    expect(second).toEqual({ refused: { limit: "user_budget", spentMicroUsd: 60_000 } });
    expect((await store.ledgerOf("discord:g1:u1", today)).microUsd).toBe(60_000);
    expect((await store.ledgerOf("discord:g1:u1", month)).microUsd).toBe(60_000);
    expect((await store.ledgerOf("workspace:discord:g1", month)).microUsd).toBe(60_000);
    // Someone else in the workspace is held to its monthly budget.
    const other = await store.take(
      makeClaim({ userKey: "discord:g1:u2", reserveMicroUsd: 100_000 }, budgets),
    );
    expect(other).toEqual({ refused: { limit: "workspace_budget", spentMicroUsd: 60_000 } });
    await store.close();
  });

  it("replaces the estimate with the real cost when the job ends, and gives it all back on refund", async () => {
    const store = await openStore();
    const job = makeJob({ id: "priced" });
    const taken = await store.take(makeClaim({ reserveMicroUsd: 60_000 }, budgets), job);
    if (!("taken" in taken)) throw new Error("refused");
    await store.settle(taken.taken, 42_340);
    expect((await store.ledgerOf("discord:g1:u1", today)).microUsd).toBe(42_340);
    expect((await store.findJob("priced"))?.claim).toMatchObject({ reserveMicroUsd: 42_340, settled: true });
    // Settling again counts the difference only.
    await store.settle(taken.taken, 42_340);
    expect((await store.ledgerOf("workspace:discord:g1", month)).microUsd).toBe(42_340);

    const failed = await store.take(
      makeClaim({ reserveMicroUsd: 50_000 }, budgets),
      makeJob({ id: "failed" }),
    );
    if (!("taken" in failed)) throw new Error("refused");
    await store.refund(failed.taken);
    await store.settle(failed.taken, 50_000);
    expect((await store.ledgerOf("discord:g1:u1", today)).microUsd).toBe(42_340);
    await store.close();
  });
});

describe.each(storeEngines)("the ledger of the %s store", (_engine, openStore) => {
  it("sums images and spending per person and workspace, by day and month, and ranks who spent most", async () => {
    const store = await openStore();
    const month = today.slice(0, 7);
    await store.take(makeClaim({ images: 2, reserveMicroUsd: 80_000 }));
    await store.take(makeClaim({ userKey: "discord:g1:u2", images: 1, reserveMicroUsd: 40_000 }));
    await store.take(
      makeClaim({
        userKey: "discord:g2:u9",
        workspaceKey: "workspace:discord:g2",
        images: 1,
        reserveMicroUsd: 90_000,
      }),
    );
    expect(await store.ledgerOf("discord:g1:u1", today)).toEqual({ microUsd: 80_000, images: 2 });
    expect(await store.ledgerOf("discord:g1:u1", month)).toEqual({ microUsd: 80_000, images: 2 });
    expect(await store.ledgerOf("workspace:discord:g1", month)).toEqual({ microUsd: 120_000, images: 3 });
    expect(await store.topOfLedger(month, "discord:g1:", 5)).toEqual([
      { key: "discord:g1:u1", microUsd: 80_000, images: 2 },
      { key: "discord:g1:u2", microUsd: 40_000, images: 1 },
    ]);
    expect(await store.topOfLedger(month, "discord:g1:", 1)).toHaveLength(1);
    await store.close();
  });
});

describe.each(storeEngines)("a restart in the %s store", (_engine, openStore) => {
  it("gives back an unfinished job's images and estimate, but not a cost already paid", async () => {
    const store = await openStore();
    const budgets = { microUsdPerUserDay: 1_000_000 };
    const paid = await store.take(makeClaim({ reserveMicroUsd: 60_000 }, budgets), makeJob({ id: "paid" }));
    const unpaid = await store.take(
      makeClaim({ reserveMicroUsd: 50_000 }, budgets),
      makeJob({ id: "unpaid" }),
    );
    if (!("taken" in paid) || !("taken" in unpaid)) throw new Error("refused");
    await store.settle(paid.taken, 42_340);
    await store.interruptJob("paid", noon + 1, "restarted");
    await store.interruptJob("unpaid", noon + 1, "restarted");
    expect(await store.ledgerOf("discord:g1:u1", today)).toEqual({ microUsd: 42_340, images: 0 });
    await store.close();
  });
});
