import type { ImagineError } from "../../core/errors/errors.ts";
import { describeCommonError, isCommonErrorCode } from "../../core/errors/describe-common-error.ts";
import type { Messages } from "../../core/i18n/messages.ts";

const discordWords = { platform: "discord" } as const;

/** Items as the language lists them: "a, b, and c". */
const list = (items: readonly string[], messages: Messages) =>
  new Intl.ListFormat(messages.locale, { type: "conjunction" }).format(items);

/** The plain sentence a Discord member reads for an error; Discord's words: roles, servers. */
function describe(error: ImagineError, messages: Messages): string {
  const { code, context } = error;
  if (isCommonErrorCode(code)) return describeCommonError(code, context, discordWords, messages);
  // What is left is Discord's to word: a code the core adds fails the type check here until it is.
  switch (code) {
    case "not_allowed_role":
      return messages.t(context.deniedIds ? "discord:errors.roleDenied" : "discord:errors.noRole");
  }
}

/**
 * The sentence for an error on Discord, from its code and context, in `messages`' language.
 * Allowed channels and roles are named with `<#id>` / `<@&id>`, which Discord shows as names.
 * Every message goes out with `allowed_mentions: { parse: [] }`, so a role mention here notifies
 * nobody.
 */
export function describeForDiscord(error: ImagineError, messages: Messages): string {
  const allowed = error.context.allowedIds ?? [];
  if (error.code === "not_allowed_channel" && allowed.length > 0) {
    const channels = list(
      allowed.map((id) => `<#${id}>`),
      messages,
    );
    return messages.t("discord:errors.channelsAllowed", { channels });
  }
  if (error.code === "not_allowed_role" && allowed.length > 0) {
    return allowed.length === 1
      ? messages.t("discord:errors.roleNeeded", { role: `<@&${allowed[0]}>` })
      : messages.t("discord:errors.rolesNeeded", {
          roles: list(
            allowed.map((id) => `<@&${id}>`),
            messages,
          ),
        });
  }
  return describe(error, messages);
}
