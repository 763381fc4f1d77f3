import { ImagineError } from "../errors/errors.ts";
import { isLoopbackHost } from "../provider/address-guard.ts";
import type { EditInputs, InputImage, InputImageAccess } from "./input-image.ts";
import { findModel, knownModels } from "./models.ts";
import type { ImageSettings } from "./request.ts";

/** The default of IMAGINE_MAX_INPUT_IMAGE_MB. */
export const defaultMaxInputImageBytes = 20 * 1024 * 1024;

/**
 * Whether the bot may fetch this address for an edit: https on one of the platform's own file
 * hosts, or (tests against local fakes only) plain http to loopback when `allowLoopback` is set.
 */
export function mayFetchInput(url: string, access: InputImageAccess, allowLoopback: boolean): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // No credentials in the address, and the platform's host on its own port: nothing else may be
  // handed the platform's headers.
  if (parsed.username || parsed.password) return false;
  if (allowLoopback && isLoopbackHost(parsed.hostname)) return true;
  return parsed.protocol === "https:" && parsed.port === "" && access.hosts.includes(parsed.hostname);
}

/**
 * Checks an edit before it is accepted, so nothing is sent upstream and nothing is charged for a
 * request that cannot work: the model must edit, each input must be on the platform's file hosts
 * and no larger (by the platform's word) than the limit. The bytes themselves are checked as they
 * are downloaded.
 */
export function checkEditInputs(
  edit: EditInputs,
  model: string,
  context: {
    readonly settings: ImageSettings;
    readonly access: InputImageAccess | undefined;
    readonly allowLoopback: boolean;
  },
): ImagineError | undefined {
  if (!findModel(model)?.edits) {
    const models = knownModels
      .filter((each) => each.edits && context.settings.models.includes(each.id))
      .map((each) => each.id);
    return new ImagineError("model_cannot_edit", { models });
  }
  const maxBytes = context.settings.maxInputImageBytes ?? defaultMaxInputImageBytes;
  const inputs: InputImage[] = [edit.image, ...(edit.mask ? [edit.mask] : [])];
  for (const input of inputs) {
    if (!context.access || !mayFetchInput(input.url, context.access, context.allowLoopback)) {
      return new ImagineError("input_not_allowed");
    }
    if (input.declaredBytes !== undefined && input.declaredBytes > maxBytes) {
      return new ImagineError("input_too_large", { limit: Math.floor(maxBytes / 1024 / 1024) });
    }
  }
  return undefined;
}
