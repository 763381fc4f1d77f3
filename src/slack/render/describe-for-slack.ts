import type { ImagineError } from "../../core/errors/errors.ts";
import { describeCommonError, isCommonErrorCode } from "../../core/errors/describe-common-error.ts";
import type { Messages } from "../../core/i18n/messages.ts";

const slackWords = { platform: "slack" } as const;

/** The plain sentence a Slack member reads for an error; Slack's words: user groups, workspaces. */
function describe(error: ImagineError, messages: Messages): string {
  const { code, context } = error;
  if (isCommonErrorCode(code)) return describeCommonError(code, context, slackWords, messages);
  // What is left is Slack's to word: a code the core adds fails the type check here until it is.
  switch (code) {
    case "not_allowed_role":
      return messages.t(context.deniedIds ? "slack:errors.groupDenied" : "slack:errors.notInGroup");
  }
}

/**
 * The sentence for an error on Slack, from its code and context, in `messages`' language. A
 * channel refusal names the channels that are allowed as `<#C…>` links, which Slack renders as
 * names without notifying anyone. (User groups are not named: `<!subteam^…>` would ping every member.)
 */
export function describeForSlack(error: ImagineError, messages: Messages): string {
  const sentence = describe(error, messages);
  const allowed = error.context.allowedIds ?? [];
  if (error.code !== "not_allowed_channel" || allowed.length === 0) return sentence;
  return messages.t("slack:errors.tryChannels", {
    sentence,
    channels: allowed.map((id) => `<#${id}>`).join(", "),
  });
}
