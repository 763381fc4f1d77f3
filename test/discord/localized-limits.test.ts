import { ComponentType, type APIModalInteractionResponseCallbackData } from "discord.js";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.ts";
import { english, messagesFor } from "../../src/core/i18n/messages.ts";
import { supportedLocales } from "../../src/core/i18n/locales.ts";
import { buildAdminCommand } from "../../src/discord/inbound/admin-command.ts";
import {
  buildHistoryCommand,
  buildImagineCommand,
  buildUsageCommand,
} from "../../src/discord/inbound/commands.ts";
import { buildEditModal } from "../../src/discord/render/build-edit-modal.ts";
import { buildVaryModal } from "../../src/discord/render/build-vary-modal.ts";
import { resultButtons, retryButtons } from "../../src/discord/render/job-buttons.ts";

/** Discord's caps: it refuses a registration or a reply that crosses any of them. */
const maxDescription = 100;
const maxButtonLabel = 80;
const maxModalTitle = 45;
const maxInputLabel = 45;
const maxInputPlaceholder = 100;

/** Discord's codes for the languages the bot speaks besides English. */
const discordCodes = ["de", "fr", "es-ES", "es-419", "pt-BR", "ja"];

interface Described {
  readonly name: string;
  readonly description: string;
  readonly description_localizations?: Readonly<Record<string, string | null>> | null;
  readonly options?: readonly Described[];
}

/** A command and every option, subcommand and subcommand group under it, with a path to name each. */
function withAllUnder(item: Described, path = item.name): Array<[string, Described]> {
  return [
    [path, item],
    ...(item.options ?? []).flatMap((option) => withAllUnder(option, `${path} ${option.name}`)),
  ];
}

const settings = loadConfig({ COMETAPI_API_KEY: "k", DISCORD_TOKEN: "t" }).images;
const commands: Described[] = [
  buildImagineCommand(settings),
  buildHistoryCommand(),
  buildUsageCommand(),
  buildAdminCommand(),
];
const everything = commands.flatMap((command) => withAllUnder(command));

describe("the commands' descriptions fit Discord in every language", () => {
  it.each(everything)("%s has a description in each language, none over 100 characters", (_, item) => {
    expect(item.description.length).toBeGreaterThan(0);
    expect(item.description.length).toBeLessThanOrEqual(maxDescription);
    const localizations = item.description_localizations ?? {};
    expect(Object.keys(localizations).sort()).toEqual([...discordCodes].sort());
    for (const [code, text] of Object.entries(localizations)) {
      expect(text?.trim(), code).not.toBe("");
      expect(text?.length ?? 0, `${code}: ${text}`).toBeLessThanOrEqual(maxDescription);
    }
  });

  it.each(everything)("%s is described in German, not English", (_, item) => {
    expect(item.description_localizations?.de).not.toBe(item.description);
  });
});

/** Every text input in a modal, whether it sits in an action row or a label. */
function textInputs(modal: APIModalInteractionResponseCallbackData) {
  return modal.components.flatMap((row) =>
    "components" in row
      ? row.components.filter((component) => component.type === ComponentType.TextInput)
      : [],
  );
}

describe("the buttons and forms fit Discord in every language", () => {
  it.each(supportedLocales)(
    "%s: button labels, form titles, labels and placeholders are within Discord's caps",
    (locale) => {
      const messages = messagesFor(locale);
      const labels = [...resultButtons("j1", messages), ...retryButtons("j1", messages)].map(
        (button) => button.label,
      );
      for (const label of labels) {
        expect(label.length, label).toBeGreaterThan(0);
        expect(label.length, label).toBeLessThanOrEqual(maxButtonLabel);
      }
      for (const modal of [buildVaryModal("j1", "a lighthouse", messages), buildEditModal("k1", messages)]) {
        expect(modal.title.length, modal.title).toBeLessThanOrEqual(maxModalTitle);
        const inputs = textInputs(modal);
        expect(inputs.length).toBeGreaterThan(0);
        for (const input of inputs) {
          const label = input.label ?? "";
          expect(label.length, label).toBeGreaterThan(0);
          expect(label.length, label).toBeLessThanOrEqual(maxInputLabel);
          expect((input.placeholder ?? "").length, input.placeholder).toBeLessThanOrEqual(
            maxInputPlaceholder,
          );
        }
      }
    },
  );

  it("labels the buttons and titles the forms in German, not English", () => {
    const german = messagesFor("de");
    const labelsIn = (messages: typeof german) => resultButtons("j1", messages).map((button) => button.label);
    expect(labelsIn(german)).not.toEqual(labelsIn(english));
    expect(buildEditModal("k1", german).title).not.toBe(buildEditModal("k1", english).title);
    expect(buildVaryModal("j1", "p", german).title).not.toBe(buildVaryModal("j1", "p", english).title);
  });
});
