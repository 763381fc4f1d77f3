import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { InputImage } from "../../core/requests/input-image.ts";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";
import { lookUpFile } from "./look-up-file.ts";
import { toInputImage } from "./slack-file.ts";

/**
 * A posted result image as Vary's input: its file looked up now, so the URL is the one Slack
 * serves it at today. When Slack cannot say (the file is gone, the call failed), Vary makes a
 * new image from the prompt instead, and the log says why.
 */
export async function findResultImage(
  client: webApi.WebClient,
  fileId: string,
  log: Logger,
): Promise<InputImage | undefined> {
  try {
    const file = await lookUpFile(client, fileId);
    const image = file && toInputImage(file);
    if (!image)
      log.warn(
        { fileId },
        "Slack describes Vary's result file as no image; making a new image from the prompt instead",
      );
    return image;
  } catch (error) {
    log.warn(
      { fileId, slackError: readSlackErrorCode(error) },
      "could not look up the result image for Vary; making a new image from the prompt instead",
    );
    return undefined;
  }
}
