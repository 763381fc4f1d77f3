import type { Behaviour } from "../test/fakes/cometapi/index.ts";
import { makePng } from "../test/fakes/png.ts";

/** What the fake CometAPI does for every request of a run. */
export interface Upstream {
  readonly ms: number;
  readonly behaviour: Extract<Behaviour, { kind: "stream" }>;
  readonly width: number;
  readonly height: number;
  /** e.g. "1024x1024 PNG, 5 KB". */
  readonly description: string;
  readonly partial: Buffer;
  readonly final: Buffer;
  /** Served by the pre-encoded stand-in rather than the fake CometAPI (see serve-pre-encoded-stream.ts). */
  readonly preEncoded: boolean;
}

export interface UpstreamSpec {
  readonly ms: number;
  readonly width: number;
  readonly height: number;
  /**
   * Random pixels, so the PNG does not compress away and weighs what a real one does; served
   * pre-encoded, since the fake CometAPI would spend longer encoding them than the bot handling them.
   */
  readonly noise?: boolean;
}

const pngs = new Map<string, { partial: Buffer; final: Buffer }>();

/** Made once per size and reused: making a noisy PNG takes a moment, and the bench is not about it. */
function imagesFor(width: number, height: number, noise: boolean) {
  const key = `${width}x${height}:${noise}`;
  let images = pngs.get(key);
  if (!images) {
    images = {
      partial: makePng(width, height, [90, 90, 90], noise),
      final: makePng(width, height, [30, 120, 200], noise),
    };
    pngs.set(key, images);
  }
  return images;
}

const size = (bytes: number) =>
  bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;

/** Three partial images then the final one, spread evenly over `ms` (a pause before each). */
export function makeUpstream(spec: UpstreamSpec): Upstream {
  const { partial, final } = imagesFor(spec.width, spec.height, spec.noise ?? false);
  return {
    ms: spec.ms,
    width: spec.width,
    height: spec.height,
    description: `${spec.width}x${spec.height} PNG, ${size(final.length)}`,
    partial,
    final,
    preEncoded: spec.noise ?? false,
    behaviour: {
      kind: "stream",
      partials: [partial, partial, partial],
      images: [final],
      delayMs: spec.ms / 4,
    },
  };
}
