/** The languages the bot answers in; English is the source every catalogue is checked against. */
export const supportedLocales = ["en", "de", "fr", "es", "pt-BR", "ja"] as const;

export type Locale = (typeof supportedLocales)[number];

export const sourceLocale: Locale = "en";

/**
 * The supported language closest to a platform's locale tag (`de`, `en-US`, `es-419`, `ja-JP`,
 * `pt-BR`), or English. Portuguese of any region gets Brazilian Portuguese, the one we have.
 */
export function pickLocale(tag: string | undefined): Locale {
  if (!tag) return sourceLocale;
  const [language = ""] = tag.toLowerCase().split(/[-_]/);
  if (language === "pt") return "pt-BR";
  return supportedLocales.find((locale) => locale === language) ?? sourceLocale;
}
