import type { AdminWords } from "../../core/settings/describe-settings.ts";

/** How Discord writes what admin answers and mod-log lines name; every message goes out pinging nobody. */
export const adminWordsOnDiscord: AdminWords = {
  platform: "discord",
  bold: (text) => `**${text}**`,
  code: (text) => `\`${text.replaceAll("`", "'")}\``,
  channel: (id) => `<#${id}>`,
  group: (id) => `<@&${id}>`,
  user: (id) => `<@${id}>`,
};
