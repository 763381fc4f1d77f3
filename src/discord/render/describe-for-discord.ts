import { describeError } from "../../core/errors/describe-error.ts";
import type { ImagineError } from "../../core/errors/errors.ts";

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/**
 * The core's sentence, decorated for Discord: allowed channels and roles are named with
 * `<#id>` / `<@&id>`, which Discord shows as names. Every message goes out with
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
  return describeError(error, "discord");
}
