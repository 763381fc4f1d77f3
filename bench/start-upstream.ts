import { startFakeCometApi } from "../test/fakes/cometapi/index.ts";
import type { Upstream } from "./make-upstream.ts";
import { servePreEncodedStream } from "./serve-pre-encoded-stream.ts";

/** A running CometAPI stand-in for one run. */
export interface RunningUpstream {
  /** For COMETAPI_BASE_URL. */
  readonly baseUrl: string;
  /** When the request with this prompt arrived. */
  arrivalOf(prompt: string): number | undefined;
  /** Whether the request with this prompt came to the edits route, carrying an image. */
  editedBy(prompt: string): boolean;
  /** Answers the next request without the pauses: for the warm-up job. */
  answerNextAtOnce(): void;
  /**
   * Refuses the next request at once (a content-policy 400): a warm-up that goes through the whole
   * bot but uploads nothing (Slack counts every upload against its per-minute limit).
   */
  refuseNextAtOnce(): void;
  close(): Promise<void>;
}

/** The fake CometAPI streaming `upstream`'s images, or the pre-encoded stand-in for large ones. */
export async function startUpstream(upstream: Upstream): Promise<RunningUpstream> {
  if (upstream.preEncoded) {
    return servePreEncodedStream(upstream.partial, upstream.final, upstream.ms / 4);
  }
  const fake = await startFakeCometApi();
  fake.fallback = upstream.behaviour;
  return {
    baseUrl: fake.baseUrl,
    arrivalOf: (prompt) => fake.requests.find((request) => request.body["prompt"] === prompt)?.receivedAt,
    editedBy: (prompt) =>
      fake.requests.some(
        (request) => request.body["prompt"] === prompt && request.route === "edits" && request.files["image"],
      ),
    answerNextAtOnce: () => fake.enqueue({ ...upstream.behaviour, delayMs: 0 }),
    refuseNextAtOnce: () =>
      fake.enqueue({ kind: "error", status: 400, code: "moderation_blocked", message: "warm-up" }),
    close: () => fake.close(),
  };
}
