import { describe, expect, it } from "vitest";
import { catalogues, namespaces, type Catalogue } from "../../../src/core/i18n/catalogue.ts";
import { sourceLocale, supportedLocales } from "../../../src/core/i18n/locales.ts";

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

/** Every leaf's dotted key, each with the text it holds. */
function leaves(catalogue: Catalogue, prefix = ""): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === "string") found.set(prefix + key, value);
    else for (const [leaf, text] of leaves(value, `${prefix}${key}.`)) found.set(leaf, text);
  }
  return found;
}

/** The keys a language needs for English's keys: a plural key needs every form the language has. */
function neededKeys(english: Map<string, string>, locale: string): Set<string> {
  const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const needed = new Set<string>();
  for (const key of english.keys()) {
    if (pluralSuffix.test(key)) {
      const base = key.replace(pluralSuffix, "");
      for (const form of forms) needed.add(`${base}_${form}`);
    } else {
      needed.add(key);
    }
  }
  return needed;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1]).sort();

describe("message catalogues", () => {
  const translations = supportedLocales.filter((locale) => locale !== sourceLocale);

  for (const namespace of namespaces) {
    const english = leaves(catalogues[sourceLocale][namespace]);

    it.each(translations)(`${namespace}: %s has every key English has`, (locale) => {
      const translated = leaves(catalogues[locale][namespace]);
      const missing = [...neededKeys(english, locale)].filter((key) => !translated.has(key));
      expect(missing).toEqual([]);
    });

    it.each(translations)(`${namespace}: %s has no key English lacks`, (locale) => {
      const englishBases = new Set([...english.keys()].map((key) => key.replace(pluralSuffix, "")));
      const translated = leaves(catalogues[locale][namespace]);
      const extra = [...translated.keys()].filter((key) => !englishBases.has(key.replace(pluralSuffix, "")));
      expect(extra).toEqual([]);
    });

    it.each(translations)(`${namespace}: %s fills in the same values as English`, (locale) => {
      const translated = leaves(catalogues[locale][namespace]);
      const differing = [...translated].filter(([key, text]) => {
        const base = key.replace(pluralSuffix, "");
        const source = english.get(key) ?? english.get(`${base}_other`) ?? english.get(base) ?? "";
        const wanted = new Set(placeholders(source));
        // A plural form may leave out the count ("ein Bild"), never add a value English lacks.
        return placeholders(text).some((name) => !wanted.has(name));
      });
      expect(differing.map(([key]) => key)).toEqual([]);
    });
  }

  it("fails for a catalogue that lacks a key English has", () => {
    const english = leaves({
      greeting: "Hello",
      images_one: "{{count}} image",
      images_other: "{{count}} images",
    });
    const needed = neededKeys(english, "fr");
    const german = leaves({ greeting: "Hallo", images_one: "{{count}} Bild" });
    expect([...needed].filter((key) => !german.has(key))).toEqual(["images_many", "images_other"]);
  });
});
