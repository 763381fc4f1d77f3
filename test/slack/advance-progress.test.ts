import { describe, expect, it } from "vitest";
import { advanceProgress } from "../../src/slack/deliver/advance-progress.ts";
import { makePng } from "../fakes/png.ts";

const image = { bytes: makePng(2, 2, [1, 2, 3]), mimeType: "image/png" as const };

describe("advanceProgress", () => {
  it("moves from the queue to drawing and counts previews", () => {
    let state = advanceProgress({ phase: "waiting" }, { type: "queued", position: 2 }, 2);
    expect(state).toEqual({ phase: "queued", position: 2 });
    state = advanceProgress(state, { type: "started" }, 2);
    state = advanceProgress(state, { type: "partial", index: 0, image }, 2);
    expect(state).toEqual({ phase: "drawing", previews: 1, expectedPreviews: 2 });
  });

  it("ignores a preview that arrives before the start", () => {
    expect(advanceProgress({ phase: "waiting" }, { type: "partial", index: 0, image }, 2)).toEqual({
      phase: "waiting",
    });
  });
});
