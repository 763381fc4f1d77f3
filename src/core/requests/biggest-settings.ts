import { findModel, type ModelCapabilities } from "./models.ts";

const area = (size: string) => {
  const match = /^(\d+)x(\d+)$/i.exec(size);
  return match ? Number(match[1]) * Number(match[2]) : undefined;
};

/** The model's largest size: its largest WxH by area, or the last of its named sizes ("4K"). */
function largestSize(model: ModelCapabilities): string {
  if (model.sizes === "any-16") return `${model.maxWidth ?? 1024}x${model.maxHeight ?? 1024}`;
  const measured = model.sizes.filter((size) => area(size) !== undefined);
  if (measured.length === 0) return model.sizes.at(-1) ?? model.defaultSize;
  return measured.reduce((best, size) => ((area(size) ?? 0) > (area(best) ?? 0) ? size : best));
}

/**
 * The size and quality Bigger asks for: the model's largest size and its highest quality (the
 * models table lists qualities from lowest to highest, "auto" first where a model has it).
 */
export function biggestSettings(modelId: string): { size?: string; quality?: string } {
  const model = findModel(modelId);
  if (!model) return {};
  const quality = model.qualities.filter((each) => each !== "auto").at(-1);
  return { size: largestSize(model), ...(quality && { quality }) };
}
