import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../../fakes/cometapi/index.ts";
import { makePng } from "../../fakes/png.ts";
import { runEntry } from "../../support/run-entry.ts";

let fake: FakeCometApi;

beforeEach(async () => {
  fake = await startFakeCometApi();
});
afterEach(async () => {
  await fake.close();
});

describe("downloading a result image", () => {
  it("keeps its deadline through a garbage collection, and reports a stalled body as a download timeout", async () => {
    const image = makePng(64, 64, [9, 9, 9], true);
    const url = fake.serveFile(image, { stallAfterBytes: 100 });

    const { code, stdout, stderr } = await runEntry("test/support/fetch-image-with-gc.ts", [url, "200"], {
      NODE_OPTIONS: "--expose-gc",
    });

    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(stdout)).toEqual({ ended: "image_download_timeout" });
  });
});
