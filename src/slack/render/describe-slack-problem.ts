/** Why a Slack call failed: a reason a person can read, and for the log what the operator should fix. */
export interface SlackProblem {
  /** Completes "I can't answer here: …" or "could not be posted here: …"; no final period. */
  readonly reason: string;
  readonly fix?: string;
}

const notMember: SlackProblem = {
  reason: "I'm not a member of this channel (invite me with /invite, then ask again)",
  fix: "invite the bot to the channel: it can only post where it is a member",
};
const badToken: SlackProblem = {
  reason: "Slack refused the bot's token (the bot's operator needs to check it)",
  fix: "check SLACK_BOT_TOKEN (a bot token, xoxb-…); reinstall the app if it was revoked",
};
const tooLarge: SlackProblem = { reason: "the file is larger than Slack accepts" };

const problems: Readonly<Record<string, SlackProblem>> = {
  not_in_channel: notMember,
  channel_not_found: notMember,
  is_archived: { reason: "this channel is archived" },
  missing_scope: {
    reason: "the bot is missing a Slack permission (the bot's operator needs to reinstall it)",
    fix: "reinstall the app from slack/manifest.yml: files.uploadV2 needs files:write and files:read",
  },
  not_allowed_token_type: badToken,
  invalid_auth: badToken,
  token_revoked: badToken,
  account_inactive: badToken,
  file_too_large: tooLarge,
  http_413: tooLarge,
  ratelimited: { reason: "Slack is limiting how fast I may post (try again in a minute)" },
  restricted_action: { reason: "this workspace does not let bots post here" },
};

/** The words for a failed Slack call, from the code `readSlackErrorCode` gives. */
export function describeSlackProblem(code: string): SlackProblem {
  const known = problems[code];
  if (known) return known;
  if (code.includes("too_large")) return tooLarge;
  if (/^http_5\d\d$/.test(code) || code === "request_failed") {
    return { reason: "Slack failed on its side (try again in a minute)" };
  }
  return { reason: "Slack did not accept the message" };
}
