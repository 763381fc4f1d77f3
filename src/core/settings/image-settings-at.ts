import type { ImageSettings } from "../requests/request.ts";
import type { PlaceSettings } from "./resolve-place.ts";

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * The operator's image settings with a place's defaults from chat. A chat default for a model the
 * operator has since stopped offering is passed over, so requests never fail on a stale setting.
 */
export function imageSettingsAt(settings: ImageSettings, place: PlaceSettings): ImageSettings {
  const { default_model: model, default_size: size, default_quality: quality } = place.values;
  const chosen = text(model.value);
  const defaultModel = chosen && settings.models.includes(chosen) ? chosen : settings.defaultModel;
  return {
    ...settings,
    defaultModel,
    defaultSize: text(size.value) ?? settings.defaultSize,
    defaultQuality: text(quality.value) ?? settings.defaultQuality,
  };
}
