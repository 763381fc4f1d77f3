import type { AdminWords } from "../../core/settings/describe-settings.ts";
import { escapeSlackText } from "./escape-text.ts";

/** How Slack writes what admin answers and mod-log lines name. */
export const adminWordsOnSlack: AdminWords = {
  platform: "slack",
  bold: (text) => `*${text}*`,
  code: (text) => `\`${escapeSlackText(text).replaceAll("`", "'")}\``,
  channel: (id) => `<#${id}>`,
  group: (id) => `<!subteam^${id}>`,
  user: (id) => `<@${id}>`,
};
