import type { AutocompleteInteraction } from "discord.js";
import { findModel, sizeChoices } from "../../core/requests/models.ts";
import type { ImageSettings } from "../../core/requests/request.ts";

/** Discord shows at most 25 suggestions. */
const maxChoices = 25;

/**
 * The suggestions for the option being typed: models (only those that edit, when an image to
 * edit is attached), or the chosen model's sizes and qualities.
 */
export function suggest(
  settings: ImageSettings,
  focused: string,
  typed: string,
  modelId: string | null,
  editing = false,
): string[] {
  const model = findModel(modelId || settings.defaultModel) ?? findModel(settings.defaultModel);
  const models = editing ? settings.models.filter((id) => findModel(id)?.edits) : settings.models;
  const options =
    focused === "model"
      ? models
      : focused === "size"
        ? model
          ? sizeChoices(model)
          : []
        : focused === "quality"
          ? (model?.qualities ?? [])
          : [];
  const needle = typed.trim().toLowerCase();
  return options.filter((option) => option.toLowerCase().includes(needle)).slice(0, maxChoices);
}

/** Answers an autocomplete request for `/imagine`. */
export async function handleAutocomplete(
  interaction: AutocompleteInteraction,
  settings: ImageSettings,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const choices = suggest(
    settings,
    focused.name,
    String(focused.value),
    interaction.options.getString("model"),
    interaction.options.data.some((option) => option.name === "image"),
  );
  await interaction.respond(choices.map((choice) => ({ name: choice, value: choice })));
}
