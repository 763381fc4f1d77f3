import { findModel } from "../requests/models.ts";
import type { GenerationRequest } from "../requests/request.ts";

/** The fields of an images request, shared by generations (as JSON) and edits (as form fields). */
export interface RequestFields {
  readonly model: string;
  readonly prompt: string;
  readonly n: number;
  readonly size: string;
  readonly quality?: string;
  readonly output_format?: string;
  readonly stream: boolean;
  readonly partial_images?: number;
}

/** What to ask CometAPI for: `output_format` for the models that take it, streaming for those that preview. */
export function requestFields(req: GenerationRequest, partialImages: number): RequestFields {
  const model = findModel(req.model);
  const streams = (model?.streamsPartials ?? false) && partialImages > 0;
  return {
    model: req.model,
    prompt: req.prompt,
    n: req.count,
    size: req.size,
    ...(req.quality && { quality: req.quality }),
    ...(model?.takesOutputFormat && { output_format: req.outputFormat }),
    stream: streams,
    ...(streams && { partial_images: partialImages }),
  };
}
