import type { MessageKey } from "../../core/i18n/messages.ts";

/** A sentence's end that says what went wrong on Slack's side. */
type ProblemKey = Extract<MessageKey, `slack:problems.${string}`>;

/** Why a Slack call failed: a reason a person can read, and for the log what the operator should fix. */
export interface SlackProblem {
  /** Completes "I can't answer here: …" or "could not be posted here: …"; no final period. */
  readonly reason: ProblemKey;
  /** For the log, in English. */
  readonly fix?: string;
}

const notMember: SlackProblem = {
  reason: "slack:problems.notMember",
  fix: "invite the bot to the channel: it can only post where it is a member",
};
const badToken: SlackProblem = {
  reason: "slack:problems.badToken",
  fix: "check SLACK_BOT_TOKEN (a bot token, xoxb-…); reinstall the app if it was revoked",
};
const tooLarge: SlackProblem = { reason: "slack:problems.tooLarge" };

const problems: Readonly<Record<string, SlackProblem>> = {
  not_in_channel: notMember,
  channel_not_found: notMember,
  is_archived: { reason: "slack:problems.archived" },
  missing_scope: {
    reason: "slack:problems.missingScope",
    fix: "reinstall the app from slack/manifest.yml: files.uploadV2 needs files:write and files:read",
  },
  not_allowed_token_type: badToken,
  invalid_auth: badToken,
  token_revoked: badToken,
  account_inactive: badToken,
  file_too_large: tooLarge,
  http_413: tooLarge,
  ratelimited: { reason: "slack:problems.rateLimited" },
  restricted_action: { reason: "slack:problems.restricted" },
};

/** The words for a failed Slack call, from the code `readSlackErrorCode` gives. */
export function describeSlackProblem(code: string): SlackProblem {
  const known = problems[code];
  if (known) return known;
  if (code.includes("too_large")) return tooLarge;
  if (/^http_5\d\d$/.test(code) || code === "request_failed") return { reason: "slack:problems.slackFailed" };
  return { reason: "slack:problems.notAccepted" };
}
