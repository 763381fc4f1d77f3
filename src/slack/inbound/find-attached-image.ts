import { z } from "zod";
import type { InputImage } from "../../core/requests/input-image.ts";
import { isPartlyDescribed, slackFile, toInputImage, type SlackFile } from "./slack-file.ts";

const fileList = z.array(z.unknown());

/**
 * The first image among a message's `files`, as the input of an edit; undefined when none is an
 * image (the message is then a prompt like any other). A file the event describes only in part
 * is looked up first. Rejects when that look-up does.
 */
export async function findAttachedImage(
  files: unknown,
  lookUp: (fileId: string) => Promise<SlackFile | undefined>,
): Promise<InputImage | undefined> {
  const listed = fileList.safeParse(files);
  if (!listed.success) return undefined;
  for (const entry of listed.data) {
    const parsed = slackFile.safeParse(entry);
    if (!parsed.success) continue;
    const file = isPartlyDescribed(parsed.data) ? await lookUp(parsed.data.id) : parsed.data;
    const image = file && toInputImage(file);
    if (image) return image;
  }
  return undefined;
}
