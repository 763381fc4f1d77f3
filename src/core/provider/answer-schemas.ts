import { z } from "zod";

/** One image in an answer: base64 bytes or a URL to fetch them from. */
export const imageResult = z.object({
  b64_json: z.string().min(1).nullish(),
  url: z.string().min(1).nullish(),
  revised_prompt: z.string().nullish(),
});

/** Tokens billed, as OpenAI's image answers give them; anything else in it is ignored. */
export const usage = z
  .object({
    input_tokens: z.number().nonnegative().optional(),
    output_tokens: z.number().nonnegative().optional(),
  })
  .passthrough();

/** The non-streaming answer: `{ created, data: [...] }`. An empty `data` means it was filtered. */
export const jsonAnswer = z.object({
  data: z.array(imageResult).nullish(),
  usage: usage.nullish().catch(undefined),
});

/** The data of one streamed event, OpenAI's image streaming shapes. */
export const streamEvent = z
  .object({
    type: z.string().optional(),
    b64_json: z.string().nullish(),
    url: z.string().nullish(),
    partial_image_index: z.number().int().nonnegative().optional(),
    error: z.unknown().optional(),
    usage: usage.nullish().catch(undefined),
  })
  .passthrough();
