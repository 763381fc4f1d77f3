import { App } from "@slack/bolt";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PlatformAdapter } from "../../src/core/platform-adapter.ts";
import { png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await harness?.stop();
  harness = undefined;
});

/** A harness whose one upload hangs, and the Slack adapter, once the upload is on its way. */
async function startWithHungUpload(): Promise<{ harness: Harness; adapter: PlatformAdapter }> {
  // The uploads' own deadline (a minute) is far off: only stopping can end the hung one.
  const started = await startHarness({ adapter: { closeGraceMs: 50 } });
  started.cometapi.enqueue({ kind: "json", images: [png.image1] });
  started.slack.failUpload({ stall: true });
  await started.mention("a cat");
  await started.slack.waitForCall((call) => call.method === "upload_url");
  const adapter = started.bot.adapters.find((one) => one.platform === "slack")!;
  return { harness: started, adapter };
}

describe("stopping the Slack adapter", () => {
  it("hangs up on a call still in flight once the grace is over, instead of waiting for it", async () => {
    const started = await startWithHungUpload();
    harness = started.harness;

    await started.adapter.stop();

    await vi.waitFor(() => expect(harness!.slack.heldRequests()).toBe(0), { timeout: 5_000 });
  });

  it("still hangs up on calls in flight when Bolt fails to stop", async () => {
    const started = await startWithHungUpload();
    harness = started.harness;
    vi.spyOn(App.prototype, "stop").mockRejectedValueOnce(new Error("the socket would not close"));

    await expect(started.adapter.stop()).rejects.toThrow("the socket would not close");

    await vi.waitFor(() => expect(harness!.slack.heldRequests()).toBe(0), { timeout: 5_000 });
  });

  it("takes a second stop in its stride", async () => {
    harness = await startHarness();
    const adapter = harness.bot.adapters.find((one) => one.platform === "slack")!;

    await adapter.stop();

    await expect(adapter.stop()).resolves.toBeUndefined();
  });
});
