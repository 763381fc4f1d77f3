import { afterEach, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../../fakes/cometapi/index.ts";
import { makePng } from "../../fakes/png.ts";
import { runEntry } from "../../support/run-entry.ts";

let cometapi: FakeCometApi | undefined;
afterEach(async () => {
  await cometapi?.close();
  cometapi = undefined;
});

/** Runs the child that holds a job's end and reports whether its image could be collected. */
async function collectedWhileHeld(baseUrl?: string): Promise<unknown> {
  const { code, stdout, stderr } = await runEntry(
    "test/support/held-end-with-gc.ts",
    baseUrl ? [baseUrl] : [],
    { NODE_OPTIONS: "--expose-gc" },
  );
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  return JSON.parse(stdout);
}

// A Slack job's last word may wait a minute for a chat.update turn: a burst of big images held
// that long once took the bot past its memory target.
it("lets a job's images go while its adapter holds the end for a last word still to land", async () => {
  expect(await collectedWhileHeld()).toEqual({ collected: true });
});

it("lets them go with the real CometAPI provider too", async () => {
  cometapi = await startFakeCometApi();
  cometapi.enqueue({ kind: "stream", partials: [], images: [makePng(64, 64, [1, 2, 3])] });
  expect(await collectedWhileHeld(cometapi.baseUrl)).toEqual({ collected: true });
});
