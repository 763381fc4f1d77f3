import { describeError } from "../../core/errors/describe-error.ts";
import type { ImagineError } from "../../core/errors/errors.ts";

/**
 * The core's sentence for an error, decorated for Slack: a channel refusal names the channels
 * that are allowed as `<#C…>` links, which Slack renders as names without notifying anyone.
 * (User groups are not named: `<!subteam^…>` would ping every member.)
 */
export function describeForSlack(error: ImagineError): string {
  const sentence = describeError(error, "slack");
  const allowed = error.context.allowedIds ?? [];
  if (error.code !== "not_allowed_channel" || allowed.length === 0) return sentence;
  return `${sentence} Try ${allowed.map((id) => `<#${id}>`).join(", ")}.`;
}
