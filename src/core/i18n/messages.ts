import i18next, { type i18n } from "i18next";
import { catalogues, namespaces, type sourceCatalogue } from "./catalogue.ts";
import { sourceLocale, supportedLocales, type Locale } from "./locales.ts";

type PluralSuffix = "zero" | "one" | "two" | "few" | "many" | "other";
type BaseKey<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;
type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${BaseKey<K>}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A sentence's key, `namespace:topic.name`, as English has it: a misspelt key does not compile. */
export type MessageKey = {
  [N in keyof typeof sourceCatalogue]: `${N}:${Leaves<(typeof sourceCatalogue)[N]>}`;
}[keyof typeof sourceCatalogue];

/** Values a sentence fills in; `count` also picks the plural form. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** One person's language: its sentences, and numbers, dollars and waits as it writes them. */
export interface Messages {
  readonly locale: Locale;
  t(key: MessageKey, values?: MessageValues): string;
  /** A count as the language writes it (`1,234`, `1.234`, `1 234`). */
  number(value: number): string;
  /** Dollars: at least cents, and the tenths (below a cent, the hundredths) of a cent that matter. */
  usd(value: number): string;
  /** `42 s`, `17 min`, `3 h 12 min`: how long until something changes, rounded up. */
  wait(seconds: number): string;
  /** Sentences one after another, as the language writes them (Japanese puts no space between). */
  sentences(...parts: readonly string[]): string;
}

/** Languages whose sentences follow one another without a space. */
const unspaced: ReadonlySet<Locale> = new Set(["ja"]);

let shared: i18n | undefined;

/** The one i18next instance, loaded synchronously from the bundled catalogues. */
function instance(): i18n {
  if (shared) return shared;
  const created = i18next.createInstance();
  void created.init({
    initAsync: false,
    resources: catalogues,
    supportedLngs: [...supportedLocales],
    fallbackLng: sourceLocale,
    ns: [...namespaces],
    defaultNS: "core",
    // Sentences go to chat platforms, not HTML: each adapter escapes for its own markup.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  shared = created;
  return created;
}

function usdFormatter(locale: Locale, digits: number): Intl.NumberFormat {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "USD",
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: 2,
    maximumFractionDigits: digits,
  });
}

/** Each language's Messages, made once: Intl formatters are costly to build on every sentence. */
const made = new Map<Locale, Messages>();

/** The sentences and formats of `locale`; English for what a catalogue lacks. */
export function messagesFor(locale: Locale): Messages {
  const known = made.get(locale);
  if (known) return known;
  const t = instance().getFixedT(locale);
  const numbers = new Intl.NumberFormat(locale);
  const dollars = usdFormatter(locale, 3);
  // Below a cent, the hundredths of a cent matter.
  const cents = usdFormatter(locale, 4);
  const messages: Messages = {
    locale,
    t: (key, values) => t(key, values as Record<string, unknown>),
    number: (value) => numbers.format(value),
    usd: (value) => (value > 0 && value < 0.01 ? cents : dollars).format(value),
    sentences: (...parts) => parts.filter((part) => part !== "").join(unspaced.has(locale) ? "" : " "),
    wait(seconds) {
      const whole = Math.max(1, Math.ceil(seconds));
      if (whole < 60) return t("core:units.seconds", { count: whole });
      const minutes = Math.ceil(whole / 60);
      if (minutes < 60) return t("core:units.minutes", { count: minutes });
      if (minutes % 60 === 0) return t("core:units.hours", { count: minutes / 60 });
      return t("core:units.hoursMinutes", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
    },
  };
  made.set(locale, messages);
  return messages;
}

/** English, for what has no person to speak to (mod-log lines, start-up, notices). */
export const english: Messages = messagesFor(sourceLocale);
