import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent } from "undici";
import { BalanceReadError, fetchBalance } from "../../../src/core/provider/fetch-balance.ts";
import { startFakeCometApi, type FakeCometApi } from "../../fakes/cometapi/index.ts";
import { findClosedPort } from "../../support/closed-port.ts";

// Characters that URL-encoding changes, so the key's encoded form is a second thing that must not leak.
const key = "sk-query only/key+1&key=2?#é";
const encoded = encodeURIComponent(key);
const readAt = 1_764_028_800_000;

let cometapi: FakeCometApi;
const dispatcher = new Agent();
beforeEach(async () => {
  cometapi = await startFakeCometApi();
});
afterEach(() => cometapi.close());
afterAll(() => dispatcher.close());

const read = (base = cometapi.quotaUrl) =>
  fetchBalance(base, key, dispatcher, new AbortController().signal, () => readAt);

/** The error `read` rejects with, checked to hold the key nowhere: message, stack or fields. */
async function failure(base?: string): Promise<BalanceReadError> {
  const error = await read(base).then(
    () => expect.fail("the balance was read"),
    (rejected: unknown) => rejected,
  );
  expect(error).toBeInstanceOf(BalanceReadError);
  const shown = [String(error), (error as Error).stack ?? "", JSON.stringify(error)].join("\n");
  for (const secret of [key, encoded, "key="]) expect(shown).not.toContain(secret);
  return error as BalanceReadError;
}

describe("reading CometAPI's balance", () => {
  it("reads the account's dollars and each key's, an unlimited key with no amount, stamped by the bot's clock", async () => {
    expect(await read()).toEqual({
      accountUsd: 2105.23,
      keys: [{ name: "tts_test", remainingUsd: 8.93 }, { name: "x" }],
      readAt,
    });
  });

  it("sends the key URL-encoded in the query of GET /user/quota, and nowhere else", async () => {
    await read(`${cometapi.quotaUrl}/`);
    expect(cometapi.quotaReads).toHaveLength(1);
    const [sent] = cometapi.quotaReads;
    expect(sent?.target).toBe(`/user/quota?key=${encoded}`);
    expect(sent?.key).toBe(key);
    expect(sent?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(sent?.headers)).not.toContain("sk-query");
    // Nothing goes to the image API's routes.
    expect(cometapi.requests).toEqual([]);
  });

  it("takes amounts written as strings, and leaves out a key entry it cannot read", async () => {
    cometapi.quota = {
      total_quota: "12.5",
      keys: [
        { name: "bot", remain_quota: "3.25" },
        { remain_quota: 1 },
        "junk",
        { name: "ops", remain_quota: -1 },
      ],
    };
    expect(await read()).toEqual({
      accountUsd: 12.5,
      keys: [{ name: "bot", remainingUsd: 3.25 }, { name: "ops" }],
      readAt,
    });
    cometapi.quota = { total_quota: 0 };
    expect(await read()).toEqual({ accountUsd: 0, keys: [], readAt });
  });

  it("fails on an answer other than 200, naming the status but not the key the service repeated", async () => {
    cometapi.quota = 401;
    const error = await failure();
    expect(error.reason).toBe("status");
    expect(error.status).toBe(401);
    expect(error.message).toBe(`CometAPI's balance service at ${cometapi.quotaUrl} answered HTTP 401`);
  });

  it("fails on an answer that is not a balance", async () => {
    for (const answer of [undefined, "not json at all", { total_quota: "lots" }, { keys: [] }, [1, 2]]) {
      cometapi.quota = answer;
      const error = await failure();
      expect(error.reason).toBe("unreadable");
      expect(error.message).toBe(
        `CometAPI's balance service at ${cometapi.quotaUrl} answered something that is not a balance`,
      );
    }
  });

  it("fails with the network's code when the service cannot be reached", async () => {
    const base = `http://127.0.0.1:${await findClosedPort()}`;
    const error = await failure(base);
    expect(error.reason).toBe("unreachable");
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toBe(`could not reach CometAPI's balance service at ${base} (ECONNREFUSED)`);
  });
});
