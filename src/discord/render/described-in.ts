import type { LocalizationMap } from "discord.js";
import { english, messagesFor, type MessageKey } from "../../core/i18n/messages.ts";
import type { Locale } from "../../core/i18n/locales.ts";

/** Discord's locale codes for each of our languages (Spanish has two there). */
const discordLocales: ReadonlyArray<readonly [Locale, readonly string[]]> = [
  ["de", ["de"]],
  ["fr", ["fr"]],
  ["es", ["es-ES", "es-419"]],
  ["pt-BR", ["pt-BR"]],
  ["ja", ["ja"]],
];

/**
 * A command's or option's description in English, with its translations for Discord to show
 * people in their own language (names stay English: they are what people type).
 */
export function describedIn(key: MessageKey): {
  description: string;
  description_localizations: LocalizationMap;
} {
  const localizations: Record<string, string> = {};
  for (const [locale, codes] of discordLocales) {
    const text = messagesFor(locale).t(key);
    for (const code of codes) localizations[code] = text;
  }
  return { description: english.t(key), description_localizations: localizations };
}
