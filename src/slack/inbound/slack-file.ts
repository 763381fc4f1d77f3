import { z } from "zod";
import type { InputImage } from "../../core/requests/input-image.ts";

/**
 * The parts of a Slack file object the bot reads, from an event's `files[]` or `files.info`. An
 * event may describe a file only in part (`file_access: "check_file_info"` in shared channels,
 * with no type or URL): then only its id is certain.
 */
export const slackFile = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    mimetype: z.string().optional(),
    size: z.number().int().nonnegative().optional(),
    url_private: z.string().min(1).optional(),
  })
  .loose();

export type SlackFile = z.infer<typeof slackFile>;

/** Whether the file object leaves out what tells if it is an image the bot can fetch. */
export const isPartlyDescribed = (file: SlackFile): boolean =>
  file.mimetype === undefined || file.url_private === undefined;

/**
 * The file as an edit's input (Slack's private URL, its name, the size Slack reports), or
 * undefined when it is not an image. Which image formats can be edited is the core's check.
 */
export function toInputImage(file: SlackFile): InputImage | undefined {
  if (!file.mimetype?.startsWith("image/") || file.url_private === undefined) return undefined;
  return {
    url: file.url_private,
    name: file.name ?? file.id,
    ...(file.size !== undefined && { declaredBytes: file.size }),
  };
}
