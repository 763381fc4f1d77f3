import type { Behaviour } from "../test/fakes/cometapi/index.ts";
import { makePng } from "../test/fakes/png.ts";

/** What the fake CometAPI does for every request of a run. */
export interface Upstream {
  readonly ms: number;
  readonly behaviour: Behaviour;
  readonly imageBytes: number;
}

/** Three partial images then the final one, spread evenly over `ms`. Images are made once. */
export function streamingUpstream(ms: number, width: number, height: number): Upstream {
  const partial = makePng(width, height, [90, 90, 90]);
  const final = makePng(width, height, [30, 120, 200]);
  return {
    ms,
    imageBytes: final.length,
    behaviour: { kind: "stream", partials: [partial, partial, partial], images: [final], delayMs: ms / 4 },
  };
}
