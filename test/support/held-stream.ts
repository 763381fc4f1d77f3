import type { Behaviour } from "../fakes/cometapi/index.ts";

/** A streamed answer of the fake CometAPI that holds its final image back until `release()`. */
export function heldStream(
  partials: Buffer[],
  images: Buffer[],
): { behaviour: Behaviour; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  return { behaviour: { kind: "stream", partials, images, holdBeforeFinal: held }, release };
}
