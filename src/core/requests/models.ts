/** What one image model accepts; the request parser checks input against it. */
export interface ModelCapabilities {
  readonly id: string;
  /** Fixed size names, or "any-16" for any WxH divisible by 16 within maxWidth x maxHeight. */
  readonly sizes: readonly string[] | "any-16";
  readonly maxWidth?: number;
  readonly maxHeight?: number;
  readonly defaultSize: string;
  readonly qualities: readonly string[];
  readonly maxCount: number;
  readonly maxPromptLength: number;
  /** Streams partial images with `stream: true` + `partial_images` (OpenAI's GPT image models). */
  readonly streamsPartials: boolean;
  /** Takes `output_format` rather than `response_format`. */
  readonly takesOutputFormat: boolean;
  /** Edits images (`POST /v1/images/edits`), streaming its partials like a generation. */
  readonly edits: boolean;
}

const gptImageSizes = ["1024x1024", "1536x1024", "1024x1536", "auto"] as const;
const gptImageQualities = ["auto", "low", "medium", "high"] as const;

function gptImage(id: string): ModelCapabilities {
  return {
    id,
    sizes: gptImageSizes,
    defaultSize: "1024x1024",
    qualities: gptImageQualities,
    maxCount: 10,
    maxPromptLength: 32_000,
    streamsPartials: true,
    takesOutputFormat: true,
    edits: true,
  };
}

/** The models of CometAPI's images route that the bot knows how to call. */
export const knownModels: readonly ModelCapabilities[] = [
  gptImage("gpt-image-1"),
  gptImage("gpt-image-1-mini"),
  gptImage("gpt-image-1.5"),
  { ...gptImage("gpt-image-2"), sizes: "any-16", maxWidth: 3840, maxHeight: 2160 },
  {
    id: "dall-e-3",
    sizes: ["1024x1024", "1792x1024", "1024x1792"],
    defaultSize: "1024x1024",
    qualities: ["standard", "hd"],
    maxCount: 1,
    maxPromptLength: 4_000,
    streamsPartials: false,
    takesOutputFormat: false,
    edits: false,
  },
  {
    id: "qwen-image",
    sizes: ["1328x1328", "1664x928", "928x1664", "1472x1140", "1140x1472"],
    defaultSize: "1328x1328",
    qualities: [],
    maxCount: 1,
    maxPromptLength: 4_000,
    streamsPartials: false,
    takesOutputFormat: false,
    edits: false,
  },
  {
    id: "doubao-seedream-4-0-250828",
    sizes: ["1K", "2K", "4K"],
    defaultSize: "2K",
    qualities: [],
    maxCount: 1,
    maxPromptLength: 4_000,
    streamsPartials: false,
    takesOutputFormat: false,
    edits: false,
  },
];

export function findModel(id: string): ModelCapabilities | undefined {
  return knownModels.find((model) => model.id === id);
}

/** Whether `size` (already lower-case) is a WxH this "any-16" model accepts, or "auto". */
function fitsAny16(model: ModelCapabilities, size: string): boolean {
  if (size === "auto") return true;
  const match = /^(\d{2,5})x(\d{2,5})$/.exec(size);
  if (!match) return false;
  const width = Number(match[1]);
  const height = Number(match[2]);
  const fits =
    (width <= (model.maxWidth ?? Infinity) && height <= (model.maxHeight ?? Infinity)) ||
    (height <= (model.maxWidth ?? Infinity) && width <= (model.maxHeight ?? Infinity));
  return width % 16 === 0 && height % 16 === 0 && width > 0 && height > 0 && fits;
}

/**
 * The size as this model's table writes it, matched whatever its case ("2k" → "2K",
 * "1024X1024" → "1024x1024"), or undefined when the model does not take it. The table's
 * spelling is what goes upstream.
 */
export function matchSize(model: ModelCapabilities, size: string): string | undefined {
  const wanted = size.toLowerCase();
  if (model.sizes === "any-16") return fitsAny16(model, wanted) ? wanted : undefined;
  return model.sizes.find((each) => each.toLowerCase() === wanted);
}

/** Whether this model takes `size`, in any case. */
export function acceptsSize(model: ModelCapabilities, size: string): boolean {
  return matchSize(model, size) !== undefined;
}

/** Sizes to offer as choices in a command UI. */
export function sizeChoices(model: ModelCapabilities): readonly string[] {
  return model.sizes === "any-16"
    ? ["1024x1024", "1536x1024", "1024x1536", "2048x2048", "auto"]
    : model.sizes;
}
