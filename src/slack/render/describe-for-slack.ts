import type { ImagineError } from "../../core/errors/errors.ts";
import { describeCommonError, isCommonErrorCode } from "../../core/errors/describe-common-error.ts";

const slackWords = { place: "workspace" } as const;

/** The plain sentence a Slack member reads for an error; Slack's words: user groups, workspaces. */
function describe(error: ImagineError): string {
  const { code, context } = error;
  if (isCommonErrorCode(code)) return describeCommonError(code, context, slackWords);
  // What is left is Slack's to word: a code the core adds fails the type check here until it is.
  switch (code) {
    case "not_allowed_role":
      return context.deniedIds
        ? "One of your user groups may not make images here."
        : "You are not in a user group that may make images here.";
  }
}

/**
 * The sentence for an error on Slack, from its code and context. A channel refusal names the
 * channels that are allowed as `<#C…>` links, which Slack renders as names without notifying
 * anyone. (User groups are not named: `<!subteam^…>` would ping every member.)
 */
export function describeForSlack(error: ImagineError): string {
  const sentence = describe(error);
  const allowed = error.context.allowedIds ?? [];
  if (error.code !== "not_allowed_channel" || allowed.length === 0) return sentence;
  return `${sentence} Try ${allowed.map((id) => `<#${id}>`).join(", ")}.`;
}
