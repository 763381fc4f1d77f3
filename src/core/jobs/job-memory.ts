import { findModel } from "../requests/models.ts";
import type { GenerationRequest } from "../requests/request.ts";

/**
 * Memory a running job holds for each pixel of each image it makes: the image arriving in
 * pieces, decoded, and sent on as an upload (Discord also re-sends each preview). Measured with
 * incompressible images by `npm run bench`, so real images weigh less than this says.
 */
const bytesPerPixel = 30;

/** When the size is left to the model: the largest it makes at the usual sizes. */
const autoPixels = 1536 * 1024;

function pixelsOf(size: string, model: string): number {
  const exact = /^(\d+)x(\d+)$/.exec(size);
  if (exact) return Number(exact[1]) * Number(exact[2]);
  const named = /^(\d)k$/i.exec(size);
  if (named) return (Number(named[1]) * 1024) ** 2;
  const listed = findModel(model)?.sizes;
  const largest = Array.isArray(listed)
    ? Math.max(0, ...listed.map((choice) => (choice === size ? 0 : pixelsOf(choice, model))))
    : 0;
  return largest > 0 ? largest : autoPixels;
}

/** The most memory a job of this request is expected to hold while it runs. */
export function estimateJobBytes(request: Pick<GenerationRequest, "count" | "size" | "model">): number {
  return request.count * pixelsOf(request.size, request.model) * bytesPerPixel;
}
