import type { ChatInputCommandInteraction } from "discord.js";
import type { Logger } from "pino";
import type { Imagine } from "../../core/jobs/submission.ts";
import type { AdminCommand } from "../../core/settings/administer.ts";
import { describeAdminAnswer } from "../../core/settings/describe-settings.ts";
import { messagesOf } from "./interaction-messages.ts";
import { isSettingKey } from "../../core/settings/setting-keys.ts";
import { adminWordsOnDiscord } from "../render/admin-words.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { tellPrivately } from "./start-job.ts";
import { toActor } from "./to-actor.ts";

type Access = "allow" | "deny" | "reset";

/** The command an interaction of `/imagine-admin` carries, as the core takes it. */
export function readAdminCommand(interaction: ChatInputCommandInteraction): AdminCommand | undefined {
  const { options } = interaction;
  const group = options.getSubcommandGroup(false);
  const name = options.getSubcommand(true);
  const channelId = options.getChannel("channel", false)?.id;
  if (group === "channel") {
    return channelId ? { kind: "channel", action: name as Access, channelId } : undefined;
  }
  if (group === "role") {
    return { kind: "group", action: name as Access, groupId: options.getRole("role", true).id };
  }
  if (group === "user") {
    const action = name === "block" ? "block" : "unblock";
    return { kind: "user", action, userId: options.getUser("user", true).id };
  }
  if (name === "show") return { kind: "show", ...(channelId && { channelId }) };
  const key = options.getString("key", true);
  if (!isSettingKey(key)) return undefined;
  if (name === "set") {
    const value = options.getString("value", true);
    return { kind: "set", key, value, ...(channelId && { channelId }) };
  }
  if (name === "unset") return { kind: "unset", key, ...(channelId && { channelId }) };
  return undefined;
}

/**
 * `/imagine-admin`: a server's settings, shown or changed, answered privately in the admin's
 * language with everything now in force. Discord shows the command only to Manage Server holders;
 * the core checks again. Never throws.
 */
export async function handleAdmin(
  interaction: ChatInputCommandInteraction,
  context: { readonly imagine: Imagine; readonly log: Logger },
): Promise<void> {
  const messages = messagesOf(interaction);
  try {
    const command = readAdminCommand(interaction);
    if (!command) {
      await tellPrivately(interaction, messages.t("admin:problems.usage", { usage: "/imagine-admin show" }));
      return;
    }
    const answer = await context.imagine.administer(toActor(interaction), command);
    const text =
      "refused" in answer
        ? messages.t(answer.refused.key, answer.refused.values)
        : describeAdminAnswer(answer, adminWordsOnDiscord, messages);
    await tellPrivately(interaction, text);
  } catch (error) {
    context.log.warn({ error: summarizeError(error) }, "answering /imagine-admin failed");
    await tellPrivately(interaction, messages.t("admin:failed")).catch(() => undefined);
  }
}
