import { defaultMaxInputImageBytes } from "../requests/check-edit-inputs.ts";
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

/**
 * The most memory a job of this request is expected to hold while it runs: its images, and an
 * edit's input image and mask, held through its retries.
 */
export function estimateJobBytes(
  request: Pick<GenerationRequest, "count" | "size" | "model" | "edit">,
  /** What an input whose size the platform did not report counts as: the input limit. */
  unreportedInputBytes = defaultMaxInputImageBytes,
): number {
  const inputs = request.edit ? [request.edit.image, ...(request.edit.mask ? [request.edit.mask] : [])] : [];
  const inputBytes = inputs.reduce((sum, input) => sum + (input.declaredBytes ?? unreportedInputBytes), 0);
  return request.count * pixelsOf(request.size, request.model) * bytesPerPixel + inputBytes;
}
