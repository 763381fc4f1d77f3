import { clampText } from "../../kit/clamp-text.ts";
import { ImagineError } from "../errors/errors.ts";
import type { MessageKey, MessageValues } from "../i18n/messages.ts";
import type { EditInputs } from "./input-image.ts";
import { findModel, matchSize, sizeChoices } from "./models.ts";

export type OutputFormat = "png" | "jpeg" | "webp";

/** A request the core has checked against the model's capabilities and the operator's limits. */
export interface GenerationRequest {
  readonly prompt: string;
  readonly model: string;
  readonly size: string;
  readonly quality?: string;
  readonly count: number;
  readonly outputFormat: OutputFormat;
  /** Set for an edit: the image (and mask) the new one starts from. */
  readonly edit?: EditInputs;
}

/** What an adapter collected from a person: everything optional except the prompt. */
export interface RawRequest {
  prompt: string;
  model?: string | undefined;
  size?: string | undefined;
  quality?: string | undefined;
  count?: number | undefined;
  /** An image (and mask) to edit rather than starting from text alone. */
  edit?: EditInputs | undefined;
}

/** Operator defaults and limits that shape every request. */
export interface ImageSettings {
  readonly defaultModel: string;
  readonly defaultSize?: string | undefined;
  readonly defaultQuality?: string | undefined;
  readonly defaultCount: number;
  readonly outputFormat: OutputFormat;
  /** Models people may pick; the default model is always among them. */
  readonly models: readonly string[];
  readonly maxImagesPerRequest: number;
  readonly maxPromptLength: number;
  /** Largest image accepted for an edit (IMAGINE_MAX_INPUT_IMAGE_MB). Default 20 MiB. */
  readonly maxInputImageBytes?: number;
}

const zeroWidth = /[\u200B-\u200D\u2060\uFEFF]/g;
// Control characters other than tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function invalid(key: MessageKey, values?: MessageValues): ImagineError {
  return new ImagineError("invalid_request", { reason: { key, ...(values && { values }) } });
}

/** What a person reads for an empty prompt, wherever it is caught (a form checks it as it is sent). */
export const emptyPromptKey = "core:requests.emptyPrompt" satisfies MessageKey;

/** Longest piece of a person's input repeated back in a refusal; sizes and names are far shorter. */
const maxEchoLength = 40;

/** A value the person typed, bounded, so a refusal never grows with the input (the sentence quotes it). */
const echo = (value: string) => clampText(value, maxEchoLength);

function cleanPrompt(prompt: string, maxLength: number): string {
  if (controlCharacters.test(prompt)) throw invalid("core:requests.controlCharacters");
  const cleaned = prompt.replace(zeroWidth, "").trim();
  if (cleaned.length === 0) throw invalid(emptyPromptKey);
  if (cleaned.length > maxLength) {
    throw invalid("core:requests.promptTooLong", { length: cleaned.length, limit: maxLength });
  }
  return cleaned;
}

/**
 * The model an edit uses when the person named none: the default model when it edits, else the
 * first offered model that does (else the default, which the edit check then refuses by name).
 */
function defaultEditModel(settings: ImageSettings): string {
  if (findModel(settings.defaultModel)?.edits) return settings.defaultModel;
  return settings.models.find((id) => findModel(id)?.edits) ?? settings.defaultModel;
}

/**
 * Checks what a person asked for and fills in the operator's defaults.
 * @throws ImagineError "invalid_request" with the reason: a sentence saying what to change.
 */
export function parseGenerationRequest(raw: RawRequest, settings: ImageSettings): GenerationRequest {
  const modelId = raw.model?.trim() || (raw.edit ? defaultEditModel(settings) : settings.defaultModel);
  const model = findModel(modelId);
  if (!model || !settings.models.includes(modelId)) {
    throw invalid("core:requests.unknownModel", { value: echo(modelId), models: settings.models.join(", ") });
  }

  const prompt = cleanPrompt(raw.prompt, Math.min(settings.maxPromptLength, model.maxPromptLength));

  const requestedSize = raw.size?.trim();
  const defaultSize = (settings.defaultSize && matchSize(model, settings.defaultSize)) || model.defaultSize;
  const size = requestedSize ? matchSize(model, requestedSize) : defaultSize;
  if (!size) {
    throw invalid(
      model.sizes === "any-16" ? "core:requests.sizeUnavailableAny16" : "core:requests.sizeUnavailable",
      {
        value: echo(requestedSize ?? ""),
        model: model.id,
        sizes: sizeChoices(model).join(", "),
      },
    );
  }

  const requestedQuality = raw.quality?.trim().toLowerCase();
  let quality: string | undefined;
  if (requestedQuality) {
    if (!model.qualities.includes(requestedQuality)) {
      const values = { value: echo(requestedQuality), model: model.id };
      throw model.qualities.length > 0
        ? invalid("core:requests.qualityUnavailable", { ...values, qualities: model.qualities.join(", ") })
        : invalid("core:requests.qualityNone", values);
    }
    quality = requestedQuality;
  } else if (settings.defaultQuality && model.qualities.includes(settings.defaultQuality)) {
    quality = settings.defaultQuality;
  }

  const maxCount = Math.min(model.maxCount, settings.maxImagesPerRequest);
  const count = raw.count ?? Math.min(settings.defaultCount, maxCount);
  if (!Number.isInteger(count) || count < 1 || count > maxCount) {
    throw maxCount === 1
      ? invalid("core:requests.oneImageOnly", { model: model.id })
      : invalid("core:requests.countRange", { max: maxCount });
  }

  return {
    prompt,
    model: model.id,
    size,
    count,
    outputFormat: settings.outputFormat,
    ...(quality ? { quality } : {}),
    ...(raw.edit && { edit: raw.edit }),
  };
}
