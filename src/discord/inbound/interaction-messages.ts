import type { BaseInteraction } from "discord.js";
import { messagesFor, type Messages } from "../../core/i18n/messages.ts";
import { pickLocale } from "../../core/i18n/locales.ts";

/**
 * The language of the person behind an interaction: their Discord client's locale, else the
 * server's, else English. A click or a form is answered in the clicker's own language.
 */
export function messagesOf(interaction: Pick<BaseInteraction, "locale" | "guildLocale">): Messages {
  // discord.js types `locale` as always set; a payload without one still falls to the server's.
  const tag = (interaction.locale as string | undefined) ?? interaction.guildLocale ?? undefined;
  return messagesFor(pickLocale(tag));
}
