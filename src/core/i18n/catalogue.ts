import type { Locale } from "./locales.ts";
import enCore from "../../../locales/en/core.json" with { type: "json" };
import enDiscord from "../../../locales/en/discord.json" with { type: "json" };
import enSlack from "../../../locales/en/slack.json" with { type: "json" };
import enAdmin from "../../../locales/en/admin.json" with { type: "json" };
import deCore from "../../../locales/de/core.json" with { type: "json" };
import deDiscord from "../../../locales/de/discord.json" with { type: "json" };
import deSlack from "../../../locales/de/slack.json" with { type: "json" };
import deAdmin from "../../../locales/de/admin.json" with { type: "json" };
import frCore from "../../../locales/fr/core.json" with { type: "json" };
import frDiscord from "../../../locales/fr/discord.json" with { type: "json" };
import frSlack from "../../../locales/fr/slack.json" with { type: "json" };
import frAdmin from "../../../locales/fr/admin.json" with { type: "json" };
import esCore from "../../../locales/es/core.json" with { type: "json" };
import esDiscord from "../../../locales/es/discord.json" with { type: "json" };
import esSlack from "../../../locales/es/slack.json" with { type: "json" };
import esAdmin from "../../../locales/es/admin.json" with { type: "json" };
import ptBRCore from "../../../locales/pt-BR/core.json" with { type: "json" };
import ptBRDiscord from "../../../locales/pt-BR/discord.json" with { type: "json" };
import ptBRSlack from "../../../locales/pt-BR/slack.json" with { type: "json" };
import ptBRAdmin from "../../../locales/pt-BR/admin.json" with { type: "json" };
import jaCore from "../../../locales/ja/core.json" with { type: "json" };
import jaDiscord from "../../../locales/ja/discord.json" with { type: "json" };
import jaSlack from "../../../locales/ja/slack.json" with { type: "json" };
import jaAdmin from "../../../locales/ja/admin.json" with { type: "json" };

/** The catalogues' namespaces: what the core says, what each adapter says, and the admin answers. */
export const namespaces = ["core", "discord", "slack", "admin"] as const;

export type Namespace = (typeof namespaces)[number];

/** A catalogue: keys nested by topic, each leaf a sentence (plural forms as `key_one`, `key_other`…). */
export interface Catalogue {
  readonly [key: string]: string | Catalogue;
}

/** Every sentence the bot says, by language and namespace (locales/<language>/<namespace>.json). */
export const catalogues: Readonly<Record<Locale, Readonly<Record<Namespace, Catalogue>>>> = {
  en: { core: enCore, discord: enDiscord, slack: enSlack, admin: enAdmin },
  de: { core: deCore, discord: deDiscord, slack: deSlack, admin: deAdmin },
  fr: { core: frCore, discord: frDiscord, slack: frSlack, admin: frAdmin },
  es: { core: esCore, discord: esDiscord, slack: esSlack, admin: esAdmin },
  "pt-BR": { core: ptBRCore, discord: ptBRDiscord, slack: ptBRSlack, admin: ptBRAdmin },
  ja: { core: jaCore, discord: jaDiscord, slack: jaSlack, admin: jaAdmin },
};

/** English, with its literal keys, for the type of every message key. */
export const sourceCatalogue = { core: enCore, discord: enDiscord, slack: enSlack, admin: enAdmin };
