import type { AutocompleteInteraction } from "discord.js";
import { findModel, sizeChoices } from "../../core/requests/models.ts";
import type { ImageSettings } from "../../core/requests/request.ts";

/** Discord shows at most 25 suggestions. */
const maxChoices = 25;

/** The suggestions for the option being typed: models, or the chosen model's sizes and qualities. */
export function suggest(
  settings: ImageSettings,
  focused: string,
  typed: string,
  modelId: string | null,
): string[] {
  const model = findModel(modelId || settings.defaultModel) ?? findModel(settings.defaultModel);
  const options =
    focused === "model"
      ? settings.models
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
  );
  await interaction.respond(choices.map((choice) => ({ name: choice, value: choice })));
}
