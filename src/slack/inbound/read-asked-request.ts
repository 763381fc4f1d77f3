import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { ImagineError, type ErrorCode } from "../../core/errors/errors.ts";
import type { Messages } from "../../core/i18n/messages.ts";
import type { RawRequest } from "../../core/requests/request.ts";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { findAttachedImage } from "./find-attached-image.ts";
import { lookUpFile } from "./look-up-file.ts";
import { FlagError, parseFlags } from "./parse-flags.ts";

/** What a message asks for, or why it cannot be read: a code, and its sentence in a person's language. */
export type AskedRequest =
  | { readonly request: RawRequest }
  | { readonly refusal: (messages: Messages) => string; readonly code: ErrorCode };

/**
 * The request a message makes: its prompt and flags, and, when it carries an image file, an edit
 * of the first one. Unreadable flags, or a file Slack will not describe, are refusals the adapter
 * words itself. Rejects only on the unexpected.
 */
export async function readAskedRequest(
  message: { readonly text: string; readonly files?: unknown },
  client: webApi.WebClient,
  log: Logger,
): Promise<AskedRequest> {
  let request: RawRequest;
  try {
    request = parseFlags(message.text);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    log.info({ reason: error.message }, "request refused: flags");
    return { refusal: (messages) => error.describe(messages), code: "invalid_request" };
  }
  try {
    const image = await findAttachedImage(message.files, (fileId) => lookUpFile(client, fileId));
    return { request: image ? { ...request, edit: { image } } : request };
  } catch (error) {
    log.warn(
      { slackError: readSlackErrorCode(error) },
      "request refused: the attached file could not be read",
    );
    const unavailable = new ImagineError("input_unavailable");
    return { refusal: (messages) => describeForSlack(unavailable, messages), code: unavailable.code };
  }
}
