import { describe, expect, it } from "vitest";
import { sourceCatalogue } from "../../../src/core/i18n/catalogue.ts";
import { messagesFor, type MessageKey } from "../../../src/core/i18n/messages.ts";
import { supportedLocales } from "../../../src/core/i18n/locales.ts";

/** Slack's limit for a modal's title and buttons: the adapter cuts a longer one, which then reads "…". */
const maxSlackModalText = 24;
/** Slack's 75 for a button's text (cut like the modal's), less the emoji and space the label starts with. */
const maxSlackButtonWords = 75 - 4;
/** Discord refuses to register a command whose description (or a localization of it) is over 100. */
const maxDiscordDescription = 100;

const over = (keys: readonly MessageKey[], max: number) =>
  supportedLocales.flatMap((locale) =>
    keys
      .map((key) => ({ locale, key, text: messagesFor(locale).t(key) }))
      .filter(({ text }) => text.length === 0 || text.length > max),
  );

describe("translations fit the platforms' limits", () => {
  it("keeps the Vary modal's title and buttons whole in every language", () => {
    const keys = ["slack:vary.title", "slack:vary.submit", "slack:vary.close"] as const;
    expect(over(keys, maxSlackModalText)).toEqual([]);
  });

  it("keeps Slack's button labels whole in every language", () => {
    const keys = Object.keys(sourceCatalogue.slack.buttons).map(
      (name) => `slack:buttons.${name}` as MessageKey,
    );
    expect(over(keys, maxSlackButtonWords)).toEqual([]);
  });

  it("keeps every /imagine-admin description within Discord's limit in every language", () => {
    const keys = Object.keys(sourceCatalogue.admin.command).map(
      (name) => `admin:command.${name}` as MessageKey,
    );
    expect(over(keys, maxDiscordDescription)).toEqual([]);
  });
});
