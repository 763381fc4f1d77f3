import type { ImagineError } from "../../core/errors/errors.ts";
import { describeCommonError, isCommonErrorCode } from "../../core/errors/describe-common-error.ts";

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

const discordWords = { place: "server" } as const;

/** The plain sentence a Discord member reads for an error; Discord's words: roles, servers. */
function describe(error: ImagineError): string {
  const { code, context } = error;
  if (isCommonErrorCode(code)) return describeCommonError(code, context, discordWords);
  // What is left is Discord's to word: a code the core adds fails the type check here until it is.
  switch (code) {
    case "not_allowed_role":
      return context.deniedIds
        ? "One of your roles may not make images here."
        : "You don't have a role that may make images here.";
  }
}

/**
 * The sentence for an error on Discord, from its code and context. Allowed channels and roles
 * are named with `<#id>` / `<@&id>`, which Discord shows as names. Every message goes out with
 * `allowed_mentions: { parse: [] }`, so a role mention here notifies nobody.
 */
export function describeForDiscord(error: ImagineError): string {
  const allowed = error.context.allowedIds ?? [];
  if (error.code === "not_allowed_channel" && allowed.length > 0) {
    return `Images are allowed in ${list(allowed.map((id) => `<#${id}>`))}.`;
  }
  if (error.code === "not_allowed_role" && allowed.length > 0) {
    return allowed.length === 1
      ? `You need the <@&${allowed[0]}> role.`
      : `You need one of these roles: ${list(allowed.map((id) => `<@&${id}>`))}.`;
  }
  return describe(error);
}
